// 审核 (D6): what each decision is called, what it asks for, and the client-side mirror of the
// server's rules (the server checks them anyway; its field errors are shown the same way).
import type { components } from '@/api/schema'
import { formatHours, type ClaimState, type ClaimSummary, type TagType } from '@/views/claims/labels'

export type ReviewAction = components['schemas']['Action']
export type BulkResult = components['schemas']['BulkResult']
export type SamplingRate = components['schemas']['SamplingRate']

interface ActionInfo {
  label: string
  button: TagType
  /** keep: 认定学时 at most the current hours; lower: required and below them; none: no hours. */
  hours: 'keep' | 'lower' | 'none'
  /** A reason is always required (else only when the hours are lowered). */
  reason: boolean
  /** The toast after it succeeded. */
  done: string
}

export const REVIEW_ACTIONS: Record<ReviewAction, ActionInfo> = {
  recognise: { label: '认定', button: 'primary', hours: 'keep', reason: false, done: '已认定' },
  forward: { label: '确认报送', button: 'primary', hours: 'keep', reason: false, done: '已确认报送' },
  confirm: { label: '复审通过', button: 'success', hours: 'keep', reason: false, done: '复审已通过' },
  return: { label: '退回', button: 'warning', hours: 'none', reason: true, done: '已退回' },
  reject: { label: '不予认定', button: 'danger', hours: 'none', reason: true, done: '已作出不予认定' },
  adjust: { label: '调减学时', button: 'warning', hours: 'lower', reason: true, done: '学时已调减' },
  revoke: { label: '撤销认定', button: 'danger', hours: 'none', reason: true, done: '认定已撤销' },
}

/** The hours a decision starts from: the last recognised hours, else the claimed ones. */
export const currentHours = (claim: Pick<ClaimSummary, 'claimed_hours' | 'recognised_hours'>): number =>
  claim.recognised_hours ?? claim.claimed_hours

/** Whether the decision needs a reason: always for some actions, else when the hours go down. */
export function reasonNeeded(action: ReviewAction, hours: number | null | undefined, current: number): boolean {
  return REVIEW_ACTIONS[action].reason || (hours != null && hours < current)
}

/** Messages for the decision dialog's fields, as the server would answer them. */
export function checkDecision(
  action: ReviewAction,
  hours: number | null | undefined,
  reason: string,
  current: number,
): { hours?: string; reason?: string } {
  const errors: { hours?: string; reason?: string } = {}
  const kind = REVIEW_ACTIONS[action].hours
  if (kind !== 'none') {
    if (hours == null || Number.isNaN(hours) || hours < 0) errors.hours = '请填写学时'
    else if (kind === 'lower' && hours >= current) errors.hours = `调减后的学时须低于 ${formatHours(current)} 学时`
    else if (hours > current) errors.hours = `认定学时不能高于 ${formatHours(current)} 学时`
  }
  if (!reason.trim() && reasonNeeded(action, hours, current))
    errors.reason = REVIEW_ACTIONS[action].reason ? '请填写理由' : '调减学时须填写理由'
  return errors
}

/** The decisions that can be taken on many claims at once, at their current hours. */
export const BULK_ACTIONS = ['recognise', 'forward', 'confirm'] as const satisfies readonly ReviewAction[]
export type BulkAction = (typeof BULK_ACTIONS)[number]

export const BULK_LABELS: Record<BulkAction, string> = {
  recognise: '批量认定',
  forward: '批量确认报送',
  confirm: '批量复审通过',
}

/** The positive decision a claim in the queue waits for, by its state (the step of its chain). */
export function stepAction(state: ClaimState): BulkAction | null {
  if (state === 'submitted') return 'recognise'
  if (state === 'sub_approved') return 'forward'
  if (state === 'unit_recognised') return 'confirm'
  return null
}

/** How long a claim has waited, e.g. "35 分钟", "5 小时", "3 天 2 小时". */
export function waitedText(since: string | null | undefined, now: Date = new Date()): string {
  if (!since) return '—'
  const minutes = Math.max(Math.floor((now.getTime() - new Date(since).getTime()) / 60_000), 0)
  if (Number.isNaN(minutes)) return '—'
  if (minutes < 60) return minutes < 1 ? '不到 1 分钟' : `${minutes} 分钟`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} 小时`
  const days = Math.floor(hours / 24)
  return hours % 24 === 0 ? `${days} 天` : `${days} 天 ${hours % 24} 小时`
}

/** Waits of a week and more stand out in the queue. */
export const longWait = (since: string | null | undefined, now: Date = new Date()): boolean =>
  !!since && now.getTime() - new Date(since).getTime() >= 7 * 24 * 3_600_000
