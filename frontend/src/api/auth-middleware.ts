import type { Middleware } from 'openapi-fetch'

export interface AuthHooks {
  accessToken(): string | null
  /** Renews the tokens; resolves false when the session cannot be renewed. Should be single-flight. */
  refresh(): Promise<boolean>
  /** Called once a request stays unauthorised after renewal was attempted. */
  expired(): void
}

// On auth endpoints a 401 means bad credentials or a dead refresh token, never an expired access token.
const isAuthEndpoint = (schemaPath: string) => schemaPath.startsWith('/api/v1/auth/')

const bearer = (token: string | null) => (token ? `Bearer ${token}` : null)

/** Adds the Bearer header and, on a 401, renews the session and replays the request once. */
export function authMiddleware(hooks: AuthHooks): Middleware {
  // fetch consumes the request body, so an unread copy is kept per request for the replay.
  const replays = new Map<string, Request>()

  return {
    onRequest({ request, schemaPath, id }) {
      const auth = bearer(hooks.accessToken())
      if (auth) request.headers.set('Authorization', auth)
      if (!isAuthEndpoint(schemaPath)) replays.set(id, request.clone())
      return request
    },

    async onResponse({ request, response, id, options }) {
      const replay = replays.get(id)
      replays.delete(id)
      if (response.status !== 401 || !replay) return undefined

      // A concurrent request may already have renewed the session while this one was in flight.
      const current = bearer(hooks.accessToken())
      const renewed = (current !== null && current !== request.headers.get('Authorization')) || (await hooks.refresh())
      const auth = bearer(hooks.accessToken())
      if (!renewed || !auth) {
        hooks.expired()
        return undefined
      }

      replay.headers.set('Authorization', auth)
      const retried = await options.fetch(replay)
      if (retried.status === 401) hooks.expired()
      return retried
    },

    onError({ id }) {
      replays.delete(id)
    },
  }
}
