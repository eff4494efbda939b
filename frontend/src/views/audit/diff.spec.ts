import { describe, expect, it } from 'vitest'
import { changedKeys, diffSnapshots, showValue, WHOLE_VALUE } from './diff'

const kinds = (rows: ReturnType<typeof diffSnapshots>) => Object.fromEntries(rows.map((r) => [r.key, r.kind]))

describe('diffSnapshots', () => {
  it('marks exactly the keys whose values differ', () => {
    const rows = diffSnapshots(
      { name: '赵敏', affiliation: 'pending', phone: '137****3333', is_provincial: true },
      { name: '赵敏', affiliation: 'confirmed', phone: '137****3333', is_provincial: false },
    )

    expect(kinds(rows)).toEqual({ name: 'same', affiliation: 'changed', phone: 'same', is_provincial: 'changed' })
    expect(changedKeys(rows)).toEqual(['affiliation', 'is_provincial'])
    expect(rows.find((r) => r.key === 'affiliation')).toMatchObject({ before: 'pending', after: 'confirmed' })
  })

  it('tells added and removed keys apart, keeping the order in which keys first appear', () => {
    const rows = diffSnapshots(
      { affiliation: 'pending', note: 'x' },
      { affiliation: 'rejected', reason: '非本单位职工' },
    )

    expect(rows.map((r) => r.key)).toEqual(['affiliation', 'note', 'reason'])
    expect(kinds(rows)).toEqual({ affiliation: 'changed', note: 'removed', reason: 'added' })
    expect(rows.find((r) => r.key === 'note')).toMatchObject({ before: 'x', after: null })
    expect(rows.find((r) => r.key === 'reason')).toMatchObject({ before: null, after: '非本单位职工' })
  })

  it('treats a null value like a missing one, and a value appearing or vanishing as added or removed', () => {
    const rows = diffSnapshots(
      { affiliation: 'pending', title_name: null, phone: '138****1001' },
      { affiliation: 'confirmed', reason: null, title_name: '工程师', phone: null },
    )

    expect(kinds(rows)).toEqual({ affiliation: 'changed', title_name: 'added', phone: 'removed', reason: 'same' })
    expect(rows.find((r) => r.key === 'reason')).toMatchObject({ before: null, after: 'null' })
    expect(rows.find((r) => r.key === 'phone')).toMatchObject({ before: '138****1001', after: 'null' })
  })

  it('compares nested values deeply, ignoring key order, and pretty-prints them', () => {
    const rows = diffSnapshots(
      { scope: { unit: 'a', tier: 'third' }, tags: [1, 2] },
      { scope: { tier: 'third', unit: 'a' }, tags: [2, 1] },
    )

    expect(kinds(rows)).toEqual({ scope: 'same', tags: 'changed' })
    expect(rows[1]!.after).toBe('[\n  2,\n  1\n]')
    expect(rows[0]!.before).toBe('{\n  "unit": "a",\n  "tier": "third"\n}')
  })

  it('lists every key of a creation (no before) as added', () => {
    const rows = diffSnapshots(null, { id_number: '3301**********0026', name: '赵敏' })

    expect(kinds(rows)).toEqual({ id_number: 'added', name: 'added' })
    expect(rows.every((r) => r.before === null)).toBe(true)
  })

  it('compares snapshots that are not objects as one value', () => {
    expect(diffSnapshots('a', 'b')).toEqual([{ key: WHOLE_VALUE, before: 'a', after: 'b', kind: 'changed' }])
    expect(diffSnapshots(undefined, undefined)).toEqual([])
  })
})

describe('showValue', () => {
  it('shows text as is and everything else as JSON', () => {
    expect(showValue('浙江省建工集团有限责任公司')).toBe('浙江省建工集团有限责任公司')
    expect(showValue(true)).toBe('true')
    expect(showValue(12)).toBe('12')
    expect(showValue(null)).toBe('null')
  })
})
