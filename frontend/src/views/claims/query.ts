// The claim list filters (我的申报 and 申报查询), kept in the URL so that a reload, a link or the way
// back from a claim shows the same list.
import type { LocationQuery } from 'vue-router'
import type { paths } from '@/api/schema'
import { readListQuery, writeListQuery } from '@/utils/listQuery'
import { CLAIM_STATES, type ClaimState } from './labels'

export type ClaimQuery = NonNullable<paths['/api/v1/claims']['get']['parameters']['query']>

export interface ClaimFilters {
  /** '' (all years) or e.g. '2026'. */
  year: string
  state: string
  pathway_code: string
  /** 仅看疑似重复: '' or 'true'. */
  flagged: string
  /** Part of the title or the claimant's name. */
  q: string
  /** Claims of this unit and the units below it. */
  unit_id: string
  /** Activity (end) date range, YYYY-MM-DD, inclusive. */
  from: string
  to: string
}

export const emptyClaimFilters = (): ClaimFilters => ({
  year: '',
  state: '',
  pathway_code: '',
  flagged: '',
  q: '',
  unit_id: '',
  from: '',
  to: '',
})

export const fromRoute = (query: LocationQuery) => readListQuery(emptyClaimFilters(), query)

export const toRoute = (filters: ClaimFilters, page: number, pageSize: number) =>
  writeListQuery(filters, page, pageSize)

const isState = (value: string): value is ClaimState => CLAIM_STATES.some((s) => s.value === value)
const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value)

/** The API's query for the filters; blank or malformed ones are left out. */
export function toApi(filters: ClaimFilters): ClaimQuery {
  const query: ClaimQuery = {}
  const year = Number(filters.year)
  if (filters.year && Number.isInteger(year)) query.year = year
  if (isState(filters.state)) query.state = filters.state
  if (filters.pathway_code.trim()) query.pathway_code = filters.pathway_code.trim()
  if (filters.flagged === 'true') query.flagged = true
  if (filters.q.trim()) query.q = filters.q.trim()
  if (filters.unit_id) query.unit_id = filters.unit_id
  if (isDate(filters.from)) query.from = filters.from
  if (isDate(filters.to)) query.to = filters.to
  return query
}

/** The years a claim can belong to, newest first: this year and the seven before it. */
export function yearOptions(today: Date, span = 8): number[] {
  const current = today.getFullYear()
  return Array.from({ length: span }, (_, i) => current - i)
}
