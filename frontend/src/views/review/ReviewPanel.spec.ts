import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { claim } from '@/test/claims'
import { calls, json, mockFetch, problem } from '@/test/fetch'
import type { ClaimDetail } from '@/views/claims/labels'
import { lastQueue } from './queue'
import ReviewPanel from './ReviewPanel.vue'

const waiting = (overrides: Partial<ClaimDetail> = {}) =>
  claim({
    id: 'c1',
    state: 'submitted',
    state_label: '已提交',
    lock_version: 3,
    waiting_for: '待浙江省二建建设集团有限公司认定',
    review_actions: ['recognise', 'return', 'reject'],
    actions: [],
    ...overrides,
  })

const mounted: { unmount(): void }[] = []

async function render(detail: ClaimDetail) {
  const page = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/review', name: 'review', component: page },
      { path: '/claims/review/:id', name: 'review-claim', component: page },
    ],
  })
  await router.push('/claims/review/c1')
  const wrapper = mount(ReviewPanel, {
    props: { claim: detail },
    global: { plugins: [router] },
    attachTo: document.body,
  })
  mounted.push(wrapper)
  const click = async (selector: string) => {
    ;(document.querySelector(selector) as HTMLElement).click()
    await flushPromises()
  }
  const type = async (selector: string, value: string) => {
    const field = document.querySelector(selector)!
    const input = (field.matches('input, textarea') ? field : field.querySelector('input')) as HTMLInputElement
    input.value = value
    input.dispatchEvent(new Event('input'))
    input.dispatchEvent(new Event('change'))
    await flushPromises()
  }
  const errors = () =>
    [...document.querySelectorAll('[data-test=review-dialog] .el-form-item__error')].map((e) => e.textContent?.trim())
  return { wrapper, router, click, type, errors }
}

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  document.body.innerHTML = ''
  lastQueue.query = {}
})

describe('ReviewPanel', () => {
  it('offers exactly the decisions the API allows, and 下一条', async () => {
    mockFetch(() => json({}))
    const { wrapper } = await render(waiting())

    const buttons = wrapper.findAll('button').map((b) => b.text())
    expect(buttons).toEqual(['认定', '退回', '不予认定', '下一条N'])
    expect(wrapper.find('[data-test=review-waiting]').text()).toContain('待浙江省二建建设集团有限公司认定')
  })

  it('asks for a reason when the hours go down, then sends the decision with the lock version', async () => {
    const fetch = mockFetch(() => json(waiting({ state: 'sub_approved', review_actions: [], recognised_hours: 8 })))
    const { wrapper, click, type, errors } = await render(waiting())

    await click('[data-test=review-recognise]')
    expect((document.querySelector('[data-test=review-hours] input') as HTMLInputElement).value).toBe('10.0')
    await type('[data-test=review-hours]', '8')
    await click('[data-test=review-confirm]')
    await vi.waitFor(() => expect(errors()).toEqual(['调减学时须填写理由']))
    expect(fetch).not.toHaveBeenCalled()

    await type('[data-test=review-reason]', '会议只有一天半')
    await click('[data-test=review-confirm]')

    expect(calls(fetch)).toContain('POST /api/v1/claims/c1/review')
    const request = fetch.mock.calls[0]![0] as Request
    expect(await request.json()).toEqual({ action: 'recognise', hours: 8, reason: '会议只有一天半', lock_version: 3 })
    expect(wrapper.emitted('decided')?.[0]?.[0]).toMatchObject({ state: 'sub_approved' })
  })

  it('puts the server’s field errors beside the inputs', async () => {
    mockFetch(() =>
      problem(422, 'validation_failed', '数据校验未通过', {
        fields: [{ field: 'hours', code: 'above_current', message: '认定学时不能高于 8 学时' }],
      }),
    )
    const { click, errors } = await render(waiting())

    await click('[data-test=review-recognise]')
    await click('[data-test=review-confirm]')

    await vi.waitFor(() => expect(errors()).toEqual(['认定学时不能高于 8 学时']))
  })

  it('shows who was first and reloads the claim when someone else decided meanwhile', async () => {
    mockFetch(() => problem(409, 'stale_claim', '该申报已被他人处理，当前为「三级单位已审核」，请刷新后重试'))
    const { wrapper, click, type } = await render(waiting())

    await click('[data-test=review-return]')
    await type('[data-test=review-reason]', '请补充会议日程')
    await click('[data-test=review-confirm]')

    expect(document.body.textContent).toContain('该申报已被他人处理')
    expect(wrapper.emitted('reload')).toHaveLength(1)
    expect(wrapper.emitted('decided')).toBeUndefined()
  })

  it('opens the next claim of the queue with N, keeping the queue’s filters', async () => {
    lastQueue.query = { pathway_code: 'P4' }
    const fetch = mockFetch(() =>
      json({ items: [{ id: 'c0' }, { id: 'c1' }, { id: 'c2' }], total: 3, page: 1, page_size: 100 }),
    )
    const { router } = await render(waiting())

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'n' }))
    await vi.waitFor(() => expect(router.currentRoute.value.params.id).toBe('c2'))
    const url = new URL((fetch.mock.calls[0]![0] as Request).url)
    expect(url.searchParams.get('awaiting')).toBe('true')
    expect(url.searchParams.get('pathway_code')).toBe('P4')
  })
})
