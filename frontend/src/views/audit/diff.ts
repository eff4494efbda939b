// A readable before/after comparison of an audit entry's JSON snapshots.

export type DiffKind = 'added' | 'removed' | 'changed' | 'same'

export interface DiffRow {
  key: string
  before: string | null
  after: string | null
  kind: DiffKind
}

/** The key used when a snapshot is not an object (a bare value or a list). */
export const WHOLE_VALUE = '(值)'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** JSON with object keys sorted, so that equal values compare equal whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  )
}

/** A value for display: text as is, null as "null", everything else pretty-printed JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === undefined) return ''
  return JSON.stringify(value, null, 2)
}

function asFields(snapshot: unknown): Map<string, unknown> {
  if (snapshot === null || snapshot === undefined) return new Map()
  if (isRecord(snapshot)) return new Map(Object.entries(snapshot))
  return new Map([[WHOLE_VALUE, snapshot]])
}

/** A key with a null value says no more than a missing key: both mean "no value". */
const valueOf = (fields: Map<string, unknown>, key: string) => fields.get(key) ?? null

/**
 * One row per key of either snapshot, in the order the keys first appear (before, then after):
 * `added` when only after has a value, `removed` when only before has one, else `changed` or `same`.
 * A null value counts as no value, so `reason: null` next to a missing `reason` is `same`.
 */
export function diffSnapshots(before: unknown, after: unknown): DiffRow[] {
  const b = asFields(before)
  const a = asFields(after)
  const keys = [...new Set([...b.keys(), ...a.keys()])]
  return keys.map((key) => {
    const was = valueOf(b, key)
    const is = valueOf(a, key)
    const kind: DiffKind =
      canonical(was) === canonical(is) ? 'same' : was === null ? 'added' : is === null ? 'removed' : 'changed'
    return {
      key,
      before: b.has(key) ? showValue(was) : null,
      after: a.has(key) ? showValue(is) : null,
      kind,
    }
  })
}

/** The keys that differ, for a one-line summary. */
export const changedKeys = (rows: readonly DiffRow[]) => rows.filter((r) => r.kind !== 'same').map((r) => r.key)
