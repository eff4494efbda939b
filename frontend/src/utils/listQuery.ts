// List filters and paging kept in the URL, so that a reload, a link or the way back from a detail page
// shows the same list. Filters are flat strings; each list turns them into its API query itself.
import type { LocationQuery } from 'vue-router'

export const PAGE_SIZES = [10, 20, 50, 100]
export const DEFAULT_PAGE_SIZE = 20

/** Filters as the forms hold them: every value a string ('' for not set). */
export type StringFilters<F> = { [K in keyof F]: string }

const text = (value: unknown) => (typeof value === 'string' ? value : '')
const positive = (value: unknown, fallback: number) => {
  const n = Number(text(value))
  return Number.isInteger(n) && n > 0 ? n : fallback
}

/** The filters (the keys of `empty`) and paging in a route query; odd values fall back to the defaults. */
export function readListQuery<F extends StringFilters<F>>(
  empty: F,
  query: LocationQuery,
): { filters: F; page: number; pageSize: number } {
  const filters = { ...empty }
  for (const key of Object.keys(filters) as (keyof F)[]) filters[key] = text(query[key as string]) as F[keyof F]
  const pageSize = positive(query.page_size, DEFAULT_PAGE_SIZE)
  return {
    filters,
    page: positive(query.page, 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  }
}

/** The route query for filters and paging, leaving blanks and defaults out. */
export function writeListQuery<F extends StringFilters<F>>(
  filters: F,
  page: number,
  pageSize: number,
): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [key, value] of Object.entries<string>(filters)) if (value.trim()) query[key] = value.trim()
  if (page > 1) query.page = String(page)
  if (pageSize !== DEFAULT_PAGE_SIZE) query.page_size = String(pageSize)
  return query
}

/** An API query as a URL query string, for endpoints outside the typed client (exports). */
export function searchParams(query: object): URLSearchParams {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null) params.set(key, String(value))
  return params
}
