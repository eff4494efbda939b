import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { verification } from '@/test/certificates'
import { json, mockFetch, problem } from '@/test/fetch'
import type { Verification } from './certificates'
import VerifyView from './VerifyView.vue'

const mounted: { unmount(): void }[] = []

async function render(path: string, answer: (url: URL) => Response) {
  const fetch = mockFetch((request) => answer(new URL(request.url)))
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/verify/:number?', name: 'verify', component: VerifyView, meta: { public: true } }],
  })
  await router.push(path)
  const wrapper = mount({ template: '<router-view />' }, { global: { plugins: [router] }, attachTo: document.body })
  mounted.push(wrapper)
  await flushPromises()
  return { fetch, router, wrapper }
}

const answering = (v: Partial<Verification>) => () => json(verification(v))

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  document.body.innerHTML = ''
})

describe('VerifyView', () => {
  it('checks a scanned number with its token and says the signature is genuine', async () => {
    const { fetch, wrapper } = await render(
      '/verify/ZJ2026-7K3M-9QXD-R2TB?t=tok.sig',
      answering({ token_valid: true, token_message: '二维码签名有效，与本证明一致' }),
    )

    const url = new URL((fetch.mock.calls[0]![0] as Request).url)
    expect(url.pathname).toBe('/api/v1/public/certificates/ZJ2026-7K3M-9QXD-R2TB')
    expect(url.searchParams.get('t')).toBe('tok.sig')
    expect(wrapper.find('[data-test=verify-status]').attributes('data-status')).toBe('valid')
    expect(wrapper.find('[data-test=verify-status-label]').text()).toBe('有效')
    expect(wrapper.find('[data-test=verify-token]').text()).toBe('二维码签名有效（Ed25519），与本证明一致')
    expect(wrapper.find('[data-test=verify-name]').text()).toBe('张*')
    const rows = wrapper.findAll('[data-test=verify-hours-row]').map((r) => r.findAll('td').map((td) => td.text()))
    expect(rows).toEqual([
      ['总学时', '90'],
      ['专业科目', '60'],
      ['公需科目', '30'],
      ['其中：行业公需科目', '20'],
      ['其中：一般公需科目', '10'],
    ])
  })

  it('warns in red when the token does not belong to the certificate', async () => {
    const { wrapper } = await render(
      '/verify/ZJ2026-7K3M-9QXD-R2TB?t=forged',
      answering({ token_valid: false, token_message: '二维码签名无效或与本证明不符：该证明可能被篡改' }),
    )

    const token = wrapper.find('[data-test=verify-token]')
    expect(token.attributes('data-valid')).toBe('false')
    expect(token.text()).toContain('二维码签名无效或与本证明不符')
  })

  it('shows a revoked certificate with its reason, and a superseded one with a link to the new version', async () => {
    const { wrapper, router } = await render(
      '/verify/ZJ2026-7K3M-9QXD-R2TB',
      answering({
        status: 'revoked',
        status_label: '已撤销',
        revoked_reason: '经查弄虚作假',
        revoked_at: '2026-11-25T05:00:00Z',
      }),
    )
    expect(wrapper.find('[data-test=verify-status]').classes()).toContain('danger')
    expect(wrapper.find('[data-test=verify-revoked]').text()).toContain('撤销理由：经查弄虚作假')
    expect(wrapper.find('[data-test=verify-token]').exists()).toBe(false)

    mockFetch(() =>
      json(
        verification({
          status: 'superseded',
          status_label: '已被新版本替代',
          superseded_by_number: 'ZJ2026-AAAA-BBBB-CCCC',
        }),
      ),
    )
    await router.push('/verify/ZJ2026-7K3M-9QXD-R2TC')
    await flushPromises()
    expect(wrapper.find('[data-test=verify-status]').classes()).toContain('warning')
    expect(wrapper.find('[data-test=verify-superseded-link]').attributes('href')).toBe('/verify/ZJ2026-AAAA-BBBB-CCCC')
  })

  it('says when a number is unknown or the queries come too fast', async () => {
    const { wrapper, router } = await render('/verify/ZJ2026-AAAA-BBBB-CCCC', () =>
      problem(404, 'not_found', '请求的资源不存在'),
    )
    expect(wrapper.find('[data-test=verify-not-found]').text()).toContain('未找到该证明编号')

    mockFetch(() => problem(429, 'too_many_verifications', '验证过于频繁', { retry_after_seconds: 60 }))
    await router.push('/verify/ZJ2026-AAAA-BBBB-CCCD')
    await flushPromises()
    expect(wrapper.find('[data-test=verify-too-many]').text()).toContain('查询过于频繁，请稍后再试')
  })

  it('looks up a typed number in its printed form, without a token', async () => {
    const { fetch, router, wrapper } = await render('/verify', answering({}))
    expect(fetch).not.toHaveBeenCalled()
    expect(wrapper.find('[data-test=verify-input]').attributes('placeholder')).toBe('ZJ2026-XXXX-XXXX-XXXX')

    await wrapper.find('[data-test=verify-input]').setValue('zj2026 7k3m 9qxd r2tb')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/verify/ZJ2026-7K3M-9QXD-R2TB'))
    const url = new URL((fetch.mock.calls[0]![0] as Request).url)
    expect(url.pathname).toBe('/api/v1/public/certificates/ZJ2026-7K3M-9QXD-R2TB')
    expect(url.searchParams.has('t')).toBe(false)
    expect(wrapper.find('[data-test=verify-status-label]').text()).toBe('有效')
  })
})
