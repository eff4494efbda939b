// 网络学习学时对接 (issue 8): the e-learning platforms and their API keys (系统管理员), the records they push,
// the 未匹配 queue and the reconciliation (省学时办). Labels, the list filters, the texts of the decisions and
// what a platform is handed with its key. Who sees what mirrors the server's grants
// (api/src/auth/permissions.rs): the server enforces them anyway; these only decide which pages are shown.
import type { components, paths } from '@/api/schema'
import type { TagType } from '@/views/claims/labels'
import { formatHours } from '@/views/claims/labels'
import { formatDateTime } from '@/utils/format'

type Schemas = components['schemas']
export type SyncClient = Schemas['ClientView']
export type SyncKey = Schemas['KeyView']
export type IssuedKey = Schemas['IssuedKey']
/**
 * A record as the API returns it, taken from the operation rather than by its schema name: the sync and the
 * class records' schemas share the names `RecordView` / `RecordPage` in openapi.json (to be renamed on the
 * API side), which a rename must not break here.
 */
export type OnlineRecord =
  paths['/api/v1/sync/records/{id}/match']['post']['responses'][200]['content']['application/json']
export type Reconciliation = Schemas['Reconciliation']
export type ReconcileRow = Schemas['ReconcileRow']
export type RecordQuery = NonNullable<paths['/api/v1/sync/records']['get']['parameters']['query']>
export type ReconcileQuery = paths['/api/v1/sync/reconciliation']['get']['parameters']['query']

/** 对接平台: the system administrator registers platforms and issues, rotates and revokes their keys. */
export const SYNC_CLIENT_ROLES = ['sysadmin'] as const

/** 网络学习: 省学时办 sees the records, works the 未匹配 queue and reconciles. */
export const SYNC_RECORD_ROLES = ['province'] as const

// --- keys -------------------------------------------------------------------------------------------

/** The API sends a key's `status` as text; these are the ones it names. */
export type KeyStatus = 'active' | 'expiring' | 'expired' | 'revoked'

export const KEY_STATUSES: readonly { value: KeyStatus; label: string; tag: TagType }[] = [
  { value: 'active', label: '使用中', tag: 'success' },
  { value: 'expiring', label: '轮换中（到期停用）', tag: 'warning' },
  { value: 'expired', label: '已过期', tag: 'info' },
  { value: 'revoked', label: '已吊销', tag: 'danger' },
]

export const keyStatusLabel = (status: string): string => KEY_STATUSES.find((s) => s.value === status)?.label ?? status
export const keyStatusTag = (status: string): TagType => KEY_STATUSES.find((s) => s.value === status)?.tag ?? 'info'

/** Whether calls with the key are still accepted (in use, or in a rotation's overlap). */
export const keyUsable = (key: Pick<SyncKey, 'status'>): boolean => key.status === 'active' || key.status === 'expiring'

/** How many of the platform's keys still work. */
export const usableKeys = (client: Pick<SyncClient, 'keys'>): number => client.keys.filter(keyUsable).length

/** 新旧密钥并用时间 in hours: the API accepts 0–720 and assumes 24. */
export const OVERLAP_MIN = 0
export const OVERLAP_MAX = 720
export const OVERLAP_DEFAULT = 24

/** When the keys in use stop working if a new key is issued `now` with `hours` of overlap. */
export const overlapEnd = (hours: number, now: Date = new Date()): Date => new Date(now.getTime() + hours * 3_600_000)

/** The line under the overlap field: what happens to the keys in use. */
export function overlapHint(hours: number | null | undefined, now: Date = new Date()): string {
  if (hours == null || !Number.isInteger(hours) || hours < OVERLAP_MIN || hours > OVERLAP_MAX)
    return `请填写 ${OVERLAP_MIN}–${OVERLAP_MAX} 之间的整数`
  if (hours === 0) return '现有密钥立即停用，平台须马上改用新密钥'
  return `现有密钥继续可用 ${hours} 小时，至 ${formatDateTime(overlapEnd(hours, now).toISOString())} 自动停用`
}

/** Where the platform sends its records (and reads them back), on this server. */
export const pushUrl = (origin: string, clientId: string): string =>
  `${origin}/api/v1/sync/platforms/${clientId}/records`
export const holdingsUrl = (origin: string, clientId: string): string =>
  `${origin}/api/v1/sync/platforms/${clientId}/holdings`

/** Everything the platform's technicians need, to copy in one go and hand over by a safe channel. */
export function handoverText(
  issued: Pick<IssuedKey, 'api_key'> & { client: Pick<SyncClient, 'id' | 'name'> },
  origin: string,
): string {
  return [
    `平台名称：${issued.client.name}`,
    `平台 ID：${issued.client.id}`,
    `API 密钥：${issued.api_key}`,
    `推送完成记录：POST ${pushUrl(origin, issued.client.id)}`,
    `回读已登记记录：GET ${holdingsUrl(origin, issued.client.id)}?id_number=身份证号&year=年度`,
    '调用时在请求头中携带：Authorization: Bearer <API 密钥>',
    `接口文档：${origin}/api/docs`,
  ].join('\n')
}

// --- records ----------------------------------------------------------------------------------------

/** The API sends a record's `state` as text; these are the ones it names. */
export type RecordState = 'synced' | 'unmatched' | 'revoked' | 'dismissed'

