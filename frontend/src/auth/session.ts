import { reactive } from 'vue'
import { api } from '@/api/client'
import { isProblem, type Problem } from '@/api/problem'
import type { components } from '@/api/schema'
import type { Me } from './roles'
import { tokens } from './tokens'

type LoginRequest = components['schemas']['LoginRequest']

export type LoginResult = { ok: true; mustChangePassword: boolean } | { ok: false; problem: Problem }

/** The signed-in user, loaded from /api/v1/me by the router guard. */
export const session = reactive<{ me: Me | null }>({ me: null })

const unavailable = (status: number): Problem => ({
  type: 'about:blank',
  title: 'Service unavailable',
  status,
  code: 'unavailable',
  detail: '服务暂时不可用，请稍后重试',
})

export async function login(credentials: LoginRequest): Promise<LoginResult> {
  const { data, error, response } = await api.POST('/api/v1/auth/login', { body: credentials })
  if (!data) return { ok: false, problem: isProblem(error) ? error : unavailable(response.status) }
  tokens.save(data)
  session.me = null
  return { ok: true, mustChangePassword: data.must_change_password }
}

export async function loadMe(): Promise<Me | null> {
  const { data } = await api.GET('/api/v1/me')
  session.me = data ?? null
  return session.me
}

/** Forgets the session locally; used on logout and when the session can no longer be renewed. */
export function endSession(): void {
  tokens.clear()
  session.me = null
}

export async function logout(): Promise<void> {
  const refresh_token = tokens.refresh
  endSession()
  if (refresh_token) {
    // Revoking server-side is best effort: the local session is gone either way.
    await api.POST('/api/v1/auth/logout', { body: { refresh_token } }).catch(() => undefined)
  }
}
