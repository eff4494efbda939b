import createClient from 'openapi-fetch'
import type { paths } from './schema'
import { authMiddleware } from './auth-middleware'
import { singleFlight } from '@/auth/single-flight'
import { tokens } from '@/auth/tokens'

/** Builds a typed client for the Xueshi API with Bearer auth and silent token renewal. */
export function createApiClient(
  options: { baseUrl?: string; onExpired?: () => void; onPasswordChangeRequired?: () => void } = {},
) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    // Looked up per call rather than captured, so tests can stub fetch at the boundary.
    fetch: (request) => globalThis.fetch(request),
  })

  // Refresh tokens rotate: concurrent 401s must share one refresh call, or all but one would fail.
  const renew = singleFlight(async () => {
    const refresh_token = tokens.refresh
    if (!refresh_token) return false
    const { data } = await client.POST('/api/v1/auth/refresh', { body: { refresh_token } })
    if (!data) return false
    tokens.save(data)
    return true
  })

  client.use(
    authMiddleware({
      accessToken: () => tokens.access,
      refresh: renew,
      expired: () => {
        tokens.clear()
        options.onExpired?.()
      },
      passwordChangeRequired: () => options.onPasswordChangeRequired?.(),
    }),
  )
  return client
}

export type ApiClient = ReturnType<typeof createApiClient>

let expiredHandler: () => void = () => {}

/** Registers what happens when the session cannot be renewed (the router sends the user to log in). */
export function onSessionExpired(handler: () => void): void {
  expiredHandler = handler
}

let passwordChangeHandler: () => void = () => {}

/** Registers what happens when the API refuses to work before the password is changed (the router goes to /first-login). */
export function onPasswordChangeRequired(handler: () => void): void {
  passwordChangeHandler = handler
}

export const api = createApiClient({
  onExpired: () => expiredHandler(),
  onPasswordChangeRequired: () => passwordChangeHandler(),
})
