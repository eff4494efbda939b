// Display labels for claims and pathway rules; the API speaks in codes.
import type { components } from '@/api/schema'

export type ClaimSummary = components['schemas']['ClaimSummary']
export type ClaimDetail = components['schemas']['ClaimDetail']
export type ClaimInput = components['schemas']['ClaimInput']
export type ClaimEvent = components['schemas']['ClaimEvent']
export type ClaimState = components['schemas']['State']
export type Attachment = components['schemas']['Attachment']
export type EvidenceMatch = components['schemas']['EvidenceMatch']
export type Estimate = components['schemas']['Estimate']
export type EstimateInput = components['schemas']['EstimateInput']
export type PathwayRule = components['schemas']['PathwayRule']
export type Category = components['schemas']['Category']
export type Formula = components['schemas']['Formula']
export type VersionStatus = components['schemas']['VersionStatus']
export type StepKind = components['schemas']['StepKind']
export type FieldChange = components['schemas']['FieldChange']
export type TagType = 'success' | 'warning' | 'info' | 'danger' | 'primary'

/** Every claim state with its label (the API also sends `state_label`) and tag colour, in workflow order. */
export const CLAIM_STATES: readonly { value: ClaimState; label: string; tag: TagType }[] = [
  { value: 'draft', label: '草稿', tag: 'info' },
  { value: 'submitted', label: '已提交', tag: 'primary' },
  { value: 'sub_approved', label: '三级单位已审核', tag: 'primary' },
  { value: 'returned', label: '已退回', tag: 'warning' },
  { value: 'unit_recognised', label: '单位已认定', tag: 'success' },
  { value: 'province_confirmed', label: '复审通过', tag: 'success' },
  { value: 'rejected', label: '不予认定', tag: 'danger' },
  { value: 'withdrawn', label: '已作废', tag: 'info' },
  { value: 'revoked', label: '已撤销', tag: 'danger' },
]

export const stateTag = (state: string): TagType => CLAIM_STATES.find((s) => s.value === state)?.tag ?? 'info'
export const stateLabel = (state: string | null | undefined): string =>
  state ? (CLAIM_STATES.find((s) => s.value === state)?.label ?? state) : ''

export const CATEGORIES: readonly { value: Category; label: string }[] = [
  { value: 'professional', label: '专业科目' },
  { value: 'industry_public', label: '行业公需科目' },
  { value: 'general_public', label: '一般公需科目' },
]

export const categoryLabel = (category: string): string =>
  CATEGORIES.find((c) => c.value === category)?.label ?? category

export const FORMULAS: readonly { value: Formula; label: string }[] = [
  { value: 'fixed', label: '按项计（每项固定学时）' },
  { value: 'per_day', label: '按天计' },
  { value: 'per_hour', label: '按实际学时 × 系数' },
  { value: 'per10k_chars', label: '按字数计（每万字）' },
  { value: 'table', label: '按级别与排名' },
  { value: 'approved', label: '按核定' },
]

export const formulaLabel = (formula: string): string => FORMULAS.find((f) => f.value === formula)?.label ?? formula

export const VERSION_STATUSES: Record<VersionStatus, { label: string; tag: TagType }> = {
  in_force: { label: '现行', tag: 'success' },
  scheduled: { label: '待生效', tag: 'warning' },
  superseded: { label: '已被替代', tag: 'info' },
}

/** What happened in a claim's history, by the API's event `action`. */
const EVENT_ACTIONS: Record<string, string> = {
  created: '创建草稿',
  edited: '修改申报',
  submitted: '提交申报',
  recalled: '撤回',
  withdrawn: '作废',
  recognised: '单位认定',
  forwarded: '二级单位确认报送',
  confirmed: '复审通过',
  returned: '退回修改',
  returned_to_unit: '复审退回单位',
  rejected: '不予认定',
  adjusted: '复审调减学时',
  revoked: '撤销认定',
  sampling_passed: '未抽中复审，自动通过',
}

export function eventLabel(event: Pick<ClaimEvent, 'action' | 'to_state'>): string {
  return EVENT_ACTIONS[event.action] ?? (stateLabel(event.to_state) || event.action)
}

