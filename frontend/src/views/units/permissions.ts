// Which unit actions to offer, mirroring the server's grants (api/src/auth/permissions.rs):
// the server enforces them anyway; these only decide which buttons are worth showing.
import type { Me, RoleBinding } from '@/auth/roles'
import { pathTo, type UnitNode } from './tree'

type Holder = Pick<Me, 'roles'> | null

const bindings = (me: Holder): RoleBinding[] => me?.roles ?? []
const isProvince = (me: Holder) => bindings(me).some((b) => b.role === 'province')
const unitAdminAt = (me: Holder, tiers: readonly string[]) =>
  bindings(me).filter((b) => b.role === 'unit_admin' && b.unit_id && b.unit_tier && tiers.includes(b.unit_tier))

/**
 * 新增下级单位: 省学时办 adds 二级 units under the root; a 二级 unit's own admin adds 三级 units under it.
 * 三级 units have no children, and nothing is added under a deactivated unit.
 */
export function canAddChild(me: Holder, unit: Pick<UnitNode, 'id' | 'tier' | 'active'>): boolean {
  if (!unit.active) return false
  switch (unit.tier) {
    case 'province':
      return isProvince(me)
    case 'second':
      return unitAdminAt(me, ['second']).some((b) => b.unit_id === unit.id)
    default:
      return false
  }
}

/** 编辑: 省学时办 everywhere; a unit admin (二级 or 三级) on their own unit and below it. */
export function canEdit(me: Holder, unit: UnitNode, units: readonly UnitNode[]): boolean {
  if (isProvince(me)) return true
  const path = pathTo(units, unit.id)
  return unitAdminAt(me, ['second', 'third']).some((b) => path.includes(b.unit_id as string))
}

/** 停用 / 启用: 省学时办 on any unit but the root; a 二级 admin on units strictly below their own. */
export function canSetActive(me: Holder, unit: UnitNode, units: readonly UnitNode[]): boolean {
  if (unit.tier === 'province') return false
  if (isProvince(me)) return true
  const path = pathTo(units, unit.id)
  return unitAdminAt(me, ['second']).some((b) => b.unit_id !== unit.id && path.includes(b.unit_id as string))
}

/** Only 省学时办 may keep a 统一社会信用代码 whose check character fails (with a reason). */
export const canOverrideCode = (me: Holder) => isProvince(me)

/**
 * Why a permitted 停用/启用 would still be refused, in the server's words; null when it would work.
 * The list must include deactivated units for the 启用 check to see an inactive parent.
 */
export function activationBlocker(unit: UnitNode, units: readonly UnitNode[]): string | null {
  if (unit.active) {
    const activeChild = units.some((u) => u.parent_id === unit.id && u.active)
    return activeChild ? '该单位下还有启用的下级单位，请先停用下级单位' : null
  }
  const parent = units.find((u) => u.id === unit.parent_id)
  return parent && !parent.active ? '上级单位已停用，请先启用上级单位' : null
}
