// The claim form: which fields a pathway asks for, the form ↔ API bodies, and the live hint.
import type {
  Attachment,
  Category,
  ClaimDetail,
  ClaimInput,
  Estimate,
  EstimateInput,
  PathwayRule,
  TagType,
} from './labels'
import { CATEGORIES, formatHours } from './labels'

export interface ClaimForm {
  pathway_code: string
  title: string
  organiser: string
  /** YYYY-MM-DD, '' when not set. */
  start_date: string
  end_date: string
  actual_hours: number | null
  characters: number | null
  level: string
  rank: number | null
  claimed_hours: number | null
  description: string
  evidence_note: string
}

/** Request fields the server may reject, for el-form-item's `error` prop. */
export const CLAIM_FIELDS = [
  'pathway_code',
  'title',
  'organiser',
  'start_date',
  'end_date',
  'actual_hours',
  'characters',
  'level',
  'rank',
  'claimed_hours',
  'description',
  'evidence_note',
  'declared',
  'attachments',
] as const
export type ClaimField = (typeof CLAIM_FIELDS)[number]

export const emptyForm = (): ClaimForm => ({
  pathway_code: '',
  title: '',
  organiser: '',
  start_date: '',
  end_date: '',
  actual_hours: null,
  characters: null,
  level: '',
  rank: null,
  claimed_hours: null,
  description: '',
  evidence_note: '',
})

export function formFromClaim(claim: ClaimDetail): ClaimForm {
  return {
    pathway_code: claim.pathway_code,
    title: claim.title,
    organiser: claim.organiser ?? '',
    start_date: claim.start_date ?? '',
    end_date: claim.end_date,
    actual_hours: claim.actual_hours ?? null,
    characters: claim.characters ?? null,
    level: claim.level ?? '',
    rank: claim.rank ?? null,
    claimed_hours: claim.claimed_hours,
    description: claim.description,
    evidence_note: claim.evidence_note ?? '',
  }
}

type RuleShape = Pick<PathwayRule, 'formula' | 'date_kind' | 'levels' | 'name'>

/** The fields a pathway's form shows, and how they are labelled. */
export interface FieldPlan {
  /** Start and end dates; otherwise one date. */
  period: boolean
  endLabel: string
  titleLabel: string
  titlePlaceholder: string
  organiserLabel: string
  actualHours: boolean
  characters: boolean
  level: boolean
  /** Hours per rank 1..n of the chosen level, when the level ranks more than one place. */
  ranks: number[]
}

const PUBLISHED = /论文|著作|教材|译作|期刊|出版/

export function fieldsFor(rule: RuleShape | null | undefined, level = ''): FieldPlan {
  const period = rule?.date_kind !== 'single'
  const published = !!rule && (rule.formula === 'per10k_chars' || PUBLISHED.test(rule.name))
  const values = rule?.formula === 'table' ? (rule.levels.find((l) => l.name === level)?.values ?? []) : []
  return {
    period,
    endLabel: period ? '结束日期' : '日期（发表、获奖或考试日期）',
    titleLabel: published ? '论文或著作名称' : period ? '活动名称' : '名称',
    titlePlaceholder: published
      ? '论文题目、著作或教材名称'
      : period
        ? '培训、会议、课题等活动的名称'
        : '奖项、专利、证书或考试名称',
    organiserLabel: published ? '发表刊物或出版社' : period ? '主办单位' : '颁发或组织单位',
    actualHours: rule?.formula === 'per_hour',
    characters: rule?.formula === 'per10k_chars',
    level: rule?.formula === 'table',
    ranks: values.length > 1 ? values : [],
  }
}

const text = (value: string) => value.trim()
const optionalText = (value: string) => (value.trim() ? value.trim() : null)

/** The body of 保存草稿 / 修改: only the fields the pathway uses, blanks as null. */
export function toClaimInput(form: ClaimForm, rule: RuleShape | null | undefined): ClaimInput {
  const plan = fieldsFor(rule, form.level)
  const body: ClaimInput = {
    pathway_code: form.pathway_code,
    title: text(form.title),
    organiser: optionalText(form.organiser),
    end_date: form.end_date,
    claimed_hours: form.claimed_hours ?? 0,
    description: text(form.description),
    evidence_note: optionalText(form.evidence_note),
  }
  if (plan.period) body.start_date = form.start_date || null
  if (plan.actualHours) body.actual_hours = form.actual_hours
  if (plan.characters) body.characters = form.characters
  if (plan.level) {
    body.level = form.level || null
    body.rank = plan.ranks.length > 0 ? (form.rank ?? 1) : null
  }
  return body
}