/** Why a returned claim came back: the reason of the latest return. */
export function returnReason(events: readonly Pick<ClaimEvent, 'action' | 'at' | 'reason'>[]): string | null {
  const returns = events.filter((e) => e.action === 'returned' && e.reason)
  return returns.sort((a, b) => b.at.localeCompare(a.at))[0]?.reason ?? null
}

/** Hours as the API sends them (JSON numbers with at most one decimal), e.g. "10", "1.5"; "—" when absent. */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || Number.isNaN(hours)) return '—'
  return String(Math.round(hours * 10) / 10)
}

/** The activity date, or "start 至 end" for a period. */
export const claimDates = (claim: Pick<ClaimSummary, 'start_date' | 'end_date'>): string =>
  claim.start_date && claim.start_date !== claim.end_date ? `${claim.start_date} 至 ${claim.end_date}` : claim.end_date

/** "claimed" or "claimed / recognised" hours. */
export const claimHours = (claim: Pick<ClaimSummary, 'claimed_hours' | 'recognised_hours'>): string =>
  claim.recognised_hours != null
    ? `${formatHours(claim.claimed_hours)} / ${formatHours(claim.recognised_hours)}`
    : formatHours(claim.claimed_hours)

/** e.g. "P4 v2（2026-01-01 起施行）" for the rule version a claim is evaluated with. */
export function ruleVersionText(rule: Pick<PathwayRule, 'code' | 'version' | 'effective_from'>): string {
  return `${rule.code} v${rule.version}（${rule.effective_from} 起施行）`
}

/** The API's note for a match with the claimant's own other claim. */
const SAME_PERSON = '同一人的另一项申报'

export interface MatchGroup {
  key: string
  /** e.g. 「完全相同：张伟（某单位）的申报「…」，2026 年，已提交」 */
  text: string
  exact: boolean
  /** This claim's images concerned, as 图 n (1-based, in display order). */
  images: number[]
}

/**
 * Duplicate-evidence matches as a reviewer reads them: one line per other claim (or per note when the
 * other claim is out of sight), exact copies first, naming which of this claim's images matched.
 */
export function groupMatches(
  matches: readonly EvidenceMatch[],
  attachments: readonly Pick<Attachment, 'id'>[] = [],
): MatchGroup[] {
  const groups = new Map<string, EvidenceMatch[]>()
  for (const m of matches) {
    const key = m.other_claim ? `claim:${m.other_claim.id}` : `note:${m.note}`
    groups.set(key, [...(groups.get(key) ?? []), m])
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      const exact = list.some((m) => m.method === 'exact')
      const nearest = Math.min(...list.map((m) => m.distance))
      const how = exact ? '完全相同' : `高度相似（距离 ${nearest}）`
      const first = list[0]
      const other = first?.other_claim
      const whose = first?.note === SAME_PERSON ? SAME_PERSON : `${other?.person_name}（${other?.unit_name}）的申报`
      const where = other
        ? `${whose}「${other.title}」，${other.year} 年，${stateLabel(other.state)}`
        : (first?.note ?? '')
      const images = [
        ...new Set(list.map((m) => attachments.findIndex((a) => a.id === m.attachment_id) + 1).filter((n) => n > 0)),
      ].sort((a, b) => a - b)
      const mine = images.length > 0 ? `（本申报图 ${images.join('、')}）` : ''
      return { key, text: `${how}：${where}${mine}`, exact, images }
    })
    .sort((a, b) => Number(b.exact) - Number(a.exact))
}

/** 审核流程 step names (D6). */
export const STEP_LABELS: Record<StepKind, string> = {
  recognise: '单位认定',
  confirm: '二级单位确认报送',
  province_review: '省学时办复审',
}

/** The chain step each state waits for; a claim past every step has them all done. */
const STEP_OF_STATE: Partial<Record<ClaimState, StepKind>> = {
  submitted: 'recognise',
  sub_approved: 'confirm',
  unit_recognised: 'province_review',
}

/** el-steps' `active` for a claim's chain: the step it waits for, all of them once confirmed, else none. */
export function chainActive(claim: Pick<ClaimDetail, 'state' | 'chain'>): number {
  if (claim.state === 'province_confirmed') return claim.chain.length
  const kind = STEP_OF_STATE[claim.state]
  return kind
    ? Math.max(
        claim.chain.findIndex((s) => s.kind === kind),
        0,
      )
    : -1
}
