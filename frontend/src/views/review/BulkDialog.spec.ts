import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { claim } from '@/test/claims'
import { json, mockFetch } from '@/test/fetch'
import BulkDialog from './BulkDialog.vue'

const summary = (id: string, title: string) => ({ ...claim({ id, title, state: 'submitted', state_label: '已提交' }) })

afterEach(() => {
  document.body.innerHTML = ''
})

describe('BulkDialog', () => {
  it('sends one decision for every claim and lists each outcome, failures included', async () => {
    const fetch = mockFetch(() =>
      json({
        succeeded: 1,
        failed: 1,
        items: [
          { id: 'c1', ok: true, state: 'sub_approved', code: null, message: null },
          {
            id: 'c2',
            ok: false,
            state: 'returned',
            code: 'illegal_transition',
            message: '申报当前为「已退回」状态，不能执行该操作',
          },
        ],
      }),
    )
    const wrapper = mount(BulkDialog, {
      props: { action: 'recognise', claims: [summary('c1', '学术会议甲'), summary('c2', '学术会议乙')] },
      attachTo: document.body,
    })
    await flushPromises()
    const text = () => document.querySelector('[data-test=bulk-dialog]')?.textContent ?? ''
    expect(text()).toContain('将对以下 2 项申报执行「认定」')

    ;(document.querySelector('[data-test=bulk-reason]') as HTMLTextAreaElement).value = '材料齐全'
    document.querySelector('[data-test=bulk-reason]')!.dispatchEvent(new Event('input'))
    ;(document.querySelector('[data-test=bulk-confirm]') as HTMLElement).click()
    await flushPromises()

    expect(await (fetch.mock.calls[0]![0] as Request).json()).toEqual({
      ids: ['c1', 'c2'],
      action: 'recognise',
      reason: '材料齐全',
    })
    await vi.waitFor(() => expect(text()).toContain('成功 1 项，未成功 1 项'))
    const outcomes = [...document.querySelectorAll('[data-test=bulk-result]')].map((e) => e.textContent?.trim())
    expect(outcomes).toEqual(['成功三级单位已审核', '未成功申报当前为「已退回」状态，不能执行该操作'])
    expect(text()).toContain('学术会议乙')
    wrapper.unmount()
  })
})
