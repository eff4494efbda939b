// 培训班统一认定 (issue 7): labels, the list filters, the application form and its checks, and the
// application deadline as the browser shows it while the form is filled. The server has the last word on
// every check; these only catch mistakes before a round trip. Who sees what mirrors the server's grants.
import type { components, paths } from '@/api/schema'
import type { Me } from '@/auth/roles'
import type { TagType } from '@/views/claims/labels'
import { formatHours } from '@/views/claims/labels'

type Schemas = components['schemas']
export type ClassSummary = Schemas['ClassSummary']
export type ClassDetail = Schemas['ClassDetail']
export type ClassInput = Schemas['ClassInput']
export type ClassFile = Schemas['ClassFile']
/** The API sends `state` as text; these are the states it names. */
export type ClassState = 'draft' | 'submitted' | 'approved' | 'rejected' | 'posted'
export type PlanKind = Schemas['PlanKind']
export type Split = Schemas['Split']
export type ClassQuery = NonNullable<paths['/api/v1/classes']['get']['parameters']['query']>
export type FileKind = 'notice' | 'schedule' | 'other'
export type ExceptionKind = 'application' | 'roster'

/** 培训班: training organisers (their unit's classes) and 省学时办 (all classes, decides). */
export const CLASS_ROLES = ['organiser', 'province'] as const

const holds = (me: Pick<Me, 'roles'> | null, role: string) => (me?.roles ?? []).some((b) => b.role === role)
export const isProvince = (me: Pick<Me, 'roles'> | null): boolean => holds(me, 'province')
export const isOrganiser = (me: Pick<Me, 'roles'> | null): boolean => holds(me, 'organiser')

export const CLASS_STATES: readonly { value: ClassState; label: string; tag: TagType }[] = [
  { value: 'draft', label: '草稿', tag: 'info' },
  { value: 'submitted', label: '待审核', tag: 'primary' },
  { value: 'approved', label: '已同意', tag: 'success' },
  { value: 'rejected', label: '不同意', tag: 'danger' },
  { value: 'posted', label: '已登记学时', tag: 'success' },
]

export const classStateTag = (state: string): TagType => CLASS_STATES.find((s) => s.value === state)?.tag ?? 'info'

export const PLAN_KINDS: readonly { value: PlanKind; label: string; short: string; days: number }[] = [
  { value: 'annual_plan', label: '年度计划内（提前7天）', short: '年度计划内', days: 7 },
  { value: 'affiliated', label: '厅直属单位、厅管社团（提前14天）', short: '厅直属单位、厅管社团', days: 14 },
]

export const planKindLabel = (kind: string): string => PLAN_KINDS.find((k) => k.value === kind)?.short ?? kind

/** How many calendar days before the start an application must be in (D9). */
export const leadDays = (kind: PlanKind): number => PLAN_KINDS.find((k) => k.value === kind)?.days ?? 7

export const FILE_KINDS: readonly { value: FileKind; label: string }[] = [
  { value: 'notice', label: '培训通知' },
  { value: 'schedule', label: '课程安排' },
  { value: 'other', label: '其他材料' },
]

export const fileKindLabel = (kind: string): string => FILE_KINDS.find((k) => k.value === kind)?.label ?? kind

export const EXCEPTION_KINDS: readonly { value: ExceptionKind; label: string; hint: string }[] = [
  { value: 'application', label: '逾期申报', hint: '允许在申报期限之后提交申请' },
  { value: 'roster', label: '逾期报送名单', hint: '允许在培训结束 7 天之后上传学员名单' },
]

export const exceptionKindLabel = (kind: string): string => EXCEPTION_KINDS.find((k) => k.value === kind)?.label ?? kind

// --- dates (China Standard Time, whole calendar days) ------------------------------------------------

const DAY = 86_400_000
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Today in China Standard Time (UTC+8) as YYYY-MM-DD, whatever the browser's time zone. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

const dayNumber = (date: string): number | null => {
  if (!ISO_DATE.test(date)) return null
  const time = Date.parse(`${date}T00:00:00Z`)
  return Number.isNaN(time) ? null : Math.round(time / DAY)
}

