// Chinese labels for what the audit log records. Unknown actions and keys fall back to the raw text.

export const ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.login_refused': '拒绝登录',
  'auth.logout': '退出登录',
  'auth.password_changed': '修改密码',
  'auth.refresh_reused': '刷新令牌被重复使用',
  'account.created': '创建账号',
  'account.created_by_cli': '命令行创建账号',
  'account.password_reset': '重置密码',
  'account.disabled': '停用账号',
  'account.enabled': '启用账号',
  'unit.created': '新增单位',
  'unit.updated': '修改单位',
  'unit.activated': '启用单位',
  'unit.deactivated': '停用单位',
  'person.created': '新增人员',
  'person.registered': '个人注册',
  'person.updated': '修改人员信息',
  'person.affiliation_confirmed': '确认单位关系',
  'person.affiliation_rejected': '不予确认单位关系',
  'person.imported': '批量导入人员',
  'person.exported': '导出人员',
  'transfer.started': '发起调动',
  'transfer.completed': '完成调动',
  'transfer.cancelled': '撤销调动',
  'title.created': '新增职称',
  'title.updated': '修改职称',
  'demo.seeded': '生成演示数据',
}

/** Prefix filters (the API matches every action starting with one). */
export const ACTION_GROUPS: Record<string, string> = {
  'auth.': '登录与会话',
  'account.': '账号',
  'unit.': '单位',
  'person.': '人员',
  'transfer.': '调动',
  'title.': '职称字典',
}

export const actionLabel = (action: string) => ACTION_LABELS[action] ?? action

export const ENTITY_TYPES: Record<string, string> = {
  user: '账号',
  person: '人员',
  unit: '单位',
  transfer: '调动',
  title: '职称',
  import: '导入',
  system: '系统',
}

export const entityLabel = (type: string) => ENTITY_TYPES[type] ?? type

export const ROLE_LABELS: Record<string, string> = {
  sysadmin: '系统管理员',
  province: '省学时办',
  unit_admin: '单位管理员',
  organiser: '培训单位',
  person: '专业技术人员',
}

export const roleLabel = (role: string | null | undefined) => (role ? (ROLE_LABELS[role] ?? role) : '—')

export const FIELD_LABELS: Record<string, string> = {
  id_number: '身份证号',
  name: '姓名',
  gender: '性别',
  phone: '手机号',
  unit_id: '单位',
  title_series: '职称系列',
  title_level: '职称级别',
  title_name: '职称',
  is_provincial: '是否省属',
  affiliation: '单位确认状态',
  reason: '原因',
  username: '用户名',
  display_name: '姓名',
  role: '角色',
  status: '状态',
  action: '操作',
  from: '调出单位',
  to: '调入单位',
  person: '人员',
  code: '单位代码',
  tier: '层级',
  parent_id: '上级单位',
  address: '地址',
  contact_name: '联系人',
  contact_phone: '联系电话',
  second_confirms: '二级确认三级认定',
  active: '启用',
  disabled: '停用',
  series: '专业系列',
  level: '级别',
}

/** Suggestions for the action filter: groups first, then every known action, matching code or label. */
export function actionSuggestions(query: string): { value: string; label: string }[] {
  const q = query.trim().toLowerCase()
  const all = [
    ...Object.entries(ACTION_GROUPS).map(([value, label]) => ({ value, label: `${label}（全部）` })),
    ...Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label })),
  ]
  return q ? all.filter((s) => s.value.toLowerCase().includes(q) || s.label.includes(query.trim())) : all
}
