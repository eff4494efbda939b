// Who sees the claim pages, mirroring the server's grants (api/src/auth/permissions.rs): the server
// enforces them anyway; these only decide which pages and menu entries are worth showing.

/** 我的申报: persons claim their own hours. */
export const CLAIMANT_ROLES = ['person'] as const
/** 申报查询: 省学时办 everywhere, unit admins in their subtree (the server's 申报查看 grant). */
export const CLAIM_VIEWER_ROLES = ['province', 'unit_admin'] as const
/** 途径规则 and 年度学时要求: the system administrator. */
export const RULE_MANAGER_ROLES = ['sysadmin'] as const
/** 待我审核 and 学时达标情况: the reviewers of the chain (unit admins and 省学时办). */
export const REVIEWER_ROLES = ['province', 'unit_admin'] as const
/** 我的学时: persons. */
export const STANDING_ROLES = CLAIMANT_ROLES
