import { describe, expect, it } from 'vitest'
import { attachment, claim, rule } from '@/test/claims'
import {
  claimableGroups,
  emptyForm,
  estimateHint,
  evidenceState,
  fieldsFor,
  formFromClaim,
  missingEvidence,
  nextKind,
  prefillHours,
  toClaimInput,
  toEstimateInput,
  type ClaimForm,
} from './form'
import type { Estimate } from './labels'

const p8 = rule({
  code: 'P8',
  name: '承担科研课题、项目',
  levels: [
    { name: '国家级主课题', values: [64, 56, 48] },
    { name: '省部级子课题', values: [40] },
  ],
})
const p7 = rule({ code: 'P7', name: '出版著作、教材、译作', formula: 'per10k_chars', amount: 5, date_kind: 'single' })
const p12 = rule({ code: 'P12', name: '授课、讲座', formula: 'per_hour', factor: 2, levels: [] })
const p13 = rule({
  code: 'P13',
  name: '通过职业资格考试',
  formula: 'fixed',
  amount: 40,
  date_kind: 'single',
  levels: [],
})

const filled = (overrides: Partial<ClaimForm> = {}): ClaimForm => ({
  ...emptyForm(),
  pathway_code: 'P4',
  title: ' 全国建筑工程学术会议 ',
  organiser: ' ',
  start_date: '2026-10-15',
  end_date: '2026-10-16',
  level: '国家级',
  claimed_hours: 10,
  description: ' 参加会议 ',
  ...overrides,
})

function estimate(overrides: Partial<Estimate> = {}): Estimate {
  return {
    rule: rule(),
    year: 2026,
    suggested_hours: null,
    max_hours: null,
    days: null,
    explanation: '',
    year_used_hours: null,
    year_remaining_hours: null,
    year_open: true,
    claim_deadline: '2027-03-31',
    problems: [],
    ...overrides,
  }
}

describe('the fields a pathway asks for', () => {
  it('shows start and end dates, the level and no rank for a one-value table', () => {
    const plan = fieldsFor(rule(), '国家级')

    expect(plan).toMatchObject({ period: true, endLabel: '结束日期', titleLabel: '活动名称', level: true, ranks: [] })
    expect(plan.organiserLabel).toBe('主办单位')
    expect(plan.actualHours || plan.characters).toBe(false)
  })

  it('asks for the rank when the chosen level ranks several places', () => {
    expect(fieldsFor(p8, '国家级主课题').ranks).toEqual([64, 56, 48])
    expect(fieldsFor(p8, '省部级子课题').ranks).toEqual([])
    expect(fieldsFor(p8, '').ranks).toEqual([])
  })

  it('asks for one date, the characters and a publisher for a book', () => {
    expect(fieldsFor(p7)).toMatchObject({
      period: false,
      endLabel: '日期（发表、获奖或考试日期）',
      characters: true,
      level: false,
      organiserLabel: '发表刊物或出版社',
      titleLabel: '论文或著作名称',
    })
  })

  it('asks for the actual hours of a per-hour pathway, and nothing extra of a fixed one', () => {
    expect(fieldsFor(p12)).toMatchObject({ period: true, actualHours: true, characters: false, level: false })
    expect(fieldsFor(p13)).toMatchObject({ period: false, actualHours: false, characters: false, level: false })
    expect(fieldsFor(p13).organiserLabel).toBe('颁发或组织单位')
  })

  it('treats "no pathway yet" as a period form without extras', () => {
    expect(fieldsFor(null)).toMatchObject({ period: true, level: false, ranks: [] })
  })
})

describe('the claim body', () => {
  it('trims the texts, sends blanks as null and only the fields of the pathway', () => {
    const body = toClaimInput(filled({ actual_hours: 3, characters: 50000, rank: 2 }), rule())

    expect(body).toEqual({
      pathway_code: 'P4',
      title: '全国建筑工程学术会议',
      organiser: null,
      start_date: '2026-10-15',
      end_date: '2026-10-16',
      level: '国家级',
      rank: null,
      claimed_hours: 10,
      description: '参加会议',
      evidence_note: null,
    })
  })

  it('sends the rank (default 1) for a ranked level', () => {
    expect(toClaimInput(filled({ pathway_code: 'P8', level: '国家级主课题', rank: 2 }), p8).rank).toBe(2)
    expect(toClaimInput(filled({ pathway_code: 'P8', level: '国家级主课题' }), p8).rank).toBe(1)
  })

  it('leaves out the start date of a single-date pathway and sends its characters', () => {
    const body = toClaimInput(filled({ pathway_code: 'P7', level: '', characters: 120000 }), p7)

    expect(body).not.toHaveProperty('start_date')
    expect(body).not.toHaveProperty('level')
    expect(body.characters).toBe(120000)
  })

  it('round-trips a saved claim through the form', () => {
    const saved = claim({ organiser: null, evidence_note: '图 1 为通知' })
    const form = formFromClaim(saved)

    expect(form).toMatchObject({ organiser: '', evidence_note: '图 1 为通知', level: '国家级', claimed_hours: 10 })
    expect(toClaimInput(form, saved.rule)).toMatchObject({ organiser: null, evidence_note: '图 1 为通知' })
  })
})

