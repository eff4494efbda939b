import { vi } from 'vitest'
import type { Problem } from '@/api/problem'
import type { Me } from '@/auth/roles'

type Handler = (request: Request) => Response | Promise<Response>

/** Replaces the browser's fetch, the boundary between the app and the API. */
export function mockFetch(handler: Handler) {
  const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(handler(input instanceof Request ? input : new Request(input, init))),
  )
  vi.stubGlobal('fetch', fetch)
  return fetch
}

/** The requests seen by a mocked fetch, as "METHOD /path". */
export function calls(fetch: ReturnType<typeof mockFetch>): string[] {
  return fetch.mock.calls.map(([input]) => {
    const request = input as Request
    return `${request.method} ${new URL(request.url).pathname}`
  })
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

export const problem = (status: number, code: string, detail: string, extra: Partial<Problem> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, detail, ...extra }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  })

export const tokenResponse = (access: string, refresh: string, mustChange = false) =>
  json({
    access_token: access,
    token_type: 'Bearer',
    expires_in: 900,
    refresh_token: refresh,
    refresh_expires_in: 1209600,
    must_change_password: mustChange,
  })

export const unitAdmin: Me = {
  id: '0192f3a4-0000-7000-8000-000000000001',
  username: 'jt_admin',
  display_name: '集团管理员',
  must_change_password: false,
  roles: [
    {
      role: 'unit_admin',
      role_name: '二级单位管理员',
      unit_id: '0192f3a4-0000-7000-8000-0000000000aa',
      unit_name: '浙江省建设投资集团有限公司',
      unit_tier: 'second',
    },
  ],
}

export const sysadmin: Me = {
  id: '0192f3a4-0000-7000-8000-000000000002',
  username: 'sysadmin',
  display_name: '系统管理员',
  must_change_password: false,
  roles: [{ role: 'sysadmin', role_name: '系统管理员', unit_id: null, unit_name: null, unit_tier: null }],
}
