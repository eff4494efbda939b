import { describe, expect, it, vi } from 'vitest'
import { tokens } from '@/auth/tokens'
import { calls, json, mockFetch, problem, tokenResponse, unitAdmin } from '@/test/fetch'
import { createApiClient } from './client'

const expiredToken = () => problem(401, 'unauthorized', '登录已过期，请重新登录')
const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('auth middleware', () => {
  it('renews the session once for concurrent 401s and replays each request with the new token', async () => {
    tokens.save({ access_token: 'old', refresh_token: 'refresh-1' })
    const replayedBodies: unknown[] = []
    const fetch = mockFetch(async (request) => {
      const path = new URL(request.url).pathname
      if (path === '/api/v1/auth/refresh') {
        expect(await request.json()).toEqual({ refresh_token: 'refresh-1' })
        await tick() // keep the refresh in flight while the other 401s arrive
        return tokenResponse('new', 'refresh-2')
      }
      if (request.headers.get('Authorization') !== 'Bearer new') return expiredToken()
      if (path === '/api/v1/me/password') {
        replayedBodies.push(await request.json())
        return new Response(null, { status: 204 })
      }
      return json(unitAdmin)
    })
    const onExpired = vi.fn()
    const client = createApiClient({ onExpired })

    const [me1, me2, password] = await Promise.all([
      client.GET('/api/v1/me'),
      client.GET('/api/v1/me'),
      client.POST('/api/v1/me/password', { body: { current_password: 'Old12345', new_password: 'New12345' } }),
    ])

    expect(me1.data?.username).toBe('jt_admin')
    expect(me2.data?.username).toBe('jt_admin')
    expect(password.response.status).toBe(204)
    // The request body survives the first, consumed attempt.
    expect(replayedBodies).toEqual([{ current_password: 'Old12345', new_password: 'New12345' }])
    expect(calls(fetch).filter((call) => call === 'POST /api/v1/auth/refresh')).toHaveLength(1)
    expect(fetch).toHaveBeenCalledTimes(7) // 3 rejected + 1 refresh + 3 replays
    expect(tokens.access).toBe('new')
    expect(tokens.refresh).toBe('refresh-2')
    expect(onExpired).not.toHaveBeenCalled()
  })

  it('ends the session when the refresh token is rejected', async () => {
    tokens.save({ access_token: 'old', refresh_token: 'reused' })
    const fetch = mockFetch((request) =>
      new URL(request.url).pathname === '/api/v1/auth/refresh'
        ? problem(401, 'invalid_refresh_token', '登录已失效，请重新登录')
        : expiredToken(),
    )
    const onExpired = vi.fn()
    const client = createApiClient({ onExpired })

    const { data, response } = await client.GET('/api/v1/me')

    expect(data).toBeUndefined()
    expect(response.status).toBe(401)
    expect(calls(fetch)).toEqual(['GET /api/v1/me', 'POST /api/v1/auth/refresh'])
    expect(onExpired).toHaveBeenCalledTimes(1)
    expect(tokens.access).toBeNull()
    expect(tokens.refresh).toBeNull()
  })

  it('treats a 401 from login as bad credentials, not as an expired session', async () => {
    const fetch = mockFetch(() => problem(401, 'invalid_credentials', '用户名或密码错误'))
    const onExpired = vi.fn()
    const client = createApiClient({ onExpired })

    const { error } = await client.POST('/api/v1/auth/login', { body: { username: 'a', password: 'b' } })

    expect(error?.detail).toBe('用户名或密码错误')
    expect(calls(fetch)).toEqual(['POST /api/v1/auth/login'])
    expect(onExpired).not.toHaveBeenCalled()
  })

  it('sends the stored access token as a Bearer header', async () => {
    tokens.save({ access_token: 'abc', refresh_token: 'r' })
    const fetch = mockFetch(() => json(unitAdmin))

    await createApiClient().GET('/api/v1/me')

    const [request] = fetch.mock.calls[0] as [Request]
    expect(request.headers.get('Authorization')).toBe('Bearer abc')
  })

  it('reports a 403 password_change_required and still hands the problem to the caller', async () => {
    tokens.save({ access_token: 'abc', refresh_token: 'r' })
    mockFetch(() => problem(403, 'password_change_required', '首次登录请先设置新密码'))
    const onPasswordChangeRequired = vi.fn()
    const onExpired = vi.fn()
    const client = createApiClient({ onExpired, onPasswordChangeRequired })

    const { error, response } = await client.GET('/api/v1/units')

    expect(response.status).toBe(403)
    expect(error?.detail).toBe('首次登录请先设置新密码')
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1)
    expect(onExpired).not.toHaveBeenCalled()
  })

  it('also reports it when the request only got that far after a renewal', async () => {
    tokens.save({ access_token: 'old', refresh_token: 'refresh-1' })
    mockFetch((request) => {
      if (new URL(request.url).pathname === '/api/v1/auth/refresh') return tokenResponse('new', 'refresh-2', true)
      return request.headers.get('Authorization') === 'Bearer new'
        ? problem(403, 'password_change_required', '首次登录请先设置新密码')
        : expiredToken()
    })
    const onPasswordChangeRequired = vi.fn()
    const client = createApiClient({ onPasswordChangeRequired })

    const { response } = await client.GET('/api/v1/units')

    expect(response.status).toBe(403)
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1)
  })

  it('does not treat other 403s as a required password change', async () => {
    tokens.save({ access_token: 'abc', refresh_token: 'r' })
    mockFetch(() => problem(403, 'forbidden', '您没有执行该操作的权限'))
    const onPasswordChangeRequired = vi.fn()
    const client = createApiClient({ onPasswordChangeRequired })

    const { error } = await client.GET('/api/v1/units')

    expect(error?.detail).toBe('您没有执行该操作的权限')
    expect(onPasswordChangeRequired).not.toHaveBeenCalled()
  })
})
