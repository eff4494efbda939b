import type { components } from '@/api/schema'

export type Me = components['schemas']['Me']
export type RoleBinding = components['schemas']['RoleBinding']
export type Role = RoleBinding['role']
export type UnitTier = NonNullable<RoleBinding['unit_tier']>

// `satisfies` makes the compiler flag this list when the API adds a role.
const roles = {
  sysadmin: true,
  province: true,
  unit_admin: true,
  organiser: true,
  person: true,
} satisfies Record<Role, true>

export const ALL_ROLES = Object.keys(roles) as Role[]

/** Roles that see the unit tree (the server grants 单位查看 to exactly these). */
export const UNIT_VIEWER_ROLES: readonly Role[] = ['province', 'sysadmin', 'unit_admin']

export const TIER_LABELS: Record<UnitTier, string> = {
  province: '省学时办',
  second: '二级单位',
  third: '三级单位',
}

export function tierLabel(tier: UnitTier | null | undefined): string {
  return tier ? TIER_LABELS[tier] : '—'
}

export function heldRoles(me: Pick<Me, 'roles'> | null): Set<Role> {
  return new Set(me?.roles.map((binding) => binding.role))
}

export function hasAnyRole(me: Pick<Me, 'roles'> | null, wanted: readonly Role[]): boolean {
  const held = heldRoles(me)
  return wanted.some((role) => held.has(role))
}