/** The body of the live estimate, or null before a pathway is chosen. */
export function toEstimateInput(
  form: ClaimForm,
  rule: RuleShape | null | undefined,
  claimId?: string | null,
): EstimateInput | null {
  if (!form.pathway_code) return null
  const plan = fieldsFor(rule, form.level)
  const body: EstimateInput = { pathway_code: form.pathway_code }
  if (form.end_date) body.end_date = form.end_date
  if (plan.period && form.start_date) body.start_date = form.start_date
  if (plan.actualHours && form.actual_hours !== null) body.actual_hours = form.actual_hours
  if (plan.characters && form.characters !== null) body.characters = form.characters
  if (plan.level && form.level) {
    body.level = form.level
    if (plan.ranks.length > 0) body.rank = form.rank ?? 1
  }
  if (claimId) body.claim_id = claimId
  return body
}

export interface Hint {
  text: string
  type: TagType
}

/**
 * The line beside 申报学时: 「建议学时 X，本项最多 Y 学时；explanation；本年度该途径还可申报 Z 学时」, or what
 * is still missing before there is a suggestion. Null when there is nothing to say.
 */
export function estimateHint(estimate: Estimate | null | undefined): Hint | null {
  if (!estimate) return null
  if (estimate.year_open === false) {
    const deadline = estimate.claim_deadline ? `（申报截止日期 ${estimate.claim_deadline}）` : ''
    return { text: `${estimate.year ?? ''} 年度已停止申报${deadline}`, type: 'danger' }
  }
  // The server appends the cap to the formula's words, which may be empty (「，每项最多 72 学时」).
  const explanation = estimate.explanation.trim().replace(/^[，；、\s]+/, '')
  const cap = estimate.max_hours != null ? `本项最多 ${formatHours(estimate.max_hours)} 学时` : ''
  const remaining =
    estimate.year_remaining_hours != null
      ? `本年度该途径还可申报 ${formatHours(estimate.year_remaining_hours)} 学时`
      : ''
  const join = (parts: string[]) => parts.filter(Boolean).join('；')
  if (estimate.suggested_hours != null) {
    const head = [`建议学时 ${formatHours(estimate.suggested_hours)}`, cap].filter(Boolean).join('，')
    return {
      text: join([head, explanation, remaining]),
      type: estimate.year_remaining_hours === 0 ? 'warning' : 'success',
    }
  }
  const missing = estimate.problems[0]?.message
  if (missing) return { text: join([`${missing}后显示建议学时`, cap]), type: 'info' }
  // 按核定: no suggestion; the explanation already names the cap.
  const text = join([explanation || cap, remaining])
  return text ? { text, type: 'info' } : null
}

/** The rules a person may claim under, grouped by subject category, in catalogue order. */
export function claimableGroups(rules: readonly PathwayRule[]): { label: string; rules: PathwayRule[] }[] {
  const usable = rules.filter((r) => r.claimable && r.enabled && r.status === 'in_force')
  return CATEGORIES.map((c) => ({
    label: c.label,
    rules: usable.filter((r) => r.category === (c.value as Category)),
  })).filter((g) => g.rules.length > 0)
}

export interface EvidenceState {
  name: string
  required: boolean
  count: number
}

/** Each checklist item with how many images are labelled with it. */
export function evidenceState(
  evidence: readonly { name: string; required: boolean }[],
  attachments: readonly Pick<Attachment, 'kind'>[],
): EvidenceState[] {
  return evidence.map((item) => ({
    ...item,
    count: attachments.filter((a) => a.kind === item.name).length,
  }))
}

/** Required checklist items without an image (what the server reports as `missing_evidence`). */
export const missingEvidence = (
  evidence: readonly { name: string; required: boolean }[],
  attachments: readonly Pick<Attachment, 'kind'>[],
): string[] =>
  evidenceState(evidence, attachments)
    .filter((e) => e.required && e.count === 0)
    .map((e) => e.name)

/** The 材料类型 to offer next: the first required item still missing, else the first item without an image. */
export function nextKind(
  evidence: readonly { name: string; required: boolean }[],
  attachments: readonly Pick<Attachment, 'kind'>[],
): string {
  const state = evidenceState(evidence, attachments)
  return (
    state.find((e) => e.required && e.count === 0)?.name ??
    state.find((e) => e.count === 0)?.name ??
    state[0]?.name ??
    ''
  )
}

/** Today in the browser's time zone as YYYY-MM-DD (activity dates may not be later). */
export function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/**
 * 申报学时 follows the suggestion until the user types their own figure: a value still equal to the
 * previous suggestion (or empty) takes the new one; anything else is the user's and stays.
 */
export function prefillHours(
  current: number | null,
  previousSuggestion: number | null,
  suggestion: number | null | undefined,
): number | null {
  if (suggestion === null || suggestion === undefined) return current
  return current === null || current === previousSuggestion ? suggestion : current
}
