import { describe, expect, it, vi } from 'vitest'
import { singleFlight } from './single-flight'

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('singleFlight', () => {
  it('shares one pending run between overlapping calls', async () => {
    const gate = deferred<string>()
    const run = vi.fn(() => gate.promise)
    const once = singleFlight(run)

    const first = once()
    const second = once()
    gate.resolve('done')

    expect(await Promise.all([first, second])).toEqual(['done', 'done'])
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('starts a new run once the previous one has settled', async () => {
    const run = vi.fn().mockResolvedValueOnce('a').mockResolvedValueOnce('b')
    const once = singleFlight(run)

    expect(await once()).toBe('a')
    expect(await once()).toBe('b')
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('shares a failure and does not keep it', async () => {
    const gate = deferred<string>()
    const run = vi.fn().mockReturnValueOnce(gate.promise).mockResolvedValueOnce('recovered')
    const once = singleFlight(run)

    const results = Promise.allSettled([once(), once()])
    gate.reject(new Error('offline'))

    expect((await results).map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(await once()).toBe('recovered')
    expect(run).toHaveBeenCalledTimes(2)
  })
})
