// Which side of a transfer the user is on, and so what they may do with it (the server decides
// the same way: a unit in the user's scope is the 调出 side, the 调入 side, or both).
import type { components } from '@/api/schema'

export type TransferView = components['schemas']['TransferView']
export type TransferAction = 'release' | 'accept' | 'cancel'

export function transferActions(t: TransferView, scope: ReadonlySet<string>): TransferAction[] {
  if (t.status !== 'pending') return []
  const onFrom = scope.has(t.from_unit_id)
  const onTo = scope.has(t.to_unit_id)
  if (!onFrom && !onTo) return []
  const actions: TransferAction[] = []
  if (onFrom && !t.released) actions.push('release')
  if (onTo && !t.accepted) actions.push('accept')
  actions.push('cancel')
  return actions
}

/** Where a pending transfer stands, in words. */
export function transferStage(t: Pick<TransferView, 'released' | 'accepted'>): string {
  if (t.released && !t.accepted) return '原单位已同意调出，待调入单位同意'
  if (t.accepted && !t.released) return '调入单位已申请，待原单位同意调出'
  return t.released && t.accepted ? '已完成' : '待办理'
}
