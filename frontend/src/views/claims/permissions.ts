// Who sees the claim pages, mirroring the server's grants (api/src/auth/permissions.rs): the server
// enforces them anyway; these only decide which pages and menu entries are worth showing.

/** 我的申报: persons claim their own hours. */
export const CLAIMANT_ROLES = ['person'] as const
/** 申报查询: 省学时办 everywhere, unit admins in their subtree (the server's 申报查看 grant). */
export const CLAIM_VIEWER_ROLES = ['province', 'unit_admin'] as const
/** 途径规则 and 年度学时要求: the system administrator. */
export const RULE_MANAGER_ROLES = ['sysadmin'] as const
