import type { RouteRecordRaw } from 'vue-router'
import { UNIT_VIEWER_ROLES, type Role } from '@/auth/roles'
import AppLayout from '@/layout/AppLayout.vue'
import {
  CLAIM_VIEWER_ROLES,
  CLAIMANT_ROLES,
  REVIEWER_ROLES,
  RULE_MANAGER_ROLES,
  STANDING_ROLES,
} from '@/views/claims/permissions'
import { AUDIT_ROLES, PERSON_MANAGER_ROLES, PERSON_VIEWER_ROLES } from '@/views/persons/permissions'
import { CERTIFICATE_ADMIN_ROLES } from '@/views/certificates/certificates'
import { CLASS_ROLES } from '@/views/classes/classes'
import { SYNC_CLIENT_ROLES, SYNC_RECORD_ROLES } from '@/views/sync/sync'

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
    // 证明验证: opened by anyone, mostly from a certificate's QR code (/verify/<number>?t=<token>), outside the shell.
    path: '/verify/:number?',
    name: 'verify',
    component: () => import('@/views/certificates/VerifyView.vue'),
    meta: { public: true, title: '学时登记证明验证' },
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
        path: 'claims',
        name: 'claims',
        component: () => import('@/views/claims/ClaimListView.vue'),
        meta: { title: '我的申报', roles: CLAIMANT_ROLES },
      },
      {
        path: 'claims/new',
        name: 'claim-new',
        component: () => import('@/views/claims/ClaimFormView.vue'),
        meta: { title: '新建申报', roles: CLAIMANT_ROLES },
      },
      {
        // Static segments outrank `:id`, so /claims/review is never read as a claim id.
        path: 'claims/review',
        name: 'review-claims',
        component: () => import('@/views/claims/ClaimListView.vue'),
        meta: { title: '申报查询', roles: CLAIM_VIEWER_ROLES },
      },
      {
        path: 'claims/review/:id',
        name: 'review-claim',
        component: () => import('@/views/claims/ClaimDetailView.vue'),
        meta: { title: '申报详情', roles: CLAIM_VIEWER_ROLES },
      },
      {
        path: 'claims/:id',
        name: 'claim',
        component: () => import('@/views/claims/ClaimDetailView.vue'),
        meta: { title: '申报详情', roles: CLAIMANT_ROLES },
      },
      {
        path: 'claims/:id/edit',
        name: 'claim-edit',
        component: () => import('@/views/claims/ClaimFormView.vue'),
        meta: { title: '修改申报', roles: CLAIMANT_ROLES },
      },
      {
        path: 'review',
        name: 'review',
        component: () => import('@/views/review/ReviewQueueView.vue'),
        meta: { title: '待我审核', roles: REVIEWER_ROLES },
      },
      {
        path: 'standing',
        name: 'standing',
        component: () => import('@/views/standing/MyStandingView.vue'),
        meta: { title: '我的学时', roles: STANDING_ROLES },
      },
      {
        path: 'standings',
        name: 'standings',
        component: () => import('@/views/standing/StandingsView.vue'),
        meta: { title: '学时达标情况', roles: REVIEWER_ROLES },
      },
      {
        path: 'certificates',
        name: 'certificates',
        component: () => import('@/views/certificates/CertificatesView.vue'),
        meta: { title: '证明管理', roles: CERTIFICATE_ADMIN_ROLES },
      },
      {
        path: 'classes',
        name: 'classes',
        component: () => import('@/views/classes/ClassListView.vue'),
        meta: { title: '培训班', roles: CLASS_ROLES },
      },
      {
        path: 'classes/new',
        name: 'class-new',
        component: () => import('@/views/classes/ClassFormView.vue'),
        meta: { title: '申请统一认定', roles: ['organiser'] },
      },
      {
        path: 'classes/:id',
        name: 'class',
        component: () => import('@/views/classes/ClassDetailView.vue'),
        meta: { title: '培训班详情', roles: CLASS_ROLES },
      },
      {
        path: 'classes/:id/edit',
        name: 'class-edit',
        component: () => import('@/views/classes/ClassFormView.vue'),
        meta: { title: '修改培训班申请', roles: ['organiser'] },
      },
      {
        // 网络学习: one page whose tabs are routes, so a reload or a link opens the same tab and filters.
        path: 'sync/records',
        name: 'sync-unmatched',
        component: () => import('@/views/sync/SyncRecordsView.vue'),
        meta: { title: '网络学习', roles: SYNC_RECORD_ROLES },
      },
      {
        path: 'sync/records/all',
        name: 'sync-records',
        component: () => import('@/views/sync/SyncRecordsView.vue'),
        meta: { title: '网络学习', roles: SYNC_RECORD_ROLES },
      },
      {
        path: 'sync/records/reconciliation',
        name: 'sync-reconciliation',
        component: () => import('@/views/sync/SyncRecordsView.vue'),
        meta: { title: '网络学习', roles: SYNC_RECORD_ROLES },
      },
      {
        path: 'sync/clients',
        name: 'sync-clients',
        component: () => import('@/views/sync/SyncClientsView.vue'),
        meta: { title: '对接平台', roles: SYNC_CLIENT_ROLES },
      },
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
        path: 'rules',
        name: 'rules',
        component: () => import('@/views/rules/RulesView.vue'),
        meta: { title: '途径规则', roles: RULE_MANAGER_ROLES },
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
