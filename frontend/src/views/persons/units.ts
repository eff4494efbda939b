// Units as the person pages need them: a tree for the filter, a flat list for pickers.
import type { components } from '@/api/schema'

export type UnitNode = components['schemas']['UnitNode']

export interface UnitOption {
  value: string
  label: string
  children?: UnitOption[]
}

/** el-tree-select data from the scoped unit list (which has parents before children). */
export function unitTree(units: readonly UnitNode[]): UnitOption[] {
  const byId = new Map<string, UnitOption>()
  const roots: UnitOption[] = []
  for (const unit of units) byId.set(unit.id, { value: unit.id, label: unit.name })
  for (const unit of units) {
    const option = byId.get(unit.id)!
    const parent = unit.parent_id ? byId.get(unit.parent_id) : undefined
    if (parent) (parent.children ??= []).push(option)
    else roots.push(option)
  }
  return roots
}

/** Units a person can belong to: active 二级 and 三级 units. */
export const personUnits = (units: readonly UnitNode[]) => units.filter((u) => u.active && u.tier !== 'province')
