import { describe, expect, it } from 'vitest'
import { attachment } from '@/test/claims'
import {
  chainActive,
  CLAIM_STATES,
  claimDates,
  claimHours,
  eventLabel,
  formatHours,
  groupMatches,
  returnReason,
  ruleVersionText,
  stateLabel,
  stateTag,
  type EvidenceMatch,
} from './labels'

const other = {
  id: 'c2',
  person_name: '张伟',
  unit_name: '浙江省建工集团有限责任公司',
  title: '全国建筑工程学术会议',
  year: 2026,
  state: 'submitted' as const,
}

const match = (overrides: Partial<EvidenceMatch>): EvidenceMatch => ({
  attachment_id: 'a1',
  other_attachment_id: 'x1',
  method: 'similar',
  distance: 3,
  note: '张伟的申报',
  other_claim: other,
  ...overrides,
})

describe('claim labels', () => {
  it('has a label and a tag colour for every state', () => {
    expect(CLAIM_STATES).toHaveLength(9)
    expect(stateLabel('submitted')).toBe('已提交')
    expect(stateTag('province_confirmed')).toBe('success')
    expect(stateTag('rejected')).toBe('danger')
    expect(stateTag('something_new')).toBe('info')
    expect(stateLabel(null)).toBe('')
  })

  it('formats hours with at most one decimal', () => {
    expect(formatHours(10)).toBe('10')
    expect(formatHours(1.5)).toBe('1.5')
    expect(formatHours(0.30000000000000004)).toBe('0.3')
    expect(formatHours(null)).toBe('—')
  })

  it('names history events, falling back to the state reached', () => {
    expect(eventLabel({ action: 'submitted', to_state: 'submitted' })).toBe('提交申报')
    expect(eventLabel({ action: 'recalled', to_state: 'draft' })).toBe('撤回')
    expect(eventLabel({ action: 'moved', to_state: 'unit_recognised' })).toBe('单位已认定')
    expect(eventLabel({ action: 'forwarded', to_state: 'unit_recognised' })).toBe('二级单位确认报送')
    expect(eventLabel({ action: 'returned_to_unit', to_state: 'sub_approved' })).toBe('复审退回单位')
  })

  it('finds why a claim was returned: the latest return with a reason', () => {
    const at = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, '0')}:00Z`
    expect(
      returnReason([
        { action: 'returned', at: at(1), reason: '请补充会议通知' },
        { action: 'recognised', at: at(5), reason: '只认定一天' },
        { action: 'returned', at: at(3), reason: '请补充会议日程' },
      ]),
    ).toBe('请补充会议日程')
    expect(returnReason([{ action: 'submitted', at: at(1), reason: null }])).toBeNull()
  })

  it('marks the chain step a claim waits for', () => {
    const chain = [
      { unit_id: 'ej', unit_name: '二建', kind: 'recognise' as const },
      { unit_id: 'jt', unit_name: '建设投资集团', kind: 'confirm' as const },
      { unit_id: 'sxb', unit_name: '省学时办', kind: 'province_review' as const },
    ]
    expect(chainActive({ state: 'submitted', chain })).toBe(0)
    expect(chainActive({ state: 'sub_approved', chain })).toBe(1)
    expect(chainActive({ state: 'unit_recognised', chain })).toBe(2)
    expect(chainActive({ state: 'province_confirmed', chain })).toBe(3)
    expect(chainActive({ state: 'unit_recognised', chain: [chain[0]!, chain[2]!] })).toBe(1)
    expect(chainActive({ state: 'returned', chain })).toBe(-1)
  })

  it('shows a period and the recognised hours beside the claimed ones', () => {
    expect(claimDates({ start_date: '2026-10-15', end_date: '2026-10-16' })).toBe('2026-10-15 至 2026-10-16')
    expect(claimDates({ start_date: null, end_date: '2026-10-16' })).toBe('2026-10-16')
    expect(claimHours({ claimed_hours: 10, recognised_hours: 8 })).toBe('10 / 8')
    expect(claimHours({ claimed_hours: 10, recognised_hours: null })).toBe('10')
  })

  it('names the rule version a claim uses', () => {
    expect(ruleVersionText({ code: 'P4', version: 2, effective_from: '2026-01-01' })).toBe('P4 v2（2026-01-01 起施行）')
  })
})

describe('duplicate-evidence matches', () => {
  const images = [attachment('a1', '会议通知或邀请函'), attachment('a2', '参会证明')]

  it('gives one line per other claim, exact copies first, naming this claim’s images', () => {
    const groups = groupMatches(
      [
        match({ attachment_id: 'a1', distance: 4 }),
        match({ attachment_id: 'a2', distance: 2 }),
        match({
          attachment_id: 'a2',
          method: 'exact',
          distance: 0,
          note: '同一人的另一项申报',
          other_claim: { ...other, id: 'c3', person_name: '李娜', title: '另一次会议', state: 'draft' },
        }),
      ],
      images,
    )

    expect(groups.map((g) => g.text)).toEqual([
      '完全相同：同一人的另一项申报「另一次会议」，2026 年，草稿（本申报图 2）',
      '高度相似（距离 2）：张伟（浙江省建工集团有限责任公司）的申报「全国建筑工程学术会议」，2026 年，已提交（本申报图 1、2）',
    ])
    expect(groups.map((g) => g.exact)).toEqual([true, false])
  })

  it('falls back to the note for a claim out of the reviewer’s sight', () => {
    const groups = groupMatches([match({ other_claim: null, note: '管辖范围外（或尚未提交）的另一项申报' })])

    expect(groups).toEqual([
      {
        key: 'note:管辖范围外（或尚未提交）的另一项申报',
        text: '高度相似（距离 3）：管辖范围外（或尚未提交）的另一项申报',
        exact: false,
        images: [],
      },
    ])
  })
})
