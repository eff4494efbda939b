import { describe, expect, it } from 'vitest'
import { safeRedirect } from './redirect'

describe('safeRedirect', () => {
  it.each([
    ['/account', '/account'],
    ['/account?tab=1', '/account?tab=1'],
    [undefined, '/'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['javascript:alert(1)', '/'],
  ])('%s → %s', (value, expected) => {
    expect(safeRedirect(value)).toBe(expected)
  })

  it('uses the first value of a repeated parameter', () => {
    expect(safeRedirect(['/account', '/'])).toBe('/account')
  })
})
