// 发布新版本: the form model of a pathway rule, its parameter inputs per formula, the level × rank
// table and evidence checklist editors, and the body sent to the API.
import type { components } from '@/api/schema'
import type { Category, Formula, PathwayRule } from '@/views/claims/labels'
import { isoDate } from '@/views/claims/form'

export type PublishRule = components['schemas']['PublishRule']
export type DateKind = components['schemas']['DateKind']

export interface LevelRow {
  name: string
  /** Hours for rank 1, 2, …; null while being typed. */
  values: (number | null)[]
}

export interface EvidenceRow {
  name: string
  required: boolean
}

export interface RuleForm {
  /** Only for a new pathway; an existing one keeps its code. */
  code: string
  effective_from: string
  name: string
  category: Category
  formula: Formula
  amount: number | null
  factor: number | null
  levels: LevelRow[]
  per_item_cap: number | null
  per_year_cap: number | null
  date_kind: DateKind
  evidence: EvidenceRow[]
  proof_required: boolean
  claimable: boolean
  enabled: boolean
  pending_confirmation: boolean
  note: string
}

/** The server's limits on a checklist: each required item needs its own image, and a claim holds five. */
export const MAX_EVIDENCE = 10
export const MAX_REQUIRED = 5
export const MAX_RANKS = 20
/** 途径代码: 1–8 upper-case letters or digits, starting with a letter. */
export const CODE_PATTERN = /^[A-Z][A-Z0-9]{0,7}$/

export const DATE_KINDS: readonly { value: DateKind; label: string }[] = [
  { value: 'period', label: '起止日期（培训、会议、课题等）' },
  { value: 'single', label: '单一日期（发表、获奖、考试等）' },
]

const later = (a: string, b: string) => (a > b ? a : b)

/** A new version prefilled from `rule`, taking effect today (or on the rule's own date if that is later). */
export function ruleToForm(rule: PathwayRule, today: Date): RuleForm {
  return {
    code: rule.code,
    effective_from: later(isoDate(today), rule.effective_from),
    name: rule.name,
    category: rule.category,
    formula: rule.formula,
    amount: rule.amount ?? null,
    factor: rule.factor ?? null,
    levels: rule.levels.map((l) => ({ name: l.name, values: [...l.values] })),
    per_item_cap: rule.per_item_cap ?? null,
    per_year_cap: rule.per_year_cap ?? null,
    date_kind: rule.date_kind,
    evidence: rule.evidence.map((e) => ({ ...e })),
    proof_required: rule.proof_required,
    claimable: rule.claimable,
    enabled: rule.enabled,
    pending_confirmation: rule.pending_confirmation,
    note: rule.note ?? '',
  }
}

/** A copy to edit, sharing no arrays with `form` (which may be a reactive proxy). */
export const cloneForm = (form: RuleForm): RuleForm => ({
  ...form,
  levels: form.levels.map((l) => ({ name: l.name, values: [...l.values] })),
  evidence: form.evidence.map((e) => ({ name: e.name, required: e.required })),
})

/** The first version of a new pathway. */
export const newRuleForm = (today: Date): RuleForm => ({
  code: '',
  effective_from: isoDate(today),
  name: '',
  category: 'professional',
  formula: 'fixed',
  amount: null,
  factor: null,
  levels: [],
  per_item_cap: null,
  per_year_cap: null,
  date_kind: 'period',
  evidence: [],
  proof_required: true,
  claimable: true,
  enabled: true,
  pending_confirmation: true,
  note: '',
})

/** Which parameter inputs a formula shows; `amount` is the label of the hours input, if any. */
export function formulaParams(formula: Formula): { amount: string | null; factor: boolean; levels: boolean } {
  const amount: Partial<Record<Formula, string>> = {
    fixed: '每项学时',
    per_day: '每天学时（≤ 8）',
    per10k_chars: '每万字学时',
  }
  return { amount: amount[formula] ?? null, factor: formula === 'per_hour', levels: formula === 'table' }
}

/** The API body: only the parameters the formula uses; blanks as null. */
export function toPublishRule(form: RuleForm): PublishRule {
  const params = formulaParams(form.formula)
  return {
    effective_from: form.effective_from,
    name: form.name.trim(),
    category: form.category,
    formula: form.formula,
    amount: params.amount ? form.amount : null,
    factor: params.factor ? form.factor : null,
    levels: params.levels
      ? form.levels.map((l) => ({ name: l.name.trim(), values: l.values.filter((v): v is number => v !== null) }))
      : [],
    per_item_cap: form.per_item_cap,
    per_year_cap: form.per_year_cap,
    date_kind: form.date_kind,
    evidence: form.evidence.map((e) => ({ name: e.name.trim(), required: e.required })),
    proof_required: form.proof_required,
    claimable: form.claimable,
    enabled: form.enabled,
    pending_confirmation: form.pending_confirmation,
    note: form.note.trim() ? form.note.trim() : null,
  }
}

