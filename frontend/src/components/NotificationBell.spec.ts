import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { session } from '@/auth/session'
import { calls, json, mockFetch } from '@/test/fetch'
import NotificationBell from './NotificationBell.vue'

const message = (id: string, read: boolean) => ({
  id,
  kind: 'claim.confirmed',
  title: `「学术会议${id}」复审通过`,
  body: '8 学时已计入 2026 年度已登记学时。',
  claim_id: `claim-${id}`,
  created_at: '2026-11-25T00:48:25Z',
  read,
})

const mounted: { unmount(): void }[] = []

async function render() {
  const read = new Set(['2'])
  const fetch = mockFetch((request) => {
    const path = new URL(request.url).pathname
    if (path === '/api/v1/notifications') {
      const items = ['1', '2'].map((id) => message(id, read.has(id)))
      return json({ items, total: 2, unread: items.filter((m) => !m.read).length, page: 1, page_size: 10 })
    }
    if (path === '/api/v1/notifications/read-all') ['1', '2'].forEach((id) => read.add(id))
    else read.add(path.split('/')[4]!)
    return json({ marked: 1 })
  })
  session.me = {
    id: 'u',
    username: '330102199007084522',
    display_name: '李娜',
    must_change_password: false,
    roles: [{ role: 'person', role_name: '专业技术人员', unit_id: 'ej', unit_name: '二建', unit_tier: 'third' }],
  }
  const page = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: page },
      { path: '/claims/:id', name: 'claim', component: page },
    ],
  })
  await router.push('/')
  const wrapper = mount(NotificationBell, { global: { plugins: [router] }, attachTo: document.body })
  mounted.push(wrapper)
  await flushPromises()
  return { fetch, router, wrapper }
}

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  session.me = null
  document.body.innerHTML = ''
})

describe('NotificationBell', () => {
  it('shows the unread count on the bell', async () => {
    const { wrapper } = await render()

    expect(wrapper.find('.el-badge__content').text()).toBe('1')
  })

  it('marks a message read and opens its claim', async () => {
    const { fetch, router, wrapper } = await render()
    await wrapper.find('[data-test=notification-bell]').trigger('click')
    await flushPromises()

    const items = document.querySelectorAll<HTMLElement>('[data-test=notification-item]')
    expect(items).toHaveLength(2)
    expect(items[0]!.textContent).toContain('复审通过')
    items[0]!.click()
    await flushPromises()

    expect(calls(fetch)).toContain('POST /api/v1/notifications/1/read')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/claims/claim-1'))
    await vi.waitFor(() => expect(wrapper.find('.el-badge__content').exists()).toBe(false))
  })

  it('marks everything read at once', async () => {
    const { fetch, wrapper } = await render()
    await wrapper.find('[data-test=notification-bell]').trigger('click')
    await flushPromises()

    ;(document.querySelector('[data-test=notification-read-all]') as HTMLElement).click()
    await flushPromises()

    expect(calls(fetch)).toContain('POST /api/v1/notifications/read-all')
    expect(
      [...document.querySelectorAll('[data-test=notification-item]')].map((e) => e.getAttribute('data-read')),
    ).toEqual(['true', 'true'])
  })
})
