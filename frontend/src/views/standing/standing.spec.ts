import { describe, expect, it } from 'vitest'
import { emptyStandingFilters, opensClaim, progressOf, sourceLabel, standingQuery, thresholdText } from './standing'

describe('学时达标', () => {
  it('fills a progress bar up to the threshold and no further', () => {
    expect(progressOf({ registered: 45, required: 90 })).toBe(50)
    expect(progressOf({ registered: 17.9, required: 18 })).toBe(99)
    expect(progressOf({ registered: 120, required: 90 })).toBe(100)
    expect(progressOf({ registered: 0, required: 0 })).toBe(100)
  })

  it('says what is missing', () => {
    expect(thresholdText({ met: true, short_by: 0 })).toBe('已达标')
    expect(thresholdText({ met: false, short_by: 7.5 })).toBe('还差 7.5 学时')
  })

  it('sends only well-formed filters', () => {
    expect(standingQuery(emptyStandingFilters())).toEqual({})
    expect(
      standingQuery({ year: '2026', unit_id: 'u1', status: 'unmet', short: 'industry_public', q: ' 李 ' }),
    ).toEqual({ year: 2026, unit_id: 'u1', status: 'unmet', short: 'industry_public', q: '李' })
    expect(standingQuery({ ...emptyStandingFilters(), year: 'x', status: 'maybe', short: 'all' })).toEqual({})
  })

  it('labels hours registered from a class roster or an e-learning platform, which have no claim to open', () => {
    expect(sourceLabel('class')).toBe('培训班')
    expect(sourceLabel('online')).toBe('网络学习')
    expect(sourceLabel('claim')).toBe('')
    expect(opensClaim({ source: 'claim' })).toBe(true)
    expect(opensClaim({ source: 'class' })).toBe(false)
    expect(opensClaim({ source: 'online' })).toBe(false)
  })
})
