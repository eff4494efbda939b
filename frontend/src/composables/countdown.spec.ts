import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { formatSeconds, useCountdown } from './countdown'

describe('useCountdown', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('ticks down once a second and stops at zero', () => {
    vi.useFakeTimers()
    const scope = effectScope()
    const countdown = scope.run(useCountdown)!

    countdown.start(2)
    expect(countdown.remaining.value).toBe(2)
    vi.advanceTimersByTime(1000)
    expect(countdown.remaining.value).toBe(1)
    vi.advanceTimersByTime(5000)
    expect(countdown.remaining.value).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    scope.stop()
  })

  it('stops its timer when the owning component goes away', () => {
    vi.useFakeTimers()
    const scope = effectScope()
    scope.run(useCountdown)!.start(30)

    scope.stop()

    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('formatSeconds', () => {
  it.each([
    [45, '45 秒'],
    [120, '2 分钟'],
    [594, '9 分 54 秒'],
  ])('%i → %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text)
  })
})
