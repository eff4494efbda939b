import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { session } from '@/auth/session'
import { calls, json, mockFetch, problem, unitAdmin } from '@/test/fetch'
import type { Job } from './certificates'
import BatchPrintDialog from './BatchPrintDialog.vue'

const job = (overrides: Partial<Job>): Job => ({
  id: 'job-1',
  kind: 'certificate_batch',
  status: 'running',
  total: 4,
  done: 0,
  message: null,
  year: 2026,
  unit_id: unitAdmin.roles[0]!.unit_id,
  unit_name: '浙江省建设投资集团有限公司',
  created_at: '2026-11-25T04:00:00Z',
  finished_at: null,
  download_url: null,
  result_size: null,
  ...overrides,
})

const mounted: { unmount(): void }[] = []
const text = (selector: string) => document.querySelector(selector)?.textContent?.trim() ?? ''
const click = (selector: string) => (document.querySelector(selector) as HTMLElement).click()

async function render(unitId = '') {
  session.me = unitAdmin
  const wrapper = mount(BatchPrintDialog, {
    props: { year: 2026, years: [2026, 2025], unitId },
    attachTo: document.body,
  })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  session.me = null
  document.body.innerHTML = ''
  vi.useRealTimers()
})

describe('BatchPrintDialog', () => {
  it('starts a batch for the admin’s own unit, follows it every second and offers the ZIP', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const polls = [job({ done: 2 }), job({ status: 'done', done: 4, download_url: '/api/v1/files/batch.zip?sig=1' })]
    const fetch = mockFetch((request) => {
      const path = new URL(request.url).pathname
      if (path === '/api/v1/units') return json([])
      if (request.method === 'POST') return json(job({}), 202)
      return json(polls.shift() ?? job({ status: 'done', done: 4, download_url: '/api/v1/files/batch.zip?sig=1' }))
    })
    await render()

    click('[data-test=batch-start]')
    await flushPromises()
    const post = fetch.mock.calls.map(([r]) => r as Request).find((r) => r.method === 'POST')!
    expect(await post.json()).toEqual({ year: 2026, unit_id: unitAdmin.roles[0]!.unit_id })
    expect(text('[data-test=batch-state]')).toBe('正在生成 0 / 4 份证明…')

    await vi.advanceTimersByTimeAsync(1_000)
    await flushPromises()
    expect(text('[data-test=batch-percent]')).toContain('50%')
    expect(text('[data-test=batch-state]')).toBe('正在生成 2 / 4 份证明…')

    await vi.advanceTimersByTimeAsync(1_000)
    await flushPromises()
    expect(text('[data-test=batch-percent]')).toContain('100%')
    expect(text('[data-test=batch-state]')).toBe('已生成 4 份证明，可下载压缩包')
    expect(document.querySelector('[data-test=batch-download]')?.getAttribute('href')).toBe(
      '/api/v1/files/batch.zip?sig=1',
    )

    // Done: no more polling.
    const before = calls(fetch).length
    await vi.advanceTimersByTimeAsync(3_000)
    expect(calls(fetch).length).toBe(before)
    expect(calls(fetch).filter((c) => c === 'GET /api/v1/certificate-batches/job-1')).toHaveLength(2)
  })

  it('keeps the page’s unit and says when nobody is eligible', async () => {
    const fetch = mockFetch((request) =>
      new URL(request.url).pathname === '/api/v1/units'
        ? json([])
        : problem(422, 'nobody_eligible', '浙江省建筑设计研究院 2026 年度没有达到出证条件的人员'),
    )
    await render('unit-sjy')

    click('[data-test=batch-start]')
    await flushPromises()
    const post = fetch.mock.calls.map(([r]) => r as Request).find((r) => r.method === 'POST')!
    expect(await post.json()).toEqual({ year: 2026, unit_id: 'unit-sjy' })
    expect(text('[data-test=batch-refusal]')).toBe('浙江省建筑设计研究院 2026 年度没有达到出证条件的人员')
    expect(document.querySelector('[data-test=batch-progress]')).toBeNull()
  })

  it('reports a failed batch with its message', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    mockFetch((request) => {
      if (new URL(request.url).pathname === '/api/v1/units') return json([])
      if (request.method === 'POST') return json(job({}), 202)
      return json(job({ status: 'failed', done: 1, message: '任务已中断（服务重启），请重新发起' }))
    })
    await render()
    click('[data-test=batch-start]')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(1_000)
    await flushPromises()

    expect(text('[data-test=batch-failed]')).toContain('任务已中断（服务重启），请重新发起')
    expect(document.querySelector('[data-test=batch-download]')).toBeNull()
  })
})
