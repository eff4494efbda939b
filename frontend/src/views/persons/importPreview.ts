// The 批量导入 preview as the dialog shows it. Types come from the OpenAPI document; the
// preview is still read defensively (unknown statuses count as errors).
import type { components } from '@/api/schema'

type Schemas = components['schemas']
export type ImportMode = Schemas['ImportMode']
export type ImportStatus = Schemas['RowStatus']
export type ImportRow = Pick<Schemas['PreviewRow'], 'row' | 'status'> & {
  name: string | null
  id_number_masked: string | null
  message: string | null
}
/** Rows per status, and `total` data rows. */
export type ImportCounts = Schemas['ImportCounts']
export type ImportPreview = Pick<Schemas['ImportPreview'], 'id' | 'truncated'> & {
  unit_name: string | null
  summary: ImportCounts
  /** Every error row, then the first 500 others. */
  rows: ImportRow[]
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const IMPORT_MODES: { value: ImportMode; label: string; hint: string }[] = [
  { value: 'create', label: '新增', hint: '登记表中的新人员；已在本单位登记的人员不作修改' },
  { value: 'update', label: '更新', hint: '按身份证号更新本单位已登记人员的手机号、职称等信息' },
]

export const IMPORT_STATUSES: Record<
  ImportStatus,
  { label: string; tag: 'success' | 'primary' | 'info' | 'warning' | 'danger' }
> = {
  create: { label: '新增', tag: 'success' },
  update: { label: '更新', tag: 'primary' },
  unchanged: { label: '无变化', tag: 'info' },
  transfer: { label: '需调入', tag: 'warning' },
  error: { label: '错误', tag: 'danger' },
}

export function countRows(rows: readonly Pick<ImportRow, 'status'>[]): ImportCounts {
  const counts: ImportCounts = { total: rows.length, create: 0, update: 0, unchanged: 0, transfer: 0, error: 0 }
  for (const row of rows) if (row.status in IMPORT_STATUSES) counts[row.status] += 1
  return counts
}

const str = (v: unknown) => (typeof v === 'string' ? v : null)
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The server's counts when it sent them (they cover rows left out of a long preview), else counted here. */
export function readCounts(raw: unknown, rows: readonly ImportRow[]): ImportCounts {
  const counted = countRows(rows)
  if (typeof raw !== 'object' || raw === null) return counted
  const r = raw as Record<string, unknown>
  const pick = (key: keyof ImportCounts) => num(r[key]) ?? counted[key]
  return {
    total: pick('total'),
    create: pick('create'),
    update: pick('update'),
    unchanged: pick('unchanged'),
    transfer: pick('transfer'),
    error: pick('error'),
  }
}

/** Reads a preview answer defensively: unknown statuses count as errors rather than slipping through. */
export function readPreview(body: unknown): ImportPreview | null {
  if (typeof body !== 'object' || body === null) return null
  const b = body as Record<string, unknown>
  if (typeof b.id !== 'string' || !Array.isArray(b.rows)) return null
  const rows = b.rows.map((raw): ImportRow => {
    const r = (raw ?? {}) as Record<string, unknown>
    const status = typeof r.status === 'string' && r.status in IMPORT_STATUSES ? (r.status as ImportStatus) : 'error'
    return {
      row: num(r.row) ?? 0,
      name: str(r.name),
      id_number_masked: str(r.id_number_masked),
      status,
      message: str(r.message),
    }
  })
  return {
    id: b.id,
    unit_name: str(b.unit_name),
    summary: readCounts(b.summary, rows),
    rows,
    truncated: b.truncated === true,
  }
}