/** `date` moved by `days` calendar days (negative: earlier). */
export function addDays(date: string, days: number): string {
  const n = dayNumber(date)
  if (n === null) return ''
  return new Date((n + days) * DAY).toISOString().slice(0, 10)
}

/** Calendar days from `from` to `to` (negative when `to` is earlier); null when either is not a date. */
export function daysBetween(from: string, to: string): number | null {
  const a = dayNumber(from)
  const b = dayNumber(to)
  return a === null || b === null ? null : b - a
}

/** The last day an application may be submitted: the start date minus 7 or 14 calendar days. */
export function applicationDeadline(startDate: string, kind: PlanKind): string | null {
  return dayNumber(startDate) === null ? null : addDays(startDate, -leadDays(kind))
}

export interface DeadlineHint {
  deadline: string
  /** Days left until the deadline (0 on the day itself); negative once it has passed. */
  remaining: number
  late: boolean
  text: string
}

/**
 * The line under the dates: 「须于 YYYY-MM-DD 前提交，还剩 n 天」, or once today (UTC+8) is past the deadline
 * 「已超过申报期限…需省学时办批准逾期例外」. Null until a start date is chosen.
 */
export function deadlineHint(startDate: string, kind: PlanKind, today: string = chinaToday()): DeadlineHint | null {
  const deadline = applicationDeadline(startDate, kind)
  const remaining = deadline ? daysBetween(today, deadline) : null
  if (!deadline || remaining === null) return null
  const days = leadDays(kind)
  if (remaining < 0)
    return {
      deadline,
      remaining,
      late: true,
      text: `已超过申报期限（须于开班前 ${days} 天、即 ${deadline} 前提交），需省学时办批准逾期例外后方可提交`,
    }
  const left = remaining === 0 ? '今天是最后一天' : `还剩 ${remaining} 天`
  return { deadline, remaining, late: false, text: `须于 ${deadline} 前提交，${left}` }
}

/** "2026-12-01 至 2026-12-03", or the one day. */
export const classDates = (c: Pick<ClassSummary, 'start_date' | 'end_date'>): string =>
  c.start_date === c.end_date ? c.start_date : `${c.start_date} 至 ${c.end_date}`

/** "24" or "24 / 20" (申请 / 认定). */
export const classHours = (c: Pick<ClassSummary, 'total_hours' | 'approved_hours'>): string =>
  c.approved_hours != null
    ? `${formatHours(c.total_hours)} / ${formatHours(c.approved_hours)}`
    : formatHours(c.total_hours)

// --- the list -------------------------------------------------------------------------------------

export interface ClassFilters {
  /** A state, 'all', or '' for the default (省学时办: 待审核; organisers: all). */
  state: string
  /** Part of the class or unit name. */
  q: string
}

export const emptyClassFilters = (): ClassFilters => ({ state: '', q: '' })

/** What '' means: 省学时办 opens on the applications waiting for a decision; organisers on all of theirs. */
export const defaultState = (province: boolean): string => (province ? 'submitted' : 'all')

const isState = (value: string): value is ClassState => CLASS_STATES.some((s) => s.value === value)

/** The API's query for the filters; blank or malformed ones are left out. */
export function classQuery(filters: ClassFilters, province: boolean): ClassQuery {
  const query: ClassQuery = {}
  const state = filters.state || defaultState(province)
  if (isState(state)) query.state = state
  if (filters.q.trim()) query.q = filters.q.trim()
  return query
}

// --- the application form ---------------------------------------------------------------------------

/** 学时类别: one category takes the whole total; 分类别 splits it by hand. */
export type CategoryChoice = keyof Split | 'split'

export const CATEGORY_CHOICES: readonly { value: CategoryChoice; label: string }[] = [
  { value: 'professional', label: '专业科目' },
  { value: 'industry_public', label: '行业公需科目' },
  { value: 'general_public', label: '一般公需科目' },
  { value: 'split', label: '分类别' },
]

export const SPLIT_KEYS: readonly { key: keyof Split; label: string }[] = [
  { key: 'professional', label: '专业科目' },
  { key: 'industry_public', label: '行业公需科目' },
  { key: 'general_public', label: '一般公需科目' },
]

