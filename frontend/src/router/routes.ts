import type { RouteRecordRaw } from 'vue-router'
import { UNIT_VIEWER_ROLES, type Role } from '@/auth/roles'
import AppLayout from '@/layout/AppLayout.vue'
import { AUDIT_ROLES, PERSON_MANAGER_ROLES, PERSON_VIEWER_ROLES } from '@/views/persons/permissions'

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
    path: '/register',
    name: 'register',
    component: () => import('@/views/register/RegisterView.vue'),
    meta: { public: true, title: '个人注册' },
  },
  {
    // A clean page outside the shell: nothing else works until the activation code is replaced.
    path: '/first-login',
    name: 'first-login',
    component: () => import('@/views/FirstLoginView.vue'),
    meta: { title: '设置新密码' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: '首页' } },
      {
        path: 'units',
        name: 'units',
        component: () => import('@/views/units/UnitsView.vue'),
        meta: { title: '单位管理', roles: UNIT_VIEWER_ROLES },
      },
      {
        path: 'persons',
        name: 'persons',
        component: () => import('@/views/persons/PersonsView.vue'),
        meta: { title: '人员管理', roles: PERSON_VIEWER_ROLES },
      },
      {
        path: 'persons/:id',
        name: 'person',
        component: () => import('@/views/persons/PersonDetailView.vue'),
        meta: { title: '人员详情', roles: PERSON_VIEWER_ROLES },
      },
      {
        path: 'affiliations',
        name: 'affiliations',
        component: () => import('@/views/todo/AffiliationsView.vue'),
        meta: { title: '单位关系确认', roles: PERSON_MANAGER_ROLES },
      },
      {
        path: 'transfers',
        name: 'transfers',
        component: () => import('@/views/todo/TransfersView.vue'),
        meta: { title: '人员调动', roles: PERSON_MANAGER_ROLES },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/AuditView.vue'),
        meta: { title: '审计日志', roles: AUDIT_ROLES },
      },
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
