import { describe, expect, it } from 'vitest'
import { rule } from '@/test/claims'
import {
  addEvidence,
  addLevel,
  addRank,
  canAddEvidence,
  canRequire,
  checkRuleForm,
  cloneForm,
  fieldIndex,
  formulaParams,
  isRuleField,
  moveItem,
  newRuleForm,
  rankCount,
  removeLevel,
  removeRank,
  ruleToForm,
  toPublishRule,
  type EvidenceRow,
  type LevelRow,
} from './publish'

const today = new Date(2026, 10, 24)

describe('the publish form', () => {
  it('is prefilled from a version and takes effect today', () => {
    const form = ruleToForm(rule(), today)

    expect(form).toMatchObject({
      code: 'P4',
      effective_from: '2026-11-24',
      name: '参加学术会议、学术讲座',
      formula: 'table',
    })
    expect(form.levels).toEqual([
      { name: '国家级', values: [10] },
      { name: '省级', values: [8] },
    ])
    expect(form.note).toBe('国家级 10 学时、省级 8 学时（C-TZ）')
  })

  it('takes effect on a scheduled version’s later date rather than before it', () => {
    expect(ruleToForm(rule({ effective_from: '2027-01-01', status: 'scheduled' }), today).effective_from).toBe(
      '2027-01-01',
    )
  })

  it('copies the lists, so editing the form leaves the version alone', () => {
    const version = rule()
    const form = cloneForm(ruleToForm(version, today))
    form.levels[0]!.values.push(9)
    form.evidence[0]!.required = false

    expect(version.levels[0]!.values).toEqual([10])
    expect(version.evidence[0]!.required).toBe(true)
  })

  it('shows the parameter inputs of each formula', () => {
    expect(formulaParams('fixed')).toEqual({ amount: '每项学时', factor: false, levels: false })
    expect(formulaParams('per_day')).toEqual({ amount: '每天学时（≤ 8）', factor: false, levels: false })
    expect(formulaParams('per10k_chars')).toEqual({ amount: '每万字学时', factor: false, levels: false })
    expect(formulaParams('per_hour')).toEqual({ amount: null, factor: true, levels: false })
    expect(formulaParams('table')).toEqual({ amount: null, factor: false, levels: true })
    expect(formulaParams('approved')).toEqual({ amount: null, factor: false, levels: false })
  })

  it('sends only the parameters the formula uses, trimmed', () => {
    const form = { ...ruleToForm(rule(), today), amount: 5, factor: 2, note: '  ', name: ' 学术会议 ' }
    form.evidence[2]!.name = ' 会议日程 '

    const body = toPublishRule(form)

    expect(body).toMatchObject({ amount: null, factor: null, name: '学术会议', note: null })
    expect(body.levels).toEqual([
      { name: '国家级', values: [10] },
      { name: '省级', values: [8] },
    ])
    expect(body.evidence?.[2]).toEqual({ name: '会议日程', required: false })
    expect(toPublishRule({ ...form, formula: 'fixed' })).toMatchObject({ amount: 5, factor: null, levels: [] })
  })

  it('starts a new pathway from sensible defaults', () => {
    expect(newRuleForm(today)).toMatchObject({
      code: '',
      effective_from: '2026-11-24',
      category: 'professional',
      formula: 'fixed',
      claimable: true,
      enabled: true,
      pending_confirmation: true,
    })
  })
})

describe('the level × rank table', () => {
  it('adds and removes levels and ranks; a new rank starts at the last rank’s hours', () => {
    const rows: LevelRow[] = []
    addLevel(rows)
    rows[0]!.name = '国家级主课题'
    rows[0]!.values = [64]
    addRank(rows[0]!)
    addRank(rows[0]!)
    rows[0]!.values[1] = 56
    addLevel(rows)

    expect(rows).toEqual([
      { name: '国家级主课题', values: [64, 56, 64] },
      { name: '', values: [null] },
    ])
    expect(rankCount(rows)).toBe(3)

    removeRank(rows[0]!, 2)
    removeLevel(rows, 1)
    expect(rows).toEqual([{ name: '国家级主课题', values: [64, 56] }])
  })

  it('keeps a level’s first rank and stops at 20 ranks', () => {
    const row: LevelRow = { name: '省级', values: [8] }
    removeRank(row, 0)
    expect(row.values).toEqual([8])

    for (let i = 0; i < 30; i++) addRank(row)
    expect(row.values).toHaveLength(20)
    expect(rankCount([])).toBe(1)
  })
})

describe('the evidence checklist editor', () => {
  const items = (required: number, optional = 0): EvidenceRow[] => [
    ...Array.from({ length: required }, (_, i) => ({ name: `必传${i}`, required: true })),
    ...Array.from({ length: optional }, (_, i) => ({ name: `选传${i}`, required: false })),
  ]

  it('allows ten items at most, five of them required', () => {
    expect(canAddEvidence(items(5, 4))).toBe(true)
    expect(canAddEvidence(items(5, 5))).toBe(false)
    expect(canRequire(items(5, 1), 5)).toBe(false)
    expect(canRequire(items(5, 1), 0)).toBe(true)
    expect(canRequire(items(4, 1), 4)).toBe(true)
  })

  it('adds a required item while it may, then optional ones, and nothing past ten', () => {
    const list = items(4)
    addEvidence(list)
    addEvidence(list)
    expect(list.slice(4)).toEqual([
      { name: '', required: true },
      { name: '', required: false },
    ])

    const full = items(5, 5)
    addEvidence(full)
    expect(full).toHaveLength(10)
  })

  it('moves items up and down, and nowhere past either end', () => {
    const list = ['a', 'b', 'c']
    moveItem(list, 2, -1)
    expect(list).toEqual(['a', 'c', 'b'])
    moveItem(list, 0, 1)
    expect(list).toEqual(['c', 'a', 'b'])
    moveItem(list, 0, -1)
    moveItem(list, 2, 1)
    expect(list).toEqual(['c', 'a', 'b'])
  })
})

describe('field errors', () => {
  it('places indexed errors beside their row', () => {
    expect(fieldIndex('levels[2]', 'levels')).toBe(2)
    expect(fieldIndex('evidence[0]', 'levels')).toBeNull()
    expect(isRuleField('evidence[1]')).toBe(true)
    expect(isRuleField('amount')).toBe(true)
    expect(isRuleField('something')).toBe(false)
  })

  it('finds what is missing before asking the server', () => {
    const form = { ...newRuleForm(today), code: 'p18x', name: ' ', amount: null, formula: 'per_day' as const }
    form.date_kind = 'single'
    form.evidence = [{ name: '', required: true }]

    expect(checkRuleForm(form, true, null)).toEqual({
      name: '请填写途径名称',
      amount: '请填写每天学时',
      'evidence[0]': '请填写材料名称',
      date_kind: '按天计算的途径须填写起止日期',
    })
    expect(checkRuleForm({ ...form, code: '18' }, true, null).code).toMatch(/途径代码/)
  })

  it('checks the table and the date against the latest version', () => {
    const form = { ...ruleToForm(rule(), today), effective_from: '2017-12-31' }
    form.levels = [
      { name: '国家级', values: [10, null] },
      { name: '', values: [8] },
    ]

    expect(checkRuleForm(form, false, '2018-01-01')).toEqual({
      effective_from: '生效日期不得早于最近一个版本的生效日期 2018-01-01',
      'levels[0]': '请填写每个名次的学时',
      'levels[1]': '请填写级别名称',
    })
    expect(checkRuleForm({ ...form, levels: [] }, false, null).levels).toBe('请至少填写一个级别')
  })
})