export interface ClassForm {
  unit_name: string
  org_code: string
  address: string
  contact_person: string
  contact_phone: string
  name: string
  location: string
  content: string
  start_date: string
  end_date: string
  days: number | null
  hours_per_day: number | null
  total_hours: number | null
  planned_headcount: number | null
  plan_kind: PlanKind
  plan_ref: string
  category: CategoryChoice
  split: Split
}

export type ClassField = Exclude<keyof ClassForm, 'category' | 'split'> | 'hours'

export const CLASS_FIELDS: readonly ClassField[] = [
  'unit_name',
  'org_code',
  'address',
  'contact_person',
  'contact_phone',
  'name',
  'location',
  'content',
  'start_date',
  'end_date',
  'days',
  'hours_per_day',
  'total_hours',
  'planned_headcount',
  'plan_kind',
  'plan_ref',
  'hours',
]

const zeroSplit = (): Split => ({ professional: 0, industry_public: 0, general_public: 0 })

export const emptyClassForm = (): ClassForm => ({
  unit_name: '',
  org_code: '',
  address: '',
  contact_person: '',
  contact_phone: '',
  name: '',
  location: '',
  content: '',
  start_date: '',
  end_date: '',
  days: null,
  hours_per_day: null,
  total_hours: null,
  planned_headcount: null,
  plan_kind: 'annual_plan',
  plan_ref: '',
  category: 'professional',
  split: zeroSplit(),
})

/** Hours in tenths, to add without floating-point drift. */
const tenths = (hours: number | null | undefined) => Math.round((hours ?? 0) * 10)

export const splitTotal = (split: Split): number =>
  (tenths(split.professional) + tenths(split.industry_public) + tenths(split.general_public)) / 10

/** The category a split comes from: the one that holds every hour, else 分类别. */
export function categoryOf(split: Split): CategoryChoice {
  const used = SPLIT_KEYS.filter(({ key }) => tenths(split[key]) > 0)
  return used.length === 1 ? used[0]!.key : used.length === 0 ? 'professional' : 'split'
}

/** The hours per category the form asks for: all in the chosen category, or the split as typed. */
export function splitOf(form: Pick<ClassForm, 'category' | 'split' | 'total_hours'>): Split {
  if (form.category === 'split')
    return {
      professional: form.split.professional ?? 0,
      industry_public: form.split.industry_public ?? 0,
      general_public: form.split.general_public ?? 0,
    }
  return { ...zeroSplit(), [form.category]: form.total_hours ?? 0 }
}

/** "专业科目 16，行业公需科目 8" (categories without hours left out). */
export function splitText(split: Split | null | undefined): string {
  if (!split) return '—'
  const parts = SPLIT_KEYS.filter(({ key }) => tenths(split[key]) > 0).map(
    ({ key, label }) => `${label} ${formatHours(split[key])}`,
  )
  return parts.length > 0 ? parts.join('，') : '—'
}

export function formFromClass(c: ClassDetail): ClassForm {
  const category = categoryOf(c.hours)
  return {
    unit_name: c.unit_name,
    org_code: c.org_code,
    address: c.address,
    contact_person: c.contact_person,
    contact_phone: c.contact_phone,
    name: c.name,
    location: c.location,
    content: c.content,
    start_date: c.start_date,
    end_date: c.end_date,
    days: c.days,
    hours_per_day: c.hours_per_day,
    total_hours: c.total_hours,
    planned_headcount: c.planned_headcount,
    plan_kind: c.plan_kind,
    plan_ref: c.plan_ref ?? '',
    category,
    split: category === 'split' ? { ...c.hours } : zeroSplit(),
  }
}

/** The unit's particulars from an earlier application, to fill a new one. */
export const unitPart = (
  c: Pick<ClassInput, 'unit_name' | 'org_code' | 'address' | 'contact_person' | 'contact_phone'>,
): Pick<ClassForm, 'unit_name' | 'org_code' | 'address' | 'contact_person' | 'contact_phone'> => ({
  unit_name: c.unit_name,
  org_code: c.org_code,
  address: c.address,
  contact_person: c.contact_person,
  contact_phone: c.contact_phone,
})

