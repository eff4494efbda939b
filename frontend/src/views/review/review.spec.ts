import { describe, expect, it } from 'vitest'
import { checkDecision, currentHours, longWait, reasonNeeded, stepAction, waitedText } from './review'

describe('review decisions', () => {
  it('start from the recognised hours once there are any', () => {
    expect(currentHours({ claimed_hours: 10, recognised_hours: null })).toBe(10)
    expect(currentHours({ claimed_hours: 10, recognised_hours: 8 })).toBe(8)
  })

  it('need a reason to return, reject, revoke or adjust, and whenever the hours go down', () => {
    expect(reasonNeeded('recognise', 10, 10)).toBe(false)
    expect(reasonNeeded('recognise', 8, 10)).toBe(true)
    expect(reasonNeeded('confirm', 7.5, 8)).toBe(true)
    for (const action of ['return', 'reject', 'revoke', 'adjust'] as const)
      expect(reasonNeeded(action, null, 10)).toBe(true)
  })

  it('check the hours and the reason as the server does', () => {
    expect(checkDecision('recognise', 10, '', 10)).toEqual({})
    expect(checkDecision('recognise', 8, ' ', 10)).toEqual({ reason: '调减学时须填写理由' })
    expect(checkDecision('forward', 12, '', 10)).toEqual({ hours: '认定学时不能高于 10 学时' })
    expect(checkDecision('recognise', undefined, '', 10)).toEqual({ hours: '请填写学时' })
    expect(checkDecision('adjust', 8, '抽查发现重复', 8)).toEqual({ hours: '调减后的学时须低于 8 学时' })
    expect(checkDecision('adjust', 6, '', 8)).toEqual({ reason: '请填写理由' })
    expect(checkDecision('return', undefined, '', 10)).toEqual({ reason: '请填写理由' })
    expect(checkDecision('reject', undefined, '材料不实', 10)).toEqual({})
  })

  it('pick the bulk decision a claim waits for by its state', () => {
    expect(stepAction('submitted')).toBe('recognise')
    expect(stepAction('sub_approved')).toBe('forward')
    expect(stepAction('unit_recognised')).toBe('confirm')
    expect(stepAction('returned')).toBeNull()
  })
})

describe('waiting time', () => {
  const now = new Date('2026-11-25T12:00:00Z')

  it.each([
    ['2026-11-25T11:59:40Z', '不到 1 分钟'],
    ['2026-11-25T11:25:00Z', '35 分钟'],
    ['2026-11-25T07:00:00Z', '5 小时'],
    ['2026-11-22T12:00:00Z', '3 天'],
    ['2026-11-22T10:00:00Z', '3 天 2 小时'],
  ])('since %s reads %s', (since, text) => {
    expect(waitedText(since, now)).toBe(text)
  })

  it('shows a dash without a start and marks a week or more', () => {
    expect(waitedText(null, now)).toBe('—')
    expect(longWait('2026-11-18T12:00:00Z', now)).toBe(true)
    expect(longWait('2026-11-19T12:00:00Z', now)).toBe(false)
  })
})
