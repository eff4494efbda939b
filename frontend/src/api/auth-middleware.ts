import type { Middleware } from 'openapi-fetch'

export interface AuthHooks {
  accessToken(): string | null
  /** Renews the tokens; resolves false when the session cannot be renewed. Should be single-flight. */
  refresh(): Promise<boolean>
  /** Called once a request stays unauthorised after renewal was attempted. */
  expired(): void
  /** Called on a 403 `password_change_required`: the account must replace its activation code first. */
  passwordChangeRequired?(): void
}

export const PASSWORD_CHANGE_REQUIRED = 'password_change_required'

/** The `code` of a problem+json response, read from a copy so the caller still gets the body. */
async function problemCode(response: Response): Promise<string | undefined> {
  if (!response.headers.get('Content-Type')?.includes('json')) return undefined
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined)
  return typeof body === 'object' && body !== null && 'code' in body ? String(body.code) : undefined
}

// On auth endpoints a 401 means bad credentials or a dead refresh token, never an expired access token.
const isAuthEndpoint = (schemaPath: string) => schemaPath.startsWith('/api/v1/auth/')

const bearer = (token: string | null) => (token ? `Bearer ${token}` : null)

/**
 * Adds the Bearer header and, on a 401, renews the session and replays the request once.
 * A 403 `password_change_required` is reported through `passwordChangeRequired`; the response is passed on.
 */
export function authMiddleware(hooks: AuthHooks): Middleware {
  // fetch consumes the request body, so an unread copy is kept per request for the replay.
  const replays = new Map<string, Request>()

  async function renewAndReplay(
    request: Request,
    response: Response,
    replay: Request,
    fetch: typeof globalThis.fetch,
  ): Promise<Response> {
    // A concurrent request may already have renewed the session while this one was in flight.
    const current = bearer(hooks.accessToken())
    const renewed = (current !== null && current !== request.headers.get('Authorization')) || (await hooks.refresh())
    const auth = bearer(hooks.accessToken())
    if (!renewed || !auth) {
      hooks.expired()
      return response
    }

    replay.headers.set('Authorization', auth)
    const retried = await fetch(replay)
    if (retried.status === 401) hooks.expired()
    return retried
  }

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
      const final =
        response.status === 401 && replay ? await renewAndReplay(request, response, replay, options.fetch) : response
      if (
        final.status === 403 &&
        hooks.passwordChangeRequired &&
        (await problemCode(final)) === PASSWORD_CHANGE_REQUIRED
      ) {
        hooks.passwordChangeRequired()
      }
      return final === response ? undefined : final
    },

    onError({ id }) {
      replays.delete(id)
    },
  }
}
