// What the person pages offer, mirroring the server's grants (api/src/auth/permissions.rs):
// the server enforces them anyway; these only decide which pages and buttons are worth showing.
import type { Me } from '@/auth/roles'

type Holder = Pick<Me, 'roles'> | null

const has = (me: Holder, test: (b: Me['roles'][number]) => boolean) => (me?.roles ?? []).some(test)
const isUnitAdmin = (me: Holder) => has(me, (b) => b.role === 'unit_admin')

/** 人员管理: unit admins (their subtree) and 省学时办 (read-only, everywhere). */
export const canViewPersons = (me: Holder) => isUnitAdmin(me) || has(me, (b) => b.role === 'province')

/** 新增, 编辑, 导入, 确认单位关系, 调动, 开通账号: the unit admins. */
export const canManagePersons = isUnitAdmin

/** 导出: whoever sees the list. */
export const canExportPersons = canViewPersons

/** Route and menu roles (the pages check the finer grants above). */
export const PERSON_VIEWER_ROLES = ['unit_admin', 'province'] as const
export const PERSON_MANAGER_ROLES = ['unit_admin'] as const
/** 审计日志: 省学时办, 系统管理员 and 二级 admins (the menu narrows unit admins to 二级). */
export const AUDIT_ROLES = ['province', 'sysadmin', 'unit_admin'] as const
