// The claim list filters (我的申报 and 申报查询), kept in the URL so that a reload, a link or the way
// back from a claim shows the same list.
import type { LocationQuery } from 'vue-router'
import type { paths } from '@/api/schema'
import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from '@/views/persons/query'
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
}

export const emptyClaimFilters = (): ClaimFilters => ({ year: '', state: '', pathway_code: '', flagged: '', q: '' })

const text = (value: unknown) => (typeof value === 'string' ? value : '')
const positive = (value: unknown, fallback: number) => {
  const n = Number(text(value))
  return Number.isInteger(n) && n > 0 ? n : fallback
}

export function fromRoute(query: LocationQuery): { filters: ClaimFilters; page: number; pageSize: number } {
  const filters = emptyClaimFilters()
  for (const key of Object.keys(filters) as (keyof ClaimFilters)[]) filters[key] = text(query[key])
  const pageSize = positive(query.page_size, DEFAULT_PAGE_SIZE)
  return {
    filters,
    page: positive(query.page, 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  }
}

export function toRoute(filters: ClaimFilters, page: number, pageSize: number): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [key, value] of Object.entries(filters)) if (value.trim()) query[key] = value.trim()
  if (page > 1) query.page = String(page)
  if (pageSize !== DEFAULT_PAGE_SIZE) query.page_size = String(pageSize)
  return query
}

const isState = (value: string): value is ClaimState => CLAIM_STATES.some((s) => s.value === value)

/** The API's query for the filters; blank or malformed ones are left out. */
export function toApi(filters: ClaimFilters): ClaimQuery {
  const query: ClaimQuery = {}
  const year = Number(filters.year)
  if (filters.year && Number.isInteger(year)) query.year = year
  if (isState(filters.state)) query.state = filters.state
  if (filters.pathway_code.trim()) query.pathway_code = filters.pathway_code.trim()
  if (filters.flagged === 'true') query.flagged = true
  if (filters.q.trim()) query.q = filters.q.trim()
  return query
}

/** The years a claim can belong to, newest first: this year and the seven before it. */
export function yearOptions(today: Date, span = 8): number[] {
  const current = today.getFullYear()
  return Array.from({ length: span }, (_, i) => current - i)
}
