// Display labels for person fields; the API speaks in codes.
import type { components } from '@/api/schema'

export type PersonSummary = components['schemas']['PersonSummary']
export type PersonDetail = components['schemas']['PersonDetail']
export type Affiliation = 'pending' | 'confirmed' | 'rejected' | 'unregistered'
type TagType = 'success' | 'warning' | 'info' | 'danger' | 'primary'

export const GENDER_LABELS: Record<string, string> = { M: '男', F: '女' }
export const genderLabel = (code: string | null | undefined) => (code ? (GENDER_LABELS[code] ?? code) : '—')

export const AFFILIATIONS: { value: Affiliation; label: string; tag: TagType }[] = [
  { value: 'pending', label: '待确认', tag: 'warning' },
  { value: 'confirmed', label: '已确认', tag: 'success' },
  { value: 'rejected', label: '不予确认', tag: 'danger' },
  // Known only from a class roster (培训班学员名单) until the person registers.
  { value: 'unregistered', label: '未注册（培训班名单）', tag: 'info' },
]

export function affiliation(value: string): { label: string; tag: TagType } {
  return AFFILIATIONS.find((a) => a.value === value) ?? { label: value, tag: 'info' }
}

/** 职称级别, highest first, by the code the API stores. */
export const TITLE_LEVELS = [
  { code: 'ZG', name: '正高级' },
  { code: 'FG', name: '副高级' },
  { code: 'ZJ', name: '中级' },
  { code: 'ZL', name: '助理级' },
  { code: 'YJ', name: '员级' },
] as const

export const levelName = (code: string | null | undefined) =>
  TITLE_LEVELS.find((level) => level.code === code)?.name ?? code ?? ''

/** e.g. "高级工程师（副高级）"; "—" without a title. */
export function titleText(person: Pick<PersonSummary, 'title_name' | 'title_level'>): string {
  if (!person.title_name) return '—'
  return person.title_level ? `${person.title_name}（${levelName(person.title_level)}）` : person.title_name
}
