import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { certificate } from '@/test/certificates'
import { json, mockFetch, problem } from '@/test/fetch'
import type { StandingView } from '@/views/standing/standing'
import type { Certificate } from './certificates'
import CertificatePanel from './CertificatePanel.vue'

const check = (
  key: StandingView['thresholds'][number]['key'],
  label: string,
  required: number,
  registered: number,
) => ({
  key,
  label,
  required,
  registered,
  met: registered >= required,
  short_by: Math.max(required - registered, 0),
})

function standing(total: number): StandingView {
  return {
    person_id: 'p1',
    person_name: '张伟',
    unit_name: '浙江省建工集团有限责任公司',
    year: 2026,
    registered: { professional: total - 30, industry_public: 20, general_public: 10, public: 30, total },
    thresholds: [
      check('total', '总学时', 90, total),
      check('professional', '专业科目', 60, total - 30),
      check('public', '公需科目', 18, 30),
      check('industry_public', '行业公需科目', 12, 20),
    ],
    met: total >= 90,
    certificate_eligible: total >= 90,
    pending_review: 0,
    in_review: 0,
    counted: [],
    pending: [],
  }
}

const mounted: { unmount(): void }[] = []

async function render(view: StandingView, list: Certificate[], issue?: () => Response, personId?: string) {
  const fetch = mockFetch((request) => {
    if (request.method === 'POST') return issue!()
    return json({ items: list, total: list.length, page: 1, page_size: 50 })
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }],
  })
  const wrapper = mount(CertificatePanel, {
    props: { standing: view, personId },
    global: { plugins: [router] },
    attachTo: document.body,
  })
  mounted.push(wrapper)
  await flushPromises()
  return { fetch, wrapper }
}

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  document.body.innerHTML = ''
})

describe('CertificatePanel', () => {
  it('keeps the button disabled and says what is short', async () => {
    const { fetch, wrapper } = await render(standing(74), [])

    expect(wrapper.find('[data-test=certificate-issue]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-test=certificate-shortfall]').text()).toBe('未达到出具条件：总学时还差 16 学时')
    expect(wrapper.text()).toContain('本年度还没有出具过证明')
    const url = new URL((fetch.mock.calls[0]![0] as Request).url)
    expect(url.pathname).toBe('/api/v1/certificates')
    expect(Object.fromEntries(url.searchParams)).toEqual({ year: '2026', person_id: 'p1', page_size: '50' })
  })

  it('issues one’s own certificate and offers its PDF and verification link', async () => {
    const issued = certificate({ id: 'c2', number: 'ZJ2026-AAAA-BBBB-CCCC', version: 2 })
    const old = certificate({
      status: 'superseded',
      status_label: '已被新版本替代',
      superseded_by_number: 'ZJ2026-AAAA-BBBB-CCCC',
    })
    const { fetch, wrapper } = await render(standing(95), [old], () => json({ created: true, certificate: issued }))

    await wrapper.find('[data-test=certificate-issue]').trigger('click')
    await flushPromises()

    const post = fetch.mock.calls.map(([r]) => r as Request).find((r) => r.method === 'POST')!
    expect(await post.json()).toEqual({ year: 2026, person_id: null })
    const card = wrapper.find('[data-test=certificate-issued]')
    expect(card.find('[data-test=certificate-number]').text()).toBe('ZJ2026-AAAA-BBBB-CCCC')
    expect(card.find('[data-test=certificate-status]').text()).toBe('有效')
    expect(card.find('[data-test=certificate-version]').text()).toBe('第 2 版')
    expect(card.find('[data-test=certificate-pdf]').attributes('href')).toBe(issued.pdf_url)
    expect(card.find('[data-test=certificate-download]').attributes('download')).toBe(
      '学时登记证明-ZJ2026-AAAA-BBBB-CCCC.pdf',
    )
    expect(card.find('[data-test=certificate-verify]').attributes('href')).toBe(issued.verify_url)
    // The older version stays listed, grey, pointing at the new number.
    const listed = wrapper.find('[data-test=certificate-list] [data-test=certificate-item]')
    expect(listed.attributes('data-status')).toBe('superseded')
    expect(listed.find('[data-test=certificate-superseded]').text()).toContain('ZJ2026-AAAA-BBBB-CCCC')
    expect(listed.find('[data-test=certificate-verify]').exists()).toBe(false)
  })

  it('issues for a person as an admin, shows the reason of a refusal and a re-issue under way', async () => {
    const pending = certificate({ reissue_pending: true })
    const revoked = certificate({
      id: 'c0',
      status: 'revoked',
      status_label: '已撤销',
      revoked_reason: '经查弄虚作假',
    })
    const { fetch, wrapper } = await render(
      standing(90),
      [pending, revoked],
      () => problem(422, 'not_eligible', '2026 年度已登记 89.5 学时，未达到出具学时登记证明的条件'),
      'p1',
    )

    expect(wrapper.find('[data-test=certificate-issue]').text()).toBe('出具证明')
    expect(wrapper.find('[data-test=certificate-pending]').text()).toBe('学时已变动，新版本证明生成中')
    expect(wrapper.find('[data-test=certificate-revoked]').text()).toContain('撤销理由：经查弄虚作假')
    await wrapper.find('[data-test=certificate-issue]').trigger('click')
    await flushPromises()

    const post = fetch.mock.calls.map(([r]) => r as Request).find((r) => r.method === 'POST')!
    expect(await post.json()).toEqual({ year: 2026, person_id: 'p1' })
    expect(document.body.textContent).toContain('未达到出具学时登记证明的条件')
    expect(wrapper.find('[data-test=certificate-issued]').exists()).toBe(false)
  })
})
