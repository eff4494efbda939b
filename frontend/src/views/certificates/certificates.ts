// 学时登记证明 (issue 6): status labels and colours, the list filters, the batch job's progress and the
// public check's certificate numbers. Who sees what mirrors the server's grants (api/src/auth/permissions.rs):
// the server enforces them anyway; these only decide which pages and buttons are worth showing.
import type { components, paths } from '@/api/schema'
import type { Me } from '@/auth/roles'
import type { TagType } from '@/views/claims/labels'
import { formatHours } from '@/views/claims/labels'
import type { ThresholdCheck } from '@/views/standing/standing'

export type Certificate = components['schemas']['CertificateView']
export type IssueResult = components['schemas']['IssueResult']
export type Job = components['schemas']['JobView']
export type Verification = components['schemas']['Verification']
export type CertificateQuery = NonNullable<paths['/api/v1/certificates']['get']['parameters']['query']>

/** 证明管理 and 批量打印: unit admins (二级, 三级) in their subtree and 省学时办 everywhere. */
export const CERTIFICATE_ADMIN_ROLES = ['province', 'unit_admin'] as const

/** 撤销证明: 省学时办 only. */
export const canRevoke = (me: Pick<Me, 'roles'> | null): boolean =>
  (me?.roles ?? []).some((binding) => binding.role === 'province')

export type CertificateStatus = 'valid' | 'revoked' | 'superseded'

export const CERTIFICATE_STATUSES: readonly { value: CertificateStatus; label: string; tag: TagType }[] = [
  { value: 'valid', label: '有效', tag: 'success' },
  { value: 'revoked', label: '已撤销', tag: 'danger' },
  { value: 'superseded', label: '已被新版本替代', tag: 'info' },
]

/** The tag colour of a status: 有效 green, 已撤销 red, 已被新版本替代 grey. */
export const statusTag = (status: string): TagType =>
  CERTIFICATE_STATUSES.find((s) => s.value === status)?.tag ?? 'info'

/** The label of a status, for a status the API names in `status_label` too. */
export const statusLabel = (status: string): string =>
  CERTIFICATE_STATUSES.find((s) => s.value === status)?.label ?? status

/**
 * How the public check shows a status: 有效 green, 已撤销 red, 已被新版本替代 orange (the holder should show
 * the newer one), anything unknown orange as well.
 */
export function verdictOf(status: string): { type: 'success' | 'danger' | 'warning'; icon: 'ok' | 'bad' | 'warn' } {
  if (status === 'valid') return { type: 'success', icon: 'ok' }
  if (status === 'revoked') return { type: 'danger', icon: 'bad' }
  return { type: 'warning', icon: 'warn' }
}

/**
 * Why the year's certificate cannot be issued yet, from the thresholds shown on 我的学时: the total when it
 * is short (the certificate needs it), else the category minima the year requires; '' when nothing is short.
 */
export function shortfallText(
  thresholds: readonly Pick<ThresholdCheck, 'key' | 'label' | 'met' | 'short_by'>[],
): string {
  const total = thresholds.find((t) => t.key === 'total')
  const short = total && !total.met ? [total] : thresholds.filter((t) => !t.met)
  return short.map((t) => `${t.label}还差 ${formatHours(t.short_by)} 学时`).join('，')
}

// --- batch printing --------------------------------------------------------------------------------------

/** Whether a batch job is over (done or failed): polling stops. */
export const jobFinished = (job: Pick<Job, 'status'>): boolean => job.status === 'done' || job.status === 'failed'

/** A batch's progress, 0–100, for el-progress; 100 once done (also for an empty batch). */
export function jobPercent(job: Pick<Job, 'status' | 'done' | 'total'>): number {
  if (job.status === 'done') return 100
  if (job.total <= 0) return 0
  return Math.min(100, Math.max(0, Math.floor((job.done / job.total) * 100)))
}

/** "正在生成 3 / 10 份证明…", "已生成 10 份证明" or the failure. */
export function jobText(job: Pick<Job, 'status' | 'done' | 'total' | 'message'>): string {
  if (job.status === 'done') return `已生成 ${job.total} 份证明，可下载压缩包`
  if (job.status === 'failed') return job.message || '批量打印失败，请重新发起'
  if (job.status === 'queued') return '排队中…'
  return `正在生成 ${job.done} / ${job.total} 份证明…`
}

// --- 证明管理 filters -------------------------------------------------------------------------------------

export interface CertificateFilters {
  /** e.g. '2026'; '' for every year. */
  year: string
  /** '' or a status. */
  status: string
  unit_id: string
  /** Part of the name, or the certificate number. */
  q: string
}

export const emptyCertificateFilters = (): CertificateFilters => ({ year: '', status: '', unit_id: '', q: '' })

/** The API's query for the filters; blank or malformed ones are left out. */
export function certificateQuery(filters: CertificateFilters): CertificateQuery {
  const query: CertificateQuery = {}
  const year = Number(filters.year)
  if (filters.year && Number.isInteger(year)) query.year = year
  if (CERTIFICATE_STATUSES.some((s) => s.value === filters.status)) query.status = filters.status
  if (filters.unit_id) query.unit_id = filters.unit_id
  if (filters.q.trim()) query.q = filters.q.trim()
  return query
}

// --- the public check ------------------------------------------------------------------------------------

export const NUMBER_PLACEHOLDER = 'ZJ2026-XXXX-XXXX-XXXX'

/**
 * A certificate number as typed or read aloud, in its printed form: upper case, without spaces, dashes
 * put back (`zj2026 7k3m9qxd r2tb` → `ZJ2026-7K3M-9QXD-R2TB`), and the letters the numbers never use read
 * as the digits they look like (O → 0, I and L → 1). Anything else comes back trimmed and upper-cased.
 */
export function normalizeNumber(input: string): string {
  const compact = input.toUpperCase().replace(/[\s\-－—_]/g, '')
  const match = /^ZJ(\d{4})([0-9A-Z]{12})$/.exec(compact)
  if (!match) return input.trim().toUpperCase()
  const body = match[2]!.replace(/O/g, '0').replace(/[IL]/g, '1')
  return `ZJ${match[1]}-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`
}

const dateInChina = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
})

/** An issue time as the certificate prints its date (China Standard Time), e.g. "2026年11月25日". */
export function issueDate(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateInChina.format(date)
}

/** A verification link within this app, for a certificate number (and the QR code's token). */
export const verifyPath = (number: string): string => `/verify/${encodeURIComponent(number)}`
