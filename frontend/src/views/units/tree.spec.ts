import { describe, expect, it } from 'vitest'
import { buildUnitTree, codeLabel, flattenTree, normalizeCode, pathTo, type UnitNode, type UnitTreeNode } from './tree'

let next = 0
function unit(name: string, parent: UnitNode | null, extra: Partial<UnitNode> = {}): UnitNode {
  next += 1
  return {
    id: `id-${name}`,
    parent_id: parent?.id ?? null,
    name,
    code: `CODE${next}`,
    tier: parent === null ? 'province' : parent.tier === 'province' ? 'second' : 'third',
    active: true,
    second_confirms: true,
    person_count: 0,
    ...extra,
  }
}

// The demo tree as GET /units answers 省学时办: flat, ordered by path.
const sxb = unit('省学时办', null)
const jt = unit('建设投资集团', sxb)
const jg = unit('建工集团', jt)
const ej = unit('二建集团', jt)
const sjy = unit('设计研究院', sxb)
const demo = [sxb, jt, jg, ej, sjy]

/** The forest as indented names, which makes shape and order visible in one assertion. */
const outline = (roots: UnitTreeNode[], depth = 0): string[] =>
  roots.flatMap((node) => [`${'  '.repeat(depth)}${node.name}`, ...outline(node.children, depth + 1)])

describe('buildUnitTree', () => {
  it('nests the flat list by parent_id, keeping the API order among siblings', () => {
    expect(outline(buildUnitTree(demo))).toEqual([
      '省学时办',
      '  建设投资集团',
      '    建工集团',
      '    二建集团',
      '  设计研究院',
    ])
  })

  it('keeps every field of a unit on its node and gives leaves an empty children list', () => {
    const [root] = buildUnitTree(demo)
    const group = root?.children[0]
    expect(group).toMatchObject({ id: jt.id, code: jt.code, tier: 'second', person_count: 0 })
    expect(group?.children.map((c) => c.children)).toEqual([[], []])
  })

  it('does not rely on parents coming first', () => {
    const shuffled = [ej, sjy, jg, jt, sxb]
    expect(outline(buildUnitTree(shuffled))).toEqual([
      '省学时办',
      '  设计研究院',
      '  建设投资集团',
      '    二建集团',
      '    建工集团',
    ])
  })

  it("makes a unit whose parent is out of scope a root (a unit admin's list starts at their unit)", () => {
    expect(outline(buildUnitTree([jt, jg, ej]))).toEqual(['建设投资集团', '  建工集团', '  二建集团'])
  })

  it('returns an empty forest for an empty list', () => {
    expect(buildUnitTree([])).toEqual([])
  })

  it('leaves out deactivated units with everything below them unless asked to include them', () => {
    const closedGroup = { ...jt, active: false }
    // The server refuses this state, but a stale or mixed list must still not promote children to roots.
    const units = [sxb, closedGroup, jg, { ...ej, active: false }, sjy]

    expect(outline(buildUnitTree(units))).toEqual(['省学时办', '  设计研究院'])
    expect(outline(buildUnitTree(units, { includeInactive: true }))).toEqual([
      '省学时办',
      '  建设投资集团',
      '    建工集团',
      '    二建集团',
      '  设计研究院',
    ])
  })

  it('drops a single deactivated leaf and keeps its active siblings', () => {
    const units = [sxb, jt, { ...jg, active: false }, ej, sjy]
    expect(outline(buildUnitTree(units))).toEqual(['省学时办', '  建设投资集团', '    二建集团', '  设计研究院'])
  })

  it('does not modify the list it is given', () => {
    const units = demo.map((u) => ({ ...u }))
    buildUnitTree(units)
    expect(units).toEqual(demo)
    expect(units[0]).not.toHaveProperty('children')
  })
})

describe('flattenTree', () => {
  it('lists nodes depth first, parents before children', () => {
    expect(flattenTree(buildUnitTree([sjy, ej, jg, jt, sxb])).map((n) => n.name)).toEqual([
      '省学时办',
      '设计研究院',
      '建设投资集团',
      '二建集团',
      '建工集团',
    ])
  })
})

describe('pathTo', () => {
  it('follows parent_id up to the first unit of the list', () => {
    expect(pathTo(demo, ej.id)).toEqual([sxb.id, jt.id, ej.id])
    expect(pathTo([jt, jg, ej], jg.id)).toEqual([jt.id, jg.id])
  })

  it('is empty for an unknown id', () => {
    expect(pathTo(demo, 'missing')).toEqual([])
  })
})

describe('unit codes', () => {
  it('normalises like the server: no hyphens or blanks, upper case', () => {
    expect(normalizeCode(' d2143569-x ')).toBe('D2143569X')
    expect(normalizeCode('91350100m000100y43')).toBe('91350100M000100Y43')
  })

  it('names the code by its length', () => {
    expect(codeLabel('91350100M000100Y43')).toBe('统一社会信用代码')
    expect(codeLabel('D2143569-X')).toBe('组织机构代码')
  })
})
