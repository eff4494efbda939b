// Pathway rules and claims as the API sends them, for the claim and rule specs.
import type { Attachment, ClaimDetail, PathwayRule } from '@/views/claims/labels'

export function rule(overrides: Partial<PathwayRule> = {}): PathwayRule {
  return {
    id: '01a20f9c-9277-715b-ba5b-2a1aba7fbad7',
    code: 'P4',
    version: 1,
    effective_from: '2018-01-01',
    status: 'in_force',
    name: '参加学术会议、学术讲座',
    category: 'professional',
    formula: 'table',
    amount: null,
    factor: null,
    levels: [
      { name: '国家级', values: [10] },
      { name: '省级', values: [8] },
    ],
    per_item_cap: null,
    per_year_cap: null,
    date_kind: 'period',
    evidence: [
      { name: '会议通知或邀请函', required: true },
      { name: '参会证明', required: true },
      { name: '会议日程', required: false },
    ],
    proof_required: true,
    claimable: true,
    enabled: true,
    pending_confirmation: true,
    note: '国家级 10 学时、省级 8 学时（C-TZ）',
    summary: '按级别与排名',
    created_at: '2026-11-24T22:10:49Z',
    ...overrides,
  }
}

export function attachment(id: string, kind: string | null): Attachment {
  return {
    id,
    kind,
    content_type: 'image/png',
    size: 4096,
    width: 480,
    height: 640,
    sha256: id,
    url: `/api/v1/files/${id}.png`,
    thumb_url: `/api/v1/files/${id}.thumb.jpg`,
    created_at: '2026-11-24T22:11:06Z',
  }
}

export function claim(overrides: Partial<ClaimDetail> = {}): ClaimDetail {
  return {
    id: 'c1',
    person_id: 'p1',
    person_name: '李娜',
    unit_id: 'u1',
    unit_name: '浙江省二建建设集团有限公司',
    year: 2026,
    pathway_code: 'P4',
    pathway_name: '参加学术会议、学术讲座',
    category: 'professional',
    title: '全国建筑工程学术会议',
    start_date: '2026-10-15',
    end_date: '2026-10-16',
    claimed_hours: 10,
    recognised_hours: null,
    state: 'draft',
    state_label: '草稿',
    attachment_count: 0,
    flagged: false,
    class_conflict: null,
    submitted_at: null,
    updated_at: '2026-11-24T22:11:02Z',
    organiser: '中国建筑学会',
    actual_hours: null,
    characters: null,
    level: '国家级',
    rank: null,
    description: '参加会议',
    evidence_note: null,
    declared: false,
    lock_version: 1,
    rule: rule(),
    max_hours: 10,
    attachments: [],
    missing_evidence: ['会议通知或邀请函', '参会证明'],
    chain: [],
    matches: [],
    events: [],
    actions: ['edit', 'attach', 'submit', 'withdraw'],
    review_actions: [],
    changes: [],
    ...overrides,
  }
}
