// The 职称 cascade: 专业系列 → 级别 → 职称, from the dictionary at GET /api/v1/titles.
import type { components } from '@/api/schema'
import { TITLE_LEVELS } from './labels'

export type TitleEntry = components['schemas']['TitleEntry']

export interface TitleChoice {
  series: string
  level: string
  name: string
}

export const emptyTitle = (): TitleChoice => ({ series: '', level: '', name: '' })

const levelRank = (code: string) => {
  const rank = TITLE_LEVELS.findIndex((level) => level.code === code)
  return rank < 0 ? TITLE_LEVELS.length : rank
}

/**
 * The entries to offer: active ones, plus the one a person already holds even if it has been
 * deactivated since (so an edit form still shows it rather than a blank).
 */
function offered(entries: readonly TitleEntry[], keep?: TitleChoice): TitleEntry[] {
  return entries.filter(
    (t) => t.active || (keep && t.series === keep.series && t.level === keep.level && t.name === keep.name),
  )
}

/** 专业系列, in Chinese collation order. */
export function seriesOptions(entries: readonly TitleEntry[], keep?: TitleChoice): string[] {
  return [...new Set(offered(entries, keep).map((t) => t.series))].sort((a, b) => a.localeCompare(b, 'zh-CN'))
}

/** The levels a series has, highest first, as { code, name }. */
export function levelOptions(
  entries: readonly TitleEntry[],
  series: string,
  keep?: TitleChoice,
): { code: string; name: string }[] {
  const levels = new Map<string, string>()
  for (const t of offered(entries, keep)) if (t.series === series) levels.set(t.level, t.level_name)
  return [...levels].map(([code, name]) => ({ code, name })).sort((a, b) => levelRank(a.code) - levelRank(b.code))
}

/** The title names of a series at a level. */
export function nameOptions(
  entries: readonly TitleEntry[],
  series: string,
  level: string,
  keep?: TitleChoice,
): string[] {
  return offered(entries, keep)
    .filter((t) => t.series === series && t.level === level)
    .map((t) => t.name)
}

/**
 * Drops the parts of a choice that no longer fit after a change higher up: a new series clears a
 * level it does not have, and a level clears a name it does not list. A lone remaining option is picked.
 */
export function reconcileTitle(entries: readonly TitleEntry[], choice: TitleChoice, keep?: TitleChoice): TitleChoice {
  const next = { ...choice }
  if (!next.series) return emptyTitle()
  const levels = levelOptions(entries, next.series, keep)
  if (!levels.some((l) => l.code === next.level)) next.level = levels.length === 1 ? levels[0]!.code : ''
  const names = next.level ? nameOptions(entries, next.series, next.level, keep) : []
  if (!names.includes(next.name)) next.name = names.length === 1 ? names[0]! : ''
  return next
}
