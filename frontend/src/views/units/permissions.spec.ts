import { describe, expect, it } from 'vitest'
import type { Me, RoleBinding } from '@/auth/roles'
import { activationBlocker, canAddChild, canEdit, canOverrideCode, canSetActive } from './permissions'
import type { UnitNode } from './tree'

function unit(id: string, tier: UnitNode['tier'], parent_id: string | null, active = true): UnitNode {
  return { id, parent_id, name: id, code: `C-${id}`, tier, active, second_confirms: true, person_count: 0 }
}

const sxb = unit('sxb', 'province', null)
const jt = unit('jt', 'second', 'sxb')
const jg = unit('jg', 'third', 'jt')
const ej = unit('ej', 'third', 'jt')
const sjy = unit('sjy', 'second', 'sxb')
const all = [sxb, jt, jg, ej, sjy]

const binding = (role: RoleBinding['role'], u: UnitNode | null): RoleBinding => ({
  role,
  role_name: role,
  unit_id: u?.id ?? null,
  unit_name: u?.name ?? null,
  unit_tier: u?.tier ?? null,
})
const holding = (...roles: RoleBinding[]): Pick<Me, 'roles'> => ({ roles })

const province = holding(binding('province', sxb))
const sysadmin = holding(binding('sysadmin', null))
const jtAdmin = holding(binding('unit_admin', jt))
const jgAdmin = holding(binding('unit_admin', jg))
const sjyOrganiser = holding(binding('organiser', sjy))

describe('canAddChild', () => {
  it('lets 省学时办 add 二级 units under the root', () => {
    expect(canAddChild(province, sxb)).toBe(true)
  })

  it('lets a 二级 admin add 三级 units under their own unit only', () => {
    expect(canAddChild(jtAdmin, jt)).toBe(true)
    expect(canAddChild(jtAdmin, sjy)).toBe(false)
    expect(canAddChild(jtAdmin, sxb)).toBe(false)
  })

  it('offers nothing under a 三级 unit, whoever asks', () => {
    expect(canAddChild(jtAdmin, jg)).toBe(false)
    expect(canAddChild(jgAdmin, jg)).toBe(false)
    expect(canAddChild(province, jg)).toBe(false)
  })

  it('does not let 省学时办 add 三级 units, nor a 三级 admin anything', () => {
    expect(canAddChild(province, jt)).toBe(false)
    expect(canAddChild(jgAdmin, jt)).toBe(false)
  })

  it('denies roles without unit creation rights', () => {
    expect(canAddChild(sysadmin, sxb)).toBe(false)
    expect(canAddChild(sjyOrganiser, sjy)).toBe(false)
    expect(canAddChild(holding(binding('person', jt)), jt)).toBe(false)
    expect(canAddChild(null, sxb)).toBe(false)
  })

  it('does not offer adding under a deactivated unit', () => {
    expect(canAddChild(jtAdmin, { ...jt, active: false })).toBe(false)
    expect(canAddChild(province, { ...sxb, active: false })).toBe(false)
  })

  it('uses any of several bindings', () => {
    expect(canAddChild(holding(binding('organiser', jt), binding('unit_admin', sjy)), sjy)).toBe(true)
    expect(canAddChild(holding(binding('person', sjy), binding('province', sxb)), sxb)).toBe(true)
  })
})

describe('canEdit', () => {
  it('lets 省学时办 edit every unit', () => {
    expect(all.every((u) => canEdit(province, u, all))).toBe(true)
  })

  it('lets a unit admin edit their unit and the units below it', () => {
    const list = [jt, jg, ej]
    expect(list.map((u) => canEdit(jtAdmin, u, list))).toEqual([true, true, true])
    expect(canEdit(jgAdmin, jg, [jg])).toBe(true)
    expect(canEdit(jgAdmin, ej, all)).toBe(false)
  })

  it('denies the system administrator and organisers', () => {
    expect(canEdit(sysadmin, jt, all)).toBe(false)
    expect(canEdit(sjyOrganiser, sjy, all)).toBe(false)
  })
})

describe('canSetActive', () => {
  it('lets 省学时办 (de)activate any unit but the root', () => {
    expect(all.map((u) => canSetActive(province, u, all))).toEqual([false, true, true, true, true])
  })

  it('lets a 二级 admin (de)activate units strictly below their own', () => {
    const list = [jt, jg, ej]
    expect(list.map((u) => canSetActive(jtAdmin, u, list))).toEqual([false, true, true])
    expect(canSetActive(jtAdmin, sjy, all)).toBe(false)
  })

  it('denies 三级 admins and the system administrator', () => {
    expect(canSetActive(jgAdmin, jg, [jg])).toBe(false)
    expect(canSetActive(sysadmin, jt, all)).toBe(false)
  })
})

describe('activationBlocker', () => {
  it('blocks deactivating a unit that still has active children', () => {
    expect(activationBlocker(jt, all)).toBe('该单位下还有启用的下级单位，请先停用下级单位')
    const closedChildren = [sxb, jt, { ...jg, active: false }, { ...ej, active: false }]
    expect(activationBlocker(jt, closedChildren)).toBeNull()
    expect(activationBlocker(jg, all)).toBeNull()
  })

  it('blocks activating a unit whose parent is deactivated', () => {
    const closed = [sxb, { ...jt, active: false }, { ...jg, active: false }]
    expect(activationBlocker({ ...jg, active: false }, closed)).toBe('上级单位已停用，请先启用上级单位')
    expect(activationBlocker({ ...jt, active: false }, closed)).toBeNull()
  })
})

describe('canOverrideCode', () => {
  it('is for 省学时办 only', () => {
    expect(canOverrideCode(province)).toBe(true)
    expect(canOverrideCode(jtAdmin)).toBe(false)
    expect(canOverrideCode(sysadmin)).toBe(false)
  })
})
