// The 人员管理 filters, kept in the URL so that a reload, a link or the way back from a
// person's page shows the same list.
import type { LocationQuery } from 'vue-router'
import type { paths } from '@/api/schema'

export type PersonQuery = NonNullable<paths['/api/v1/persons']['get']['parameters']['query']>

export interface PersonFilters {
  name: string
  id_number: string
  unit_id: string
  title_level: string
  /** '' (all), 'true' or 'false'. */
  is_provincial: string
  affiliation: string
}

export const PAGE_SIZES = [10, 20, 50, 100]
export const DEFAULT_PAGE_SIZE = 20

export const emptyFilters = (): PersonFilters => ({
  name: '',
  id_number: '',
  unit_id: '',
  title_level: '',
  is_provincial: '',
  affiliation: '',
})

const text = (value: unknown) => (typeof value === 'string' ? value : '')
const positive = (value: unknown, fallback: number) => {
  const n = Number(text(value))
  return Number.isInteger(n) && n > 0 ? n : fallback
}

export function fromRoute(query: LocationQuery): { filters: PersonFilters; page: number; pageSize: number } {
  const filters = emptyFilters()
  for (const key of Object.keys(filters) as (keyof PersonFilters)[]) filters[key] = text(query[key])
  const pageSize = positive(query.page_size, DEFAULT_PAGE_SIZE)
  return {
    filters,
    page: positive(query.page, 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  }
}

export function toRoute(filters: PersonFilters, page: number, pageSize: number): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [key, value] of Object.entries(filters)) if (value.trim()) query[key] = value.trim()
  if (page > 1) query.page = String(page)
  if (pageSize !== DEFAULT_PAGE_SIZE) query.page_size = String(pageSize)
  return query
}

/** The API's query for the filters (blank ones left out). */
export function toApi(filters: PersonFilters): PersonQuery {
  const query: PersonQuery = {}
  if (filters.name.trim()) query.name = filters.name.trim()
  if (filters.id_number.trim()) query.id_number = filters.id_number.trim()
  if (filters.unit_id) query.unit_id = filters.unit_id
  if (filters.title_level) query.title_level = filters.title_level
  if (filters.is_provincial) query.is_provincial = filters.is_provincial === 'true'
  if (filters.affiliation) query.affiliation = filters.affiliation
  return query
}

/** The same filters as a URL query string, for endpoints outside the typed client (the export). */
export function toSearchParams(filters: PersonFilters): URLSearchParams {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(toApi(filters))) params.set(key, String(value))
  return params
}
