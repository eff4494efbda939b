import type { components } from '@/api/schema'

type TokenResponse = components['schemas']['TokenResponse']

const ACCESS_KEY = 'xueshi.access_token'
const REFRESH_KEY = 'xueshi.refresh_token'

/** Token pair kept in localStorage so that a reload or a new tab stays signed in. */
export const tokens = {
  get access(): string | null {
    return localStorage.getItem(ACCESS_KEY)
  },
  get refresh(): string | null {
    return localStorage.getItem(REFRESH_KEY)
  },
  save(pair: Pick<TokenResponse, 'access_token' | 'refresh_token'>): void {
    localStorage.setItem(ACCESS_KEY, pair.access_token)
    localStorage.setItem(REFRESH_KEY, pair.refresh_token)
  },
  clear(): void {
    localStorage.removeItem(ACCESS_KEY)
    localStorage.removeItem(REFRESH_KEY)
  },
}