export const RECORD_STATES: readonly { value: RecordState; label: string; tag: TagType }[] = [
  { value: 'synced', label: '已计入', tag: 'success' },
  { value: 'unmatched', label: '未匹配', tag: 'warning' },
  { value: 'revoked', label: '已撤销', tag: 'danger' },
  { value: 'dismissed', label: '不予登记', tag: 'info' },
]

export const recordStateTag = (state: string): TagType => RECORD_STATES.find((s) => s.value === state)?.tag ?? 'info'

/** 人工匹配 only helps a name mismatch: a record of an unknown 身份证号 has nobody to count for. */
export const canMatch = (r: Pick<OnlineRecord, 'state' | 'reason_code'>): boolean =>
  r.state === 'unmatched' && r.reason_code === 'name_mismatch'
export const canDismiss = (r: Pick<OnlineRecord, 'state'>): boolean => r.state === 'unmatched'
export const canRevoke = (r: Pick<OnlineRecord, 'state'>): boolean => r.state === 'synced'

/** The name we hold for the 身份证号 when the platform's differs, else null. */
export const ourName = (r: Pick<OnlineRecord, 'name' | 'person_name'>): string | null =>
  r.person_name && r.person_name !== r.name ? r.person_name : null

export type Decision = 'match' | 'dismiss' | 'revoke'

/** The decisions open on a record, in the order of their buttons. */
export const recordActions = (r: Pick<OnlineRecord, 'state' | 'reason_code'>): Decision[] =>
  (['match', 'dismiss', 'revoke'] as const).filter((d) =>
    d === 'match' ? canMatch(r) : d === 'dismiss' ? canDismiss(r) : canRevoke(r),
  )

/** Each decision's button in a list (`action`), its dialog and what is said once it is done. */
export const DECISIONS: Record<
  Decision,
  { action: string; title: string; confirm: string; type: 'primary' | 'danger'; placeholder: string; done: string }
> = {
  match: {
    action: '人工匹配',
    title: '人工匹配',
    confirm: '确认匹配',
    type: 'primary',
    placeholder: '例如：经电话核实为同一人，平台登记的姓名有误',
    done: '已匹配，学时已计入',
  },
  dismiss: {
    action: '不予登记',
    title: '不予登记',
    confirm: '不予登记',
    type: 'danger',
    placeholder: '例如：经核实该人员不属于本省住房和城乡建设行业专业技术人员',
    done: '已处理为不予登记',
  },
  revoke: {
    action: '撤销',
    title: '撤销记录',
    confirm: '确认撤销',
    type: 'danger',
    placeholder: '例如：平台反馈该课程的完成记录有误',
    done: '已撤销，学时不再计入',
  },
}

/** What a decision does to the record, said before it is confirmed. */
export function decisionText(
  decision: Decision,
  r: Pick<
    OnlineRecord,
    'name' | 'person_name' | 'id_number_masked' | 'course_name' | 'hours' | 'year' | 'category_label'
  >,
): string {
  const hours = `${formatHours(r.hours)} 学时`
  if (decision === 'match')
    return `平台报送的姓名「${r.name}」与系统中该身份证号（${r.id_number_masked}）的人员「${r.person_name ?? '—'}」不一致。确认是同一人后，《${r.course_name}》的 ${hours}计入其 ${r.year} 年度${r.category_label}，本人会收到通知。`
  if (decision === 'dismiss')
    return `「${r.name}」（${r.id_number_masked}）的《${r.course_name}》${hours}将不予登记：不计入任何人的学时，平台再次推送也不再计入。`
  return `撤销后「${r.name}」的《${r.course_name}》${hours}不再计入其 ${r.year} 年度学时，本人会收到通知并看到撤销理由。撤销不可恢复。`
}

export interface RecordFilters {
  /** A platform's id, or '' for every platform. */
  client_id: string
  /** e.g. '2026'; '' for every year. */
  year: string
  /** 全部记录 only: a state, or '' for all. */
  state: string
  /** Part of the name or course name, or a whole 身份证号. */
  q: string
}

export const emptyRecordFilters = (): RecordFilters => ({ client_id: '', year: '', state: '', q: '' })

const isState = (value: string): value is RecordState => RECORD_STATES.some((s) => s.value === value)

/** The API's query for the filters: the queue asks for 未匹配 only; blank or malformed filters are left out. */
export function recordQuery(filters: RecordFilters, queue: boolean): RecordQuery {
  const query: RecordQuery = {}
  if (filters.client_id) query.client_id = filters.client_id
  const year = Number(filters.year)
  if (filters.year && Number.isInteger(year)) query.year = year
  if (queue) query.state = 'unmatched'
  else if (isState(filters.state)) query.state = filters.state
  if (filters.q.trim()) query.q = filters.q.trim()
  return query
}

// --- reconciliation ---------------------------------------------------------------------------------

/** The records behind a difference that do not count, e.g. 「未匹配 1 条，已撤销 2 条」. */
export function notCounted(row: Pick<ReconcileRow, 'unmatched' | 'revoked' | 'dismissed'>): string {
  const parts = [
    row.unmatched > 0 ? `未匹配 ${row.unmatched} 条` : '',
    row.revoked > 0 ? `已撤销 ${row.revoked} 条` : '',
    row.dismissed > 0 ? `不予登记 ${row.dismissed} 条` : '',
  ].filter(Boolean)
  return parts.length > 0 ? parts.join('，') : '—'
}

/** The difference as shown: received minus registered, with its sign (+2.5). */
export const differenceText = (difference: number): string =>
  difference > 0 ? `+${formatHours(difference)}` : formatHours(difference)
