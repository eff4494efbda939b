import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { calls, json, mockFetch, problem } from '@/test/fetch'
import { onlineRecord } from '@/test/sync'
import RecordDecisionDialog from './RecordDecisionDialog.vue'
import type { Decision } from './sync'

const mounted: { unmount(): void }[] = []
const text = (selector: string) => document.querySelector(selector)?.textContent?.trim() ?? ''

async function render(decision: Decision, record = onlineRecord()) {
  const wrapper = mount(RecordDecisionDialog, { props: { record, decision }, attachTo: document.body })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

async function submit(reason: string) {
  const input = document.querySelector('textarea[data-test=decision-reason]') as HTMLTextAreaElement
  input.value = reason
  input.dispatchEvent(new Event('input'))
  await flushPromises()
  ;(document.querySelector('[data-test=decision-confirm]') as HTMLElement).click()
  await flushPromises()
}

const fieldError = () => text('.el-form-item__error')

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  document.body.innerHTML = ''
})

describe('RecordDecisionDialog', () => {
  it('asks for a reason before anything is sent', async () => {
    const fetch = mockFetch(() => json({}))
    await render('match')

    expect(text('[data-test=decision-text]')).toContain(
      '「李那」与系统中该身份证号（3301**********4522）的人员「李娜」不一致',
    )
    await submit('   ')

    await vi.waitFor(() => expect(fieldError()).toBe('请填写理由'))
    expect(fetch).not.toHaveBeenCalled()
  })

  it('matches with the reason and hands back the record as it now is', async () => {
    const matched = onlineRecord({ state: 'synced', state_label: '已计入', reason_code: null, note: '核实为同一人' })
    const fetch = mockFetch(() => json(matched))
    const wrapper = await render('match')

    await submit(' 核实为同一人 ')

    expect(calls(fetch)).toEqual(['POST /api/v1/sync/records/rec-1/match'])
    expect(await (fetch.mock.calls[0]![0] as Request).json()).toEqual({ reason: '核实为同一人' })
    expect(wrapper.emitted('done')).toEqual([[matched]])
  })

  it('puts the API’s field message under the reason', async () => {
    mockFetch(() =>
      problem(422, 'validation_failed', '理由最多 500 个字', {
        fields: [{ field: 'reason', code: 'too_long', message: '理由最多 500 个字' }],
      }),
    )
    const wrapper = await render('revoke', onlineRecord({ state: 'synced', reason_code: null }))

    await submit('平台反馈该课程的完成记录有误')

    await vi.waitFor(() => expect(fieldError()).toBe('理由最多 500 个字'))
    expect(wrapper.emitted('done')).toBeUndefined()
  })

  it('closes and asks for the list again when someone decided first', async () => {
    const fetch = mockFetch(() => problem(409, 'not_unmatched', '该记录已不在未匹配队列中'))
    const wrapper = await render('dismiss')

    await submit('经核实非本省人员')

    expect(calls(fetch)).toEqual(['POST /api/v1/sync/records/rec-1/dismiss'])
    expect(text('.el-message')).toBe('该记录已不在未匹配队列中')
    expect(wrapper.emitted('done')).toEqual([[null]])
  })
})
