import type { Component } from 'vue'
import {
  Bell,
  Connection,
  DataAnalysis,
  Document,
  DocumentChecked,
  EditPen,
  Finished,
  HomeFilled,
  Medal,
  Monitor,
  OfficeBuilding,
  Position,
  Reading,
  SetUp,
  Stamp,
  Tickets,
  User,
  UserFilled,
} from '@element-plus/icons-vue'
import { ALL_ROLES, UNIT_VIEWER_ROLES, type Role, type RoleBinding } from '@/auth/roles'
import {
  CLAIM_VIEWER_ROLES,
  CLAIMANT_ROLES,
  REVIEWER_ROLES,
  RULE_MANAGER_ROLES,
  STANDING_ROLES,
} from '@/views/claims/permissions'
import { CERTIFICATE_ADMIN_ROLES } from '@/views/certificates/certificates'
import { CLASS_ROLES } from '@/views/classes/classes'
import { SYNC_CLIENT_ROLES, SYNC_RECORD_ROLES } from '@/views/sync/sync'
import { AUDIT_ROLES, PERSON_MANAGER_ROLES, PERSON_VIEWER_ROLES } from '@/views/persons/permissions'
import type { TodoKey } from '@/views/todo/counts'

interface MenuLeafBase {
  title: string
  icon: Component
  /** Shown when the user holds any of these roles. */
  roles: readonly Role[]
  /** Narrows a role further by its binding, e.g. unit admins of 二级 units only; checked only for the roles listed. */
  only?: Partial<Record<Role, (binding: RoleBinding) => boolean>>
  /** A 待办 count shown as a badge beside the title. */
  badge?: TodoKey
}

/** A page of this app, by route path. */
export interface MenuRoute extends MenuLeafBase {
  path: string
}

/** A page served by the backend outside the SPA, opened in a new tab. */
export interface MenuExternal extends MenuLeafBase {
  href: string
}

export type MenuLeaf = MenuRoute | MenuExternal

/** A collapsible section; shown only when at least one of its entries is. */
export interface MenuGroup {
  title: string
  icon: Component
  children: MenuLeaf[]
}

export type MenuEntry = MenuLeaf | MenuGroup

/**
 * The side menu. Add an entry here together with its route (same `roles` as the route's meta) when a
 * feature lands: business pages go between 首页 and 我的账户, in the order of the daily work.
 */
export const MENU: readonly MenuEntry[] = [
  { title: '首页', icon: HomeFilled, path: '/', roles: ALL_ROLES },
  { title: '我的申报', icon: EditPen, path: '/claims', roles: CLAIMANT_ROLES },
  { title: '我的学时', icon: Finished, path: '/standing', roles: STANDING_ROLES },
  { title: '单位管理', icon: OfficeBuilding, path: '/units', roles: UNIT_VIEWER_ROLES },
  { title: '人员管理', icon: UserFilled, path: '/persons', roles: PERSON_VIEWER_ROLES },
  { title: '单位关系确认', icon: Bell, path: '/affiliations', roles: PERSON_MANAGER_ROLES, badge: 'affiliations' },
  { title: '人员调动', icon: Position, path: '/transfers', roles: PERSON_MANAGER_ROLES, badge: 'transfers' },
  { title: '待我审核', icon: Stamp, path: '/review', roles: REVIEWER_ROLES, badge: 'review' },
  { title: '申报查询', icon: DocumentChecked, path: '/claims/review', roles: CLAIM_VIEWER_ROLES },
  { title: '培训班', icon: Reading, path: '/classes', roles: CLASS_ROLES },
  { title: '网络学习', icon: Monitor, path: '/sync/records', roles: SYNC_RECORD_ROLES },
  { title: '学时达标情况', icon: DataAnalysis, path: '/standings', roles: REVIEWER_ROLES },
  { title: '证明管理', icon: Medal, path: '/certificates', roles: CERTIFICATE_ADMIN_ROLES },
  { title: '途径规则', icon: SetUp, path: '/rules', roles: RULE_MANAGER_ROLES },
  { title: '对接平台', icon: Connection, path: '/sync/clients', roles: SYNC_CLIENT_ROLES },
  {
    title: '审计日志',
    icon: Tickets,
    path: '/audit',
    roles: AUDIT_ROLES,
    only: { unit_admin: (binding) => binding.unit_tier === 'second' },
  },
  { title: '我的账户', icon: User, path: '/account', roles: ALL_ROLES },
  { title: '接口文档', icon: Document, href: '/api/docs', roles: ['sysadmin'] },
]

export const isGroup = (entry: MenuEntry): entry is MenuGroup => 'children' in entry

/** The el-menu index of an entry: its target, which also makes the active item follow the route. */
export function menuIndex(entry: MenuEntry): string {
  if (isGroup(entry)) return `group:${entry.title}`
  return 'href' in entry ? entry.href : entry.path
}

/**
 * The entries a user holding `held` may see, with empty groups dropped. `bindings` (the user's role
 * bindings) decide the entries with an `only` rule; without them such a role does not count.
 */
export function visibleMenu(
  entries: readonly MenuEntry[],
  held: ReadonlySet<Role>,
  bindings: readonly RoleBinding[] = [],
): MenuEntry[] {
  const grants = (leaf: MenuLeaf, role: Role) => {
    const rule = leaf.only?.[role]
    return !rule || bindings.some((binding) => binding.role === role && rule(binding))
  }
  const allowed = (leaf: MenuLeaf) => leaf.roles.some((role) => held.has(role) && grants(leaf, role))
  return entries.flatMap((entry): MenuEntry[] => {
    if (!isGroup(entry)) return allowed(entry) ? [entry] : []
    const children = entry.children.filter(allowed)
    return children.length > 0 ? [{ ...entry, children }] : []
  })
}