describe('the estimate request', () => {
  it('is nothing before a pathway is chosen', () => {
    expect(toEstimateInput(emptyForm(), null)).toBeNull()
  })

  it('carries what is filled in so far, and the claim being edited', () => {
    expect(toEstimateInput(filled({ end_date: '' }), rule(), 'c1')).toEqual({
      pathway_code: 'P4',
      start_date: '2026-10-15',
      level: '国家级',
      claim_id: 'c1',
    })
    expect(toEstimateInput(filled({ pathway_code: 'P12', level: '', actual_hours: 3 }), p12)).toEqual({
      pathway_code: 'P12',
      start_date: '2026-10-15',
      end_date: '2026-10-16',
      actual_hours: 3,
    })
  })
})

describe('the hint beside 申报学时', () => {
  it('gives the suggestion, the cap, the formula and what the year still allows', () => {
    const hint = estimateHint(
      estimate({ suggested_hours: 15, max_hours: 15, explanation: '每项 15 学时', year_remaining_hours: 57 }),
    )

    expect(hint).toEqual({
      text: '建议学时 15，本项最多 15 学时；每项 15 学时；本年度该途径还可申报 57 学时',
      type: 'success',
    })
  })

  it('warns when the year allowance is used up', () => {
    expect(estimateHint(estimate({ suggested_hours: 15, max_hours: 15, year_remaining_hours: 0 }))?.type).toBe(
      'warning',
    )
  })

  it('explains an 按核定 pathway, which suggests nothing', () => {
    expect(
      estimateHint(estimate({ max_hours: 90, explanation: '按核定：由审核人员核定学时，每项最多 90 学时' })),
    ).toEqual({ text: '按核定：由审核人员核定学时，每项最多 90 学时', type: 'info' })
  })

  it('says what is missing before there is a suggestion, with the cap when there is one', () => {
    const hint = estimateHint(estimate({ problems: [{ field: 'level', code: 'required', message: '请选择级别' }] }))
    expect(hint).toEqual({ text: '请选择级别后显示建议学时', type: 'info' })

    const book = estimateHint(
      estimate({
        max_hours: 72,
        explanation: '，每项最多 72 学时',
        problems: [{ field: 'characters', code: 'required', message: '请填写字数（应大于 0）' }],
      }),
    )
    expect(book).toEqual({ text: '请填写字数（应大于 0）后显示建议学时；本项最多 72 学时', type: 'info' })
  })

  it('says when the year no longer accepts claims', () => {
    expect(estimateHint(estimate({ year: 2025, year_open: false, claim_deadline: '2026-03-31' }))).toEqual({
      text: '2025 年度已停止申报（申报截止日期 2026-03-31）',
      type: 'danger',
    })
  })

  it('is empty without an estimate', () => {
    expect(estimateHint(null)).toBeNull()
    expect(estimateHint(estimate())).toBeNull()
  })
})

describe('prefilling 申报学时', () => {
  it('takes the suggestion while the field is empty or still holds the previous one', () => {
    expect(prefillHours(null, null, 10)).toBe(10)
    expect(prefillHours(10, 10, 8)).toBe(8)
  })

  it('keeps what the user typed, and keeps the value without a suggestion', () => {
    expect(prefillHours(6, 10, 8)).toBe(6)
    expect(prefillHours(6, null, null)).toBe(6)
    expect(prefillHours(null, 10, undefined)).toBeNull()
  })
})

describe('the pathway list', () => {
  it('offers only claimable, enabled rules, grouped by category in catalogue order', () => {
    const groups = claimableGroups([
      rule({ code: 'P1', claimable: false }),
      rule({ code: 'P4' }),
      rule({ code: 'PX', category: 'industry_public' }),
      rule({ code: 'P9', enabled: false }),
      rule({ code: 'P10' }),
    ])

    expect(groups.map((g) => [g.label, g.rules.map((r) => r.code)])).toEqual([
      ['专业科目', ['P4', 'P10']],
      ['行业公需科目', ['PX']],
    ])
  })
})

describe('the evidence checklist', () => {
  const checklist = rule().evidence

  it('counts the images of each item and names the required ones still missing', () => {
    const images = [attachment('a1', '参会证明'), attachment('a2', '参会证明'), attachment('a3', null)]

    expect(evidenceState(checklist, images).map((e) => e.count)).toEqual([0, 2, 0])
    expect(missingEvidence(checklist, images)).toEqual(['会议通知或邀请函'])
  })

  it('offers the next missing required item, then the optional ones, then the first', () => {
    expect(nextKind(checklist, [])).toBe('会议通知或邀请函')
    expect(nextKind(checklist, [attachment('a1', '会议通知或邀请函')])).toBe('参会证明')
    const both = [attachment('a1', '会议通知或邀请函'), attachment('a2', '参会证明')]
    expect(nextKind(checklist, both)).toBe('会议日程')
    expect(nextKind(checklist, [...both, attachment('a3', '会议日程')])).toBe('会议通知或邀请函')
    expect(nextKind([], [])).toBe('')
  })
})
