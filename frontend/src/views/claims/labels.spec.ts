import { describe, expect, it } from 'vitest'
import { attachment } from '@/test/claims'
import {
  CLAIM_STATES,
  eventLabel,
  formatHours,
  groupMatches,
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
