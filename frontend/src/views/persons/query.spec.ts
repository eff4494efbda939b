import { describe, expect, it } from 'vitest'
import { emptyFilters, fromRoute, toApi, toRoute, toSearchParams } from './query'

describe('the person list query', () => {
  it('round-trips filters and paging through the URL, leaving defaults out', () => {
    const filters = { ...emptyFilters(), name: ' 张 ', unit_id: 'u-1', is_provincial: 'false', affiliation: 'pending' }

    const query = toRoute(filters, 3, 50)

    expect(query).toEqual({
      name: '张',
      unit_id: 'u-1',
      is_provincial: 'false',
      affiliation: 'pending',
      page: '3',
      page_size: '50',
    })
    expect(fromRoute(query)).toEqual({ filters: { ...filters, name: '张' }, page: 3, pageSize: 50 })
    expect(toRoute(emptyFilters(), 1, 20)).toEqual({})
  })

  it('falls back to the first page and the default size for odd URL values', () => {
    expect(fromRoute({ page: '-2', page_size: '33' })).toMatchObject({ page: 1, pageSize: 20 })
    expect(fromRoute({ page: ['2'], page_size: 'abc' })).toMatchObject({ page: 1, pageSize: 20 })
  })

  it('sends only the filters that are set, with 是否省属 as a boolean', () => {
    expect(toApi({ ...emptyFilters(), id_number: '3301', title_level: 'FG', is_provincial: 'true' })).toEqual({
      id_number: '3301',
      title_level: 'FG',
      is_provincial: true,
    })
    expect(toApi(emptyFilters())).toEqual({})
  })

  it('builds the same filters as a query string for the export', () => {
    const params = toSearchParams({ ...emptyFilters(), name: '李', is_provincial: 'false' })

    expect(params.toString()).toBe(`name=${encodeURIComponent('李')}&is_provincial=false`)
  })
})
