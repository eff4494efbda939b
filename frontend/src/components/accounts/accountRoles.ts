// Which administrator accounts a user may issue, mirroring the server's grants
// (api/src/auth/permissions.rs AdminAccountManage, api/src/auth/accounts.rs binding_fits).
import type { Me, Role, UnitTier } from '@/auth/roles'

type Holder = Pick<Me, 'roles'> | null

export interface RoleOption {
  value: Role
  label: string
}

/**
 * 新增账号 on a unit: 省学时办 and the system administrator anywhere, a 二级 admin within their
 * subtree (every unit they can open is in it). 三级 admins issue no administrator accounts.
 */
export function canIssueAccounts(me: Holder): boolean {
  return (me?.roles ?? []).some(
    (b) => b.role === 'province' || b.role === 'sysadmin' || (b.role === 'unit_admin' && b.unit_tier === 'second'),
  )
}

/** The roles an account bound to a unit of `tier` may take (none for a missing unit but 系统管理员). */
export function roleOptions(me: Holder, tier: UnitTier | null): RoleOption[] {
  const isSysadmin = (me?.roles ?? []).some((b) => b.role === 'sysadmin')
  switch (tier) {
    case 'province':
      return [{ value: 'province', label: '省学时办审核员' }]
    case 'second':
    case 'third':
      return [
        { value: 'unit_admin', label: tier === 'second' ? '二级单位管理员' : '三级单位管理员' },
        { value: 'organiser', label: '培训单位' },
      ]
    default:
      return isSysadmin ? [{ value: 'sysadmin', label: '系统管理员' }] : []
  }
}

/** The server's rule for usernames: 3–32 of a–z, 0–9, `_ . -`, with at least one letter. */
export const USERNAME = /^(?=.*[a-z])[a-z0-9_.-]{3,32}$/
