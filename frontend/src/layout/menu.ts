import type { Component } from 'vue'
import { Document, HomeFilled, User } from '@element-plus/icons-vue'
import { ALL_ROLES, type Role } from '@/auth/roles'

interface MenuLeafBase {
  title: string
  icon: Component
  /** Shown when the user holds any of these roles. */
  roles: readonly Role[]
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

/** The side menu. Add an entry here together with its route when a feature lands. */
export const MENU: readonly MenuEntry[] = [
  { title: '首页', icon: HomeFilled, path: '/', roles: ALL_ROLES },
  { title: '我的账户', icon: User, path: '/account', roles: ALL_ROLES },
  { title: '接口文档', icon: Document, href: '/api/docs', roles: ['sysadmin'] },
]

export const isGroup = (entry: MenuEntry): entry is MenuGroup => 'children' in entry

/** The el-menu index of an entry: its target, which also makes the active item follow the route. */
export function menuIndex(entry: MenuEntry): string {
  if (isGroup(entry)) return `group:${entry.title}`
  return 'href' in entry ? entry.href : entry.path
}

/** The entries a user holding `held` may see, with empty groups dropped. */
export function visibleMenu(entries: readonly MenuEntry[], held: ReadonlySet<Role>): MenuEntry[] {
  const allowed = (leaf: MenuLeaf) => leaf.roles.some((role) => held.has(role))
  return entries.flatMap((entry): MenuEntry[] => {
    if (!isGroup(entry)) return allowed(entry) ? [entry] : []
    const children = entry.children.filter(allowed)
    return children.length > 0 ? [{ ...entry, children }] : []
  })
}