export function toClassInput(form: ClassForm): ClassInput {
  return {
    unit_name: form.unit_name.trim(),
    org_code: form.org_code.trim().toUpperCase(),
    address: form.address.trim(),
    contact_person: form.contact_person.trim(),
    contact_phone: form.contact_phone.trim(),
    name: form.name.trim(),
    location: form.location.trim(),
    content: form.content.trim(),
    start_date: form.start_date,
    end_date: form.end_date,
    days: form.days ?? 0,
    hours_per_day: form.hours_per_day ?? 0,
    total_hours: form.total_hours ?? 0,
    planned_headcount: form.planned_headcount ?? 0,
    plan_kind: form.plan_kind,
    plan_ref: form.plan_ref.trim() || null,
    hours: splitOf(form),
  }
}

/** 培训天数 the dates allow: both days included. */
export const spanDays = (start: string, end: string): number | null => {
  const d = daysBetween(start, end)
  return d === null || d < 0 ? null : d + 1
}

/** A day counts at most 8 hours (D11). */
export const MAX_HOURS_PER_DAY = 8

/** 18-character 统一社会信用代码 or 9-character 组织机构代码 (the server checks the check digit). */
const ORG_CODE = /^([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}|[0-9A-Z]{8}-?[0-9X])$/

/**
 * The cross-field checks the server makes too: hours per day ≤ 8, total ≤ days × hours per day, end not
 * before start, days within the dates, the split adding up to the total. Field → message.
 */
export function checkClassForm(form: ClassForm): Partial<Record<ClassField, string>> {
  const errors: Partial<Record<ClassField, string>> = {}
  const code = form.org_code.trim().toUpperCase()
  if (code && !ORG_CODE.test(code)) errors.org_code = '应为 18 位统一社会信用代码或 9 位组织机构代码'
  const span = form.start_date && form.end_date ? daysBetween(form.start_date, form.end_date) : null
  if (span !== null && span < 0) errors.end_date = '结束日期不能早于开始日期'
  if (form.hours_per_day !== null && form.hours_per_day > MAX_HOURS_PER_DAY)
    errors.hours_per_day = `每天学时不能超过 ${MAX_HOURS_PER_DAY} 学时`
  if (form.days !== null && span !== null && span >= 0 && form.days > span + 1)
    errors.days = `培训天数不能超过起止日期包含的 ${span + 1} 天`
  if (form.days !== null && form.hours_per_day !== null && form.total_hours !== null) {
    const most = (form.days * tenths(form.hours_per_day)) / 10
    if (tenths(form.total_hours) > tenths(most))
      errors.total_hours = `总学时不能超过 培训天数 × 每天学时（${formatHours(most)} 学时）`
  }
  if (form.category === 'split' && form.total_hours !== null) {
    const sum = splitTotal(splitOf(form))
    if (tenths(sum) !== tenths(form.total_hours))
      errors.hours = `各类别学时合计 ${formatHours(sum)}，应等于总学时 ${formatHours(form.total_hours)}`
  }
  return errors
}

/**
 * 培训天数 follows the dates until the user types their own figure: a value still equal to the previous
 * suggestion (or empty) takes the new one.
 */
export function prefillDays(current: number | null, previous: number | null, suggestion: number | null): number | null {
  if (suggestion === null) return current
  return current === null || current === previous ? suggestion : current
}

// --- files ----------------------------------------------------------------------------------------

/** 办班方案: PDF or images, each at most 20 MB (the server checks the content). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024
export const FILE_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png'
const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png']
const FILE_EXTENSIONS = /\.(pdf|jpe?g|png)$/i

/** Why a picked file cannot be sent, or null when it may. */
export function fileProblem(file: Pick<File, 'name' | 'size' | 'type'>): string | null {
  const typed = file.type ? FILE_TYPES.includes(file.type.toLowerCase()) : FILE_EXTENSIONS.test(file.name)
  if (!typed) return `「${file.name}」不是 PDF、JPG 或 PNG 文件`
  if (file.size > MAX_FILE_BYTES) return `「${file.name}」超过 20 MB`
  return null
}

/** The Content-Type to send a picked file with (some systems leave `type` empty). */
export function fileType(file: Pick<File, 'name' | 'type'>): string {
  if (file.type) return file.type
  if (/\.pdf$/i.test(file.name)) return 'application/pdf'
  if (/\.png$/i.test(file.name)) return 'image/png'
  return 'image/jpeg'
}
