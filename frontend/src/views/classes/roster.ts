// 学员名单 (附件2): the preview of an uploaded roster as the class page shows it, its filters, and the
// lecture videos' labels. The preview is read defensively: an unknown row status counts as an error.
import type { components } from '@/api/schema'
import type { TagType } from '@/views/claims/labels'

type Schemas = components['schemas']
export type RosterPreview = Schemas['RosterPreview']
export type RosterRow = Schemas['RosterRow']
export type RosterCounts = Schemas['RosterCounts']
export type RosterResult = Schemas['RosterResult']
export type RosterRowStatus = RosterRow['status']
export type ClassRecord = Schemas['RecordPage']['items'][number]
export type Video = Schemas['Video']

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** The server refuses larger rosters. */
export const MAX_ROSTER_BYTES = 30 * 1024 * 1024

export const ROSTER_STATUSES: Record<RosterRowStatus, { label: string; tag: TagType; hint: string }> = {
  ok: { label: '可登记', tag: 'success', hint: '已在系统中的人员，确认后登记学时' },
  create: { label: '新建人员', tag: 'primary', hint: '系统中还没有的人员，确认后建立人员信息并登记学时' },
  unchanged: { label: '无变化', tag: 'info', hint: '与已登记的名单相同' },
  update: { label: '更新学时', tag: 'warning', hint: '已登记人员的学时有变化' },
  remove: { label: '移除', tag: 'danger', hint: '已登记但不在本名单中，确认后撤销其学时' },
  error: { label: '错误', tag: 'danger', hint: '须修改文件后重新上传' },
}

/** 全部, a row status, or 非省属 (a flag across statuses). */
export type RosterFilter = 'all' | RosterRowStatus | 'non_provincial'

export interface RosterFilterOption {
  value: RosterFilter
  label: string
  count: number
}

const STATUS_ORDER: readonly RosterRowStatus[] = ['error', 'create', 'ok', 'update', 'remove', 'unchanged']

/**
 * The filter buttons above the preview: 全部, 错误, then every status and 非省属 that occur. 全部 counts the
 * file's rows and, for a correction, the registered attendees missing from it (移除), listed too.
 */
export function rosterFilters(counts: RosterCounts): RosterFilterOption[] {
  const options: RosterFilterOption[] = [
    { value: 'all', label: '全部', count: counts.total + counts.remove },
    { value: 'error', label: ROSTER_STATUSES.error.label, count: counts.error },
  ]
  for (const status of STATUS_ORDER)
    if (status !== 'error' && counts[status] > 0)
      options.push({ value: status, label: ROSTER_STATUSES[status].label, count: counts[status] })
  if (counts.non_provincial > 0)
    options.push({ value: 'non_provincial', label: '非省属', count: counts.non_provincial })
  return options
}

export function filterRows(rows: readonly RosterRow[], filter: RosterFilter): RosterRow[] {
  if (filter === 'all') return [...rows]
  if (filter === 'non_provincial') return rows.filter((r) => r.non_provincial)
  return rows.filter((r) => r.status === filter)
}

/** Rows that a post would change: everything but errors and unchanged rows. */
export const actionable = (counts: RosterCounts): number => counts.ok + counts.create + counts.update + counts.remove

/** Why 确认登记 is not offered, or '' when it is. */
export function postBlocker(preview: Pick<RosterPreview, 'status' | 'summary'> | null): string {
  if (!preview) return '请先上传名单'
  if (preview.status !== 'previewed') return '该名单已处理'
  if (preview.summary.error > 0) return `还有 ${preview.summary.error} 行错误，请修改文件后重新上传`
  if (actionable(preview.summary) === 0) return '名单与已登记的相同，没有需要登记的变化'
  return ''
}

