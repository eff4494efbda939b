import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { calls, json, mockFetch } from '@/test/fetch'
import { issuedKey, syncClient, syncKey } from '@/test/sync'
import SyncClientsView from './SyncClientsView.vue'

const mounted: { unmount(): void }[] = []
const all = (selector: string) => [...document.querySelectorAll(selector)].map((e) => e.textContent?.trim() ?? '')
const click = (selector: string) => (document.querySelector(selector) as HTMLElement).click()

async function render(handler: Parameters<typeof mockFetch>[0]) {
  const fetch = mockFetch(handler)
  // Real transitions, so that a closed dialog ends (`closed`) and leaves the page as it does in a browser.
  const wrapper = mount(SyncClientsView, { attachTo: document.body, global: { stubs: { transition: false } } })
  mounted.push(wrapper)
  await flushPromises()
  return { fetch, wrapper }
}

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  document.body.innerHTML = ''
})

describe('SyncClientsView', () => {
  it('lists each platform with its id and its keys by status', async () => {
    const client = syncClient({
      records: 12,
      unmatched: 2,
      keys: [
        syncKey({ id: 'k3', prefix: 'xsk_3333333333333333' }),
        syncKey({ id: 'k2', prefix: 'xsk_2222222222222222', status: 'expiring', expires_at: '2026-11-26T03:00:00Z' }),
        syncKey({ id: 'k1', prefix: 'xsk_1111111111111111', status: 'revoked', revoked_at: '2026-11-25T03:00:00Z' }),
      ],
    })
    await render(() => json([client]))

    expect(all('[data-test=client-row]')).toEqual([client.name])
    expect(all('[data-test=client-id]')).toEqual([client.id])
    expect(all('[data-test=client-unmatched]')).toEqual(['2'])
    expect(all('[data-test=client-usable]')).toEqual(['2'])
    expect(all('[data-test=key-status]')).toEqual(['使用中', '轮换中（到期停用）', '已吊销'])
    // A revoked key cannot be revoked again.
    expect(document.querySelectorAll('[data-test=key-revoke]')).toHaveLength(2)
  })

  it('shows a new platform’s key once, with its id, and nowhere after the dialog is closed', async () => {
    const created = issuedKey(syncClient({ name: '新平台' }))
    const { fetch } = await render((request) => (request.method === 'POST' ? json(created, 201) : json([])))
    expect(document.querySelector('[data-test=clients-empty]')).not.toBeNull()

    click('[data-test=client-create]')
    await flushPromises()
    const name = document.querySelector('input[data-test=client-name]') as HTMLInputElement
    name.value = ' 新平台 '
    name.dispatchEvent(new Event('input'))
    await flushPromises()
    click('[data-test=client-confirm]')
    await flushPromises()

    expect(calls(fetch)).toEqual(['GET /api/v1/sync/clients', 'POST /api/v1/sync/clients'])
    expect(await (fetch.mock.calls[1]![0] as Request).json()).toEqual({ name: '新平台', note: null })
    await vi.waitFor(() => expect(all('[data-test=issued-api-key]')).toEqual([created.api_key]))
    expect(all('[data-test=issued-key-warning]')[0]).toContain('密钥只显示这一次，请立即复制并安全交给平台方')
    expect(all('[data-test=issued-client-id]')).toEqual([created.client.id])
    expect(all('[data-test=issued-endpoint]')[0]).toBe(
      `POST ${window.location.origin}/api/v1/sync/platforms/${created.client.id}/records`,
    )
    expect(all('[data-test=client-row]')).toEqual(['新平台'])

    click('[data-test=issued-done]')
    await vi.waitFor(() => expect(document.querySelector('[data-test=issued-key-dialog]')).toBeNull())
    expect(document.body.textContent).not.toContain(created.api_key)
  })

  it('warns before revoking the only key that still works', async () => {
    const client = syncClient()
    const revoked = syncClient({ keys: [syncKey({ status: 'revoked', revoked_at: '2026-11-25T04:00:00Z' })] })
    const { fetch } = await render((request) => (request.method === 'POST' ? json(revoked) : json([client])))

    click('[data-test=key-revoke]')
    await flushPromises()
    await vi.waitFor(() => expect(document.querySelector('.el-message-box')).not.toBeNull())
    expect(all('.el-message-box__message')[0]).toContain('唯一可用的密钥')
    ;(document.querySelector('.el-message-box .el-button--primary') as HTMLElement).click()
    await flushPromises()

    expect(calls(fetch)).toEqual([
      'GET /api/v1/sync/clients',
      `POST /api/v1/sync/clients/${client.id}/keys/key-1/revoke`,
    ])
    await vi.waitFor(() => expect(all('[data-test=key-status]')).toEqual(['已吊销']))
    expect(all('[data-test=client-usable]')).toEqual(['0'])
  })
})
