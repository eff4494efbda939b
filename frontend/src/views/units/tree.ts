import type { components } from '@/api/schema'
import type { UnitTier } from '@/auth/roles'

export type UnitNode = components['schemas']['UnitNode']
export type UnitDetail = components['schemas']['UnitDetail']

export interface UnitTreeNode extends UnitNode {
  children: UnitTreeNode[]
}

/** Short tier names for tags in the tree and the detail panel. */
export const TIER_TAGS: Record<UnitTier, string> = {
  province: '省学时办',
  second: '二级',
  third: '三级',
}

/** el-tag colours per tier. */
export const TIER_TAG_TYPES = { province: 'danger', second: 'primary', third: 'success' } as const satisfies Record<
  UnitTier,
  string
>

/**
 * Nests the flat list of GET /units (ordered by path, linked by parent_id) into a forest.
 *
 * - Siblings keep the order of the list; a child listed before its parent is still attached to it.
 * - A unit whose parent is not in the list is a root: a unit admin's list starts at their own unit.
 * - Without `includeInactive`, a deactivated unit is left out together with everything below it
 *   (its children are not promoted to roots).
 */
export function buildUnitTree(units: readonly UnitNode[], options: { includeInactive?: boolean } = {}): UnitTreeNode[] {
  const byId = new Map<string, UnitTreeNode>(units.map((unit) => [unit.id, { ...unit, children: [] }]))
  const hidden = new Set<string>()
  const isHidden = (unit: UnitNode): boolean => {
    // Walk up until a known state; parent chains are short (three tiers), cycles are guarded anyway.
    const chain: string[] = []
    let current: UnitNode | undefined = unit
    let result = false
    while (current && !chain.includes(current.id)) {
      if (hidden.has(current.id) || (!options.includeInactive && !current.active)) {
        result = true
        break
      }
      chain.push(current.id)
      current = current.parent_id ? byId.get(current.parent_id) : undefined
    }
    if (result) chain.forEach((id) => hidden.add(id))
    return result
  }

  const roots: UnitTreeNode[] = []
  for (const unit of units) {
    if (isHidden(unit)) continue
    const node = byId.get(unit.id)
    if (!node) continue
    const parent = unit.parent_id ? byId.get(unit.parent_id) : undefined
    ;(parent && parent !== node ? parent.children : roots).push(node)
  }
  return roots
}

/** Every node of a forest, depth first, parents before children. */
export function flattenTree(roots: readonly UnitTreeNode[]): UnitTreeNode[] {
  return roots.flatMap((node) => [node, ...flattenTree(node.children)])
}

/** The ids from the root down to `id` (inclusive), following parent_id within the list; empty when unknown. */
export function pathTo(units: readonly UnitNode[], id: string): string[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]))
  const path: string[] = []
  let current = byId.get(id)
  while (current && !path.includes(current.id)) {
    path.unshift(current.id)
    current = current.parent_id ? byId.get(current.parent_id) : undefined
  }
  return path
}

/** The code's kind by its length once hyphens and blanks are dropped, as the server normalises it. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase()
}

export function codeLabel(code: string): string {
  return normalizeCode(code).length === 9 ? '组织机构代码' : '统一社会信用代码'
}