/** 「共 12 行：可登记 8，新建人员 3，错误 1；其中非省属 2」 */
export function countsText(counts: RosterCounts): string {
  const parts = STATUS_ORDER.filter((s) => counts[s] > 0).map((s) => `${ROSTER_STATUSES[s].label} ${counts[s]}`)
  const flag = counts.non_provincial > 0 ? `；其中非省属 ${counts.non_provincial}` : ''
  return `共 ${counts.total} 行${parts.length > 0 ? `：${parts.join('，')}` : ''}${flag}`
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const str = (v: unknown) => (typeof v === 'string' ? v : '')

function readCounts(raw: unknown, rows: readonly RosterRow[]): RosterCounts {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const counted = (status: RosterRowStatus) => rows.filter((row) => row.status === status).length
  const pick = (key: keyof RosterCounts, fallback: number) => num(r[key]) ?? fallback
  return {
    total: pick('total', rows.length),
    ok: pick('ok', counted('ok')),
    create: pick('create', counted('create')),
    unchanged: pick('unchanged', counted('unchanged')),
    update: pick('update', counted('update')),
    remove: pick('remove', counted('remove')),
    error: pick('error', counted('error')),
    non_provincial: pick('non_provincial', rows.filter((row) => row.non_provincial).length),
  }
}

/** The upload's answer (outside the typed client) as a preview, or null when it is not one. */
export function readRosterPreview(body: unknown): RosterPreview | null {
  if (typeof body !== 'object' || body === null) return null
  const b = body as Record<string, unknown>
  if (typeof b.id !== 'string' || !Array.isArray(b.rows)) return null
  const rows = b.rows.map((raw): RosterRow => {
    const r = (raw ?? {}) as Record<string, unknown>
    const status = typeof r.status === 'string' && r.status in ROSTER_STATUSES ? (r.status as RosterRowStatus) : 'error'
    return {
      row: num(r.row) ?? 0,
      name: str(r.name),
      id_number_masked: str(r.id_number_masked),
      hours: num(r.hours),
      status,
      non_provincial: r.non_provincial === true,
      message: str(r.message),
      columns: Array.isArray(r.columns) ? r.columns.map(str) : [],
    }
  })
  const status = ['previewed', 'posted', 'pending', 'rejected'].includes(str(b.status))
    ? (b.status as RosterPreview['status'])
    : 'previewed'
  return {
    id: b.id,
    class_id: str(b.class_id),
    status,
    correction: b.correction === true,
    summary: readCounts(b.summary, rows),
    rows,
    truncated: b.truncated === true,
    warnings: Array.isArray(b.warnings) ? b.warnings.filter((w): w is string => typeof w === 'string') : [],
  }
}

// --- 讲座视频 (D15) ----------------------------------------------------------------------------------

export const VIDEO_STATUSES: Record<Video['status'], { label: string; tag: TagType }> = {
  submitted: { label: '待审定', tag: 'primary' },
  adopted: { label: '已采纳', tag: 'success' },
  not_adopted: { label: '未采纳', tag: 'info' },
}

export const videoTag = (status: string): TagType => VIDEO_STATUSES[status as Video['status']]?.tag ?? 'info'

/** Video files the server takes: MP4, WebM or MOV, at most 500 MB. */
export const MAX_VIDEO_BYTES = 500 * 1024 * 1024
export const VIDEO_ACCEPT = '.mp4,.webm,.mov,video/mp4,video/webm,video/quicktime'
const VIDEO_EXTENSIONS = /\.(mp4|webm|mov)$/i

export function videoProblem(file: Pick<File, 'name' | 'size'>): string | null {
  if (!VIDEO_EXTENSIONS.test(file.name)) return `「${file.name}」不是 MP4、WebM 或 MOV 视频`
  if (file.size > MAX_VIDEO_BYTES) return `「${file.name}」超过 500 MB`
  return null
}

export function videoType(file: Pick<File, 'name' | 'type'>): string {
  if (file.type) return file.type
  if (/\.webm$/i.test(file.name)) return 'video/webm'
  if (/\.mov$/i.test(file.name)) return 'video/quicktime'
  return 'video/mp4'
}

/** A link to a video: http(s) only. */
export const isVideoLink = (link: string): boolean => /^https?:\/\/\S+$/i.test(link.trim())

/** "1,200 元", or "—". */
export function feeText(fee: number | null | undefined): string {
  if (fee === null || fee === undefined) return '—'
  return `${fee.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`
}
