// 学时达标 (RP1): a person's registered hours against the year's thresholds, and the unit list's filters.
import type { components, paths } from '@/api/schema'
import { formatHours } from '@/views/claims/labels'

export type StandingView = components['schemas']['StandingView']
export type StandingItem = components['schemas']['StandingItem']
export type StandingRow = components['schemas']['StandingRow']
export type ThresholdCheck = components['schemas']['ThresholdCheck']
export type Threshold = components['schemas']['Threshold']
export type StandingQuery = NonNullable<paths['/api/v1/standings']['get']['parameters']['query']>

/** What an item's source is called beside its title; '' for a person's own claim (the usual case). */
const SOURCE_LABELS: Record<string, string> = { class: '培训班', online: '网络学习' }
export const sourceLabel = (source: string): string => SOURCE_LABELS[source] ?? ''

/** Only claims have a detail page to open; class and online hours are registered without one. */
export const opensClaim = (item: Pick<StandingItem, 'source'>): boolean => item.source === 'claim'

/** How far a threshold is met, 0–100, for a progress bar. */
export function progressOf(check: Pick<ThresholdCheck, 'registered' | 'required'>): number {
  if (check.required <= 0) return 100
  return Math.min(100, Math.floor((check.registered / check.required) * 100))
}

/** "已达标" or "还差 12 学时". */
export const thresholdText = (check: Pick<ThresholdCheck, 'met' | 'short_by'>): string =>
  check.met ? '已达标' : `还差 ${formatHours(check.short_by)} 学时`

export const STATUS_OPTIONS = [
  { value: 'met', label: '达标' },
  { value: 'unmet', label: '未达标' },
] as const

/** 短缺类别: the thresholds by their API keys (the list also names them in `short`). */
export const SHORT_OPTIONS: readonly { value: Threshold; label: string }[] = [
  { value: 'total', label: '总学时' },
  { value: 'professional', label: '专业科目' },
  { value: 'public', label: '公需科目' },
  { value: 'industry_public', label: '行业公需科目' },
]

export interface StandingFilters {
  /** e.g. '2026'; '' for the current year. */
  year: string
  unit_id: string
  /** '' (all), 'met' or 'unmet'. */
  status: string
  /** '' or a threshold key. */
  short: string
  /** Part of the name. */
  q: string
}

export const emptyStandingFilters = (): StandingFilters => ({ year: '', unit_id: '', status: '', short: '', q: '' })

/** The API's query for the filters; blank or malformed ones are left out. */
export function standingQuery(filters: StandingFilters): StandingQuery {
  const query: StandingQuery = {}
  const year = Number(filters.year)
  if (filters.year && Number.isInteger(year)) query.year = year
  if (filters.unit_id) query.unit_id = filters.unit_id
  if (STATUS_OPTIONS.some((s) => s.value === filters.status)) query.status = filters.status
  if (SHORT_OPTIONS.some((s) => s.value === filters.short)) query.short = filters.short
  if (filters.q.trim()) query.q = filters.q.trim()
  return query
}