// --- the level × rank table ---------------------------------------------------------------------

export function addLevel(rows: LevelRow[]): void {
  rows.push({ name: '', values: [null] })
}

export function removeLevel(rows: LevelRow[], index: number): void {
  rows.splice(index, 1)
}

/** Adds the next rank to a level, prefilled with the last rank's hours (ranks usually step down). */
export function addRank(row: LevelRow): void {
  if (row.values.length >= MAX_RANKS) return
  row.values.push(row.values.at(-1) ?? null)
}

/** Removes one rank; a level keeps at least its first. */
export function removeRank(row: LevelRow, index: number): void {
  if (row.values.length <= 1) return
  row.values.splice(index, 1)
}

/** The widest level, for the rank headers (名次 1..n). */
export const rankCount = (rows: readonly LevelRow[]): number => Math.max(1, ...rows.map((r) => r.values.length))

// --- the evidence checklist -------------------------------------------------------------------

export const canAddEvidence = (items: readonly EvidenceRow[]) => items.length < MAX_EVIDENCE

/** Whether item `index` may be switched to 必传 (five at most). */
export const canRequire = (items: readonly EvidenceRow[], index: number) =>
  !!items[index]?.required || items.filter((e) => e.required).length < MAX_REQUIRED

export function addEvidence(items: EvidenceRow[]): void {
  if (canAddEvidence(items)) items.push({ name: '', required: canRequire(items, -1) })
}

/** Moves an item up (-1) or down (+1); nothing happens at either end. */
export function moveItem<T>(items: T[], index: number, delta: -1 | 1): void {
  const target = index + delta
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return
  const [item] = items.splice(index, 1) as [T]
  items.splice(target, 0, item)
}

// --- server errors ------------------------------------------------------------------------------

/** `levels[2]` → 2 for the given list name, else null. */
export function fieldIndex(field: string, list: string): number | null {
  const match = new RegExp(`^${list}\\[(\\d+)\\]`).exec(field)
  return match ? Number(match[1]) : null
}

const RULE_FIELDS = [
  'code',
  'effective_from',
  'name',
  'category',
  'formula',
  'amount',
  'factor',
  'levels',
  'per_item_cap',
  'per_year_cap',
  'date_kind',
  'evidence',
  'proof_required',
  'claimable',
  'enabled',
  'pending_confirmation',
  'note',
]

/** Whether the form shows a message for `field` beside an input (else it goes into a toast). */
export const isRuleField = (field: string): boolean =>
  RULE_FIELDS.includes(field) || fieldIndex(field, 'levels') !== null || fieldIndex(field, 'evidence') !== null

/** What the form can tell before asking the server, keyed like the server's field errors. */
export function checkRuleForm(form: RuleForm, isNew: boolean, latestDate: string | null): Record<string, string> {
  const found: Record<string, string> = {}
  const params = formulaParams(form.formula)
  if (isNew && !CODE_PATTERN.test(form.code.trim().toUpperCase()))
    found.code = '途径代码应为 1–8 位大写字母或数字，以字母开头'
  if (!form.effective_from) found.effective_from = '请选择生效日期'
  else if (latestDate && form.effective_from < latestDate)
    found.effective_from = `生效日期不得早于最近一个版本的生效日期 ${latestDate}`
  if (!form.name.trim()) found.name = '请填写途径名称'
  if (params.amount && form.amount == null) found.amount = `请填写${params.amount.replace(/（.*）/, '')}`
  if (params.factor && form.factor == null) found.factor = '请填写系数'
  if (params.levels) {
    if (form.levels.length === 0) found.levels = '请至少填写一个级别'
    form.levels.forEach((level, i) => {
      if (!level.name.trim()) found[`levels[${i}]`] = '请填写级别名称'
      else if (level.values.some((v) => v == null)) found[`levels[${i}]`] = '请填写每个名次的学时'
    })
  }
  form.evidence.forEach((item, i) => {
    if (!item.name.trim()) found[`evidence[${i}]`] = '请填写材料名称'
  })
  if (form.formula === 'per_day' && form.date_kind !== 'period') found.date_kind = '按天计算的途径须填写起止日期'
  return found
}
