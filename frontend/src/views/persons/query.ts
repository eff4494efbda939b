// The 人员管理 filters, kept in the URL so that a reload, a link or the way back from a
// person's page shows the same list.
import type { LocationQuery } from 'vue-router'
import type { paths } from '@/api/schema'
import { readListQuery, searchParams, writeListQuery } from '@/utils/listQuery'

export { DEFAULT_PAGE_SIZE, PAGE_SIZES } from '@/utils/listQuery'

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

export const emptyFilters = (): PersonFilters => ({
  name: '',
  id_number: '',
  unit_id: '',
  title_level: '',
  is_provincial: '',
  affiliation: '',
})

export const fromRoute = (query: LocationQuery) => readListQuery(emptyFilters(), query)

export const toRoute = (filters: PersonFilters, page: number, pageSize: number) =>
  writeListQuery(filters, page, pageSize)

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
export const toSearchParams = (filters: PersonFilters): URLSearchParams => searchParams(toApi(filters))
