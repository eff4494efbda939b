import { describe, expect, it } from 'vitest'
import { emptyClaimFilters, fromRoute, toApi, toRoute, yearOptions } from './query'

describe('the claim list query', () => {
  it('round-trips filters and paging through the URL, leaving defaults out', () => {
    const filters = { ...emptyClaimFilters(), year: '2026', state: 'submitted', flagged: 'true', q: ' 李 ' }

    const query = toRoute(filters, 2, 50)

    expect(query).toEqual({ year: '2026', state: 'submitted', flagged: 'true', q: '李', page: '2', page_size: '50' })
    expect(fromRoute(query)).toEqual({ filters: { ...filters, q: '李' }, page: 2, pageSize: 50 })
    expect(toRoute(emptyClaimFilters(), 1, 20)).toEqual({})
  })

  it('sends typed values and drops malformed ones', () => {
    expect(
      toApi({
        year: '2026',
        state: 'returned',
        pathway_code: 'P4',
        flagged: 'true',
        q: ' 会议 ',
        unit_id: 'u1',
        from: '2026-01-01',
        to: '2026-06-30',
      }),
    ).toEqual({
      year: 2026,
      state: 'returned',
      pathway_code: 'P4',
      flagged: true,
      q: '会议',
      unit_id: 'u1',
      from: '2026-01-01',
      to: '2026-06-30',
    })
    expect(
      toApi({ ...emptyClaimFilters(), year: 'abc', state: 'nonsense', flagged: 'yes', from: '2026/1/1', to: 'soon' }),
    ).toEqual({})
  })

  it('offers this year and the seven before it', () => {
    expect(yearOptions(new Date(2026, 10, 24))).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019])
  })
})
