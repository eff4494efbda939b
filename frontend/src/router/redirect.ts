import type { LocationQueryValue } from 'vue-router'

/** Only same-app paths are followed after login; `//host` or absolute URLs would be an open redirect. */
export function safeRedirect(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value
  return path && path.startsWith('/') && !path.startsWith('//') ? path : '/'
}
