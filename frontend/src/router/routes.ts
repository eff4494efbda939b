import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/auth/roles'
import AppLayout from '@/layout/AppLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** Page title, also shown in the browser tab. */
    title?: string
    /** Restricts the page to these roles; omitted means every signed-in user. */
    roles?: readonly Role[]
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { public: true, title: '登录' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: '首页' } },
      {
        path: 'account',
        name: 'account',
        component: () => import('@/views/AccountView.vue'),
        meta: { title: '我的账户' },
      },
    ],
  },
  { path: '/:unknown(.*)*', redirect: '/' },
]
