const dateTime = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** An API timestamp (RFC 3339, UTC) in the browser's time zone, e.g. "2026/11/24 19:36"; "—" when absent. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date)
}

/** Optional text for display: "—" when absent or blank. */
export const orDash = (value: string | null | undefined): string => (value?.trim() ? value : '—')
