import type { components } from './schema'

export type Problem = components['schemas']['Problem']

/** Errors from the API are RFC 9457 problem documents; anything else (proxy pages, network) is not. */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false
  const p = value as Partial<Problem>
  return typeof p.status === 'number' && typeof p.detail === 'string'
}

/** The message to show a user: the API writes `detail` in Chinese for exactly that purpose. */
export function problemMessage(error: unknown): string {
  return isProblem(error) ? error.detail : '服务暂时不可用，请稍后重试'
}

/** Per-field messages keyed by request field name, for el-form-item's `error` prop. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isProblem(error)) return {}
  return Object.fromEntries((error.fields ?? []).map((f) => [f.field, f.message]))
}

/** Whether the API rejected `field` with the given stable `code` (e.g. `code` / `uscc_checksum`). */
export function hasFieldError(error: unknown, field: string, code: string): boolean {
  return isProblem(error) && (error.fields ?? []).some((f) => f.field === field && f.code === code)
}
