import { describe, expect, it } from 'vitest'
import {
  addDays,
  applicationDeadline,
  categoryOf,
  checkClassForm,
  chinaToday,
  classQuery,
  daysBetween,
  deadlineHint,
  emptyClassForm,
  fileProblem,
  prefillDays,
  spanDays,
  splitOf,
  splitText,
  toClassInput,
  type ClassForm,
} from './classes'

const form = (patch: Partial<ClassForm> = {}): ClassForm => ({
  ...emptyClassForm(),
  start_date: '2026-12-15',
  end_date: '2026-12-17',
  days: 3,
  hours_per_day: 8,
  total_hours: 24,
  ...patch,
})

describe('chinaToday', () => {
  it('is the date in UTC+8, whatever the browser’s zone', () => {
    expect(chinaToday(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24')
    expect(chinaToday(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-25')
    expect(chinaToday(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01')
  })
})

describe('calendar days', () => {
  it('adds and counts whole days across months, years and leap days', () => {
    expect(addDays('2026-12-01', -7)).toBe('2026-11-24')
    expect(addDays('2027-01-03', -14)).toBe('2026-12-20')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(daysBetween('2026-11-24', '2026-12-01')).toBe(7)
    expect(daysBetween('2026-12-01', '2026-11-24')).toBe(-7)
    expect(daysBetween('2026-13-01', '2026-11-24')).toBeNull()
    expect(spanDays('2026-12-15', '2026-12-17')).toBe(3)
    expect(spanDays('2026-12-17', '2026-12-15')).toBeNull()
  })
})

describe('applicationDeadline', () => {
  it('is 7 calendar days before the start for annual-plan classes and 14 for affiliated units', () => {
    expect(applicationDeadline('2026-12-15', 'annual_plan')).toBe('2026-12-08')
    expect(applicationDeadline('2026-12-15', 'affiliated')).toBe('2026-12-01')
    expect(applicationDeadline('', 'annual_plan')).toBeNull()
  })
})

describe('deadlineHint', () => {
  it('counts the days left until the deadline', () => {
    expect(deadlineHint('2026-12-15', 'annual_plan', '2026-11-25')).toEqual({
      deadline: '2026-12-08',
      remaining: 13,
      late: false,
      text: '须于 2026-12-08 前提交，还剩 13 天',
    })
  })

  it('still accepts the deadline day itself', () => {
    const hint = deadlineHint('2026-12-15', 'annual_plan', '2026-12-08')
    expect(hint).toMatchObject({ late: false, remaining: 0, text: '须于 2026-12-08 前提交，今天是最后一天' })
  })

  it('is late the day after, and names the exception needed', () => {
    const hint = deadlineHint('2026-12-15', 'annual_plan', '2026-12-09')
    expect(hint?.late).toBe(true)
    expect(hint?.remaining).toBe(-1)
    expect(hint?.text).toBe('已超过申报期限（须于开班前 7 天、即 2026-12-08 前提交），需省学时办批准逾期例外后方可提交')
  })

  it('gives affiliated units twice the lead time', () => {
    expect(deadlineHint('2026-12-15', 'affiliated', '2026-12-02')?.late).toBe(true)
    expect(deadlineHint('2026-12-15', 'affiliated', '2026-12-01')?.late).toBe(false)
  })

  it('says nothing before a start date is chosen', () => {
    expect(deadlineHint('', 'annual_plan', '2026-11-25')).toBeNull()
  })
})

describe('checkClassForm', () => {
  it('accepts a consistent application', () => {
    expect(checkClassForm(form())).toEqual({})
  })

  it('caps a day at 8 hours', () => {
    expect(checkClassForm(form({ hours_per_day: 8.5 })).hours_per_day).toBe('每天学时不能超过 8 学时')
  })

  it('caps the total at days × hours per day', () => {
    expect(checkClassForm(form({ hours_per_day: 6, total_hours: 18.5 })).total_hours).toBe(
      '总学时不能超过 培训天数 × 每天学时（18 学时）',
    )
    expect(checkClassForm(form({ hours_per_day: 7.5, total_hours: 22.5 }))).toEqual({})
  })

  it('wants the end on or after the start, and the days within the dates', () => {
    expect(checkClassForm(form({ end_date: '2026-12-14' })).end_date).toBe('结束日期不能早于开始日期')
    expect(checkClassForm(form({ days: 4 })).days).toBe('培训天数不能超过起止日期包含的 3 天')
    expect(checkClassForm(form({ days: 2, total_hours: 16 }))).toEqual({})
  })

  it('wants a split that adds up to the total', () => {
    const split = { professional: 16, industry_public: 6, general_public: 0 }
    expect(checkClassForm(form({ category: 'split', split })).hours).toBe('各类别学时合计 22，应等于总学时 24')
    expect(checkClassForm(form({ category: 'split', split: { ...split, general_public: 2 } }))).toEqual({})
  })

  it('checks the shape of the organisation code', () => {
    expect(checkClassForm(form({ org_code: '123300004700051302' }))).toEqual({})
    expect(checkClassForm(form({ org_code: '47000513-0' }))).toEqual({})
    expect(checkClassForm(form({ org_code: '1233000047' })).org_code).toBe(
      '应为 18 位统一社会信用代码或 9 位组织机构代码',
    )
  })
})

describe('the hours per category', () => {
  it('puts the whole total in the chosen category', () => {
    expect(splitOf(form({ category: 'industry_public' }))).toEqual({
      professional: 0,
      industry_public: 24,
      general_public: 0,
    })
  })

  it('reads a saved split back as its category', () => {
    expect(categoryOf({ professional: 24, industry_public: 0, general_public: 0 })).toBe('professional')
    expect(categoryOf({ professional: 0, industry_public: 0, general_public: 6 })).toBe('general_public')
    expect(categoryOf({ professional: 16, industry_public: 8, general_public: 0 })).toBe('split')
    expect(splitText({ professional: 16, industry_public: 7.5, general_public: 0 })).toBe(
      '专业科目 16，行业公需科目 7.5',
    )
  })

  it('sends trimmed text, an upper-case code and no blank plan reference', () => {
    const body = toClassInput(form({ name: ' 钢结构培训 ', org_code: '12330000470005130x', plan_ref: ' ' }))
    expect(body).toMatchObject({
      name: '钢结构培训',
      org_code: '12330000470005130X',
      plan_ref: null,
      hours: { professional: 24, industry_public: 0, general_public: 0 },
    })
  })
})

describe('prefillDays', () => {
  it('follows the dates until the user types their own figure', () => {
    expect(prefillDays(null, null, 3)).toBe(3)
    expect(prefillDays(3, 3, 5)).toBe(5)
    expect(prefillDays(2, 3, 5)).toBe(2)
    expect(prefillDays(2, 3, null)).toBe(2)
  })
})

describe('classQuery', () => {
  it('opens 省学时办 on the applications waiting for a decision', () => {
    expect(classQuery({ state: '', q: '' }, true)).toEqual({ state: 'submitted' })
    expect(classQuery({ state: 'all', q: ' 钢结构 ' }, true)).toEqual({ q: '钢结构' })
  })

  it('shows organisers all their classes unless they pick a state', () => {
    expect(classQuery({ state: '', q: '' }, false)).toEqual({})
    expect(classQuery({ state: 'approved', q: '' }, false)).toEqual({ state: 'approved' })
    expect(classQuery({ state: 'nonsense', q: '' }, false)).toEqual({})
  })
})

describe('fileProblem', () => {
  it('takes PDF and images up to 20 MB', () => {
    expect(fileProblem({ name: '通知.pdf', size: 1000, type: 'application/pdf' })).toBeNull()
    expect(fileProblem({ name: '课表.png', size: 1000, type: '' })).toBeNull()
    expect(fileProblem({ name: '课表.docx', size: 1000, type: 'application/msword' })).toBe(
      '「课表.docx」不是 PDF、JPG 或 PNG 文件',
    )
    expect(fileProblem({ name: '通知.pdf', size: 21 * 1024 * 1024, type: 'application/pdf' })).toBe(
      '「通知.pdf」超过 20 MB',
    )
  })
})
