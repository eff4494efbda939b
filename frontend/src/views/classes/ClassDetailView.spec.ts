import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Me } from '@/auth/roles'
import { session } from '@/auth/session'
import { organiser, province, trainingClass } from '@/test/classes'
import { calls, json, mockFetch } from '@/test/fetch'
import type { ClassDetail } from './classes'
import ClassDetailView from './ClassDetailView.vue'

const mounted: { unmount(): void }[] = []
const all = (selector: string) => [...document.querySelectorAll(selector)]
const text = (selector: string) => document.querySelector(selector)?.textContent?.trim() ?? ''

async function render(me: Me, detail: ClassDetail, answer: (request: Request) => Response | null = () => null) {
  session.me = me
  const fetch = mockFetch((request) => {
    const own = answer(request)
    if (own) return own
    const path = new URL(request.url).pathname
    if (path.endsWith('/videos')) return json([])
    if (path.endsWith('/records')) return json({ items: [], total: 0, page: 1, page_size: 20 })
    return json(detail)
  })
  const page = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/classes', name: 'classes', component: page },
      { path: '/classes/:id', name: 'class', component: ClassDetailView },
      { path: '/classes/:id/edit', name: 'class-edit', component: page },
    ],
  })
  await router.push(`/classes/${detail.id}`)
  const wrapper = mount({ template: '<router-view />' }, { global: { plugins: [router] }, attachTo: document.body })
  mounted.push(wrapper)
  await flushPromises()
  return { fetch, router }
}

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  session.me = null
  document.body.innerHTML = ''
})

describe('ClassDetailView', () => {
  it('offers 省学时办 审核 on a submitted application, with the requested hours prefilled', async () => {
    const detail = trainingClass({ can: { ...trainingClass().can, decide: true, grant_exception: true } })
    const approved = trainingClass({
      state: 'approved',
      state_label: '已同意',
      approved_hours: 14,
      decision: {
        approved: true,
        opinion: '同意',
        reviewer_name: '省学时办审核员',
        decided_at: '2026-11-26T02:00:00Z',
        hours: { professional: 10, industry_public: 4, general_public: 0 },
        approved_hours: 14,
      },
    })
    const { fetch } = await render(province, detail, (request) => (request.method === 'POST' ? json(approved) : null))

    expect(all('[data-test=class-edit]')).toHaveLength(0)
    expect(all('[data-test=class-grant]')).toHaveLength(1)
    expect(text('[data-test=class-detail-state]')).toBe('待审核')
    ;(document.querySelector('[data-test=class-decide]') as HTMLElement).click()
    await flushPromises()

    const input = (key: string) => document.querySelector(`[data-test=class-decision-${key}] input`) as HTMLInputElement
    expect(input('professional').value).toBe('12.0')
    expect(input('industry_public').value).toBe('4.0')
    ;(document.querySelector('[data-test=class-decision-confirm]') as HTMLElement).click()
    await flushPromises()
    // Form items show their message after a short debounce.
    await vi.waitFor(() =>
      expect(text('[data-test=class-decision-dialog] .el-form-item__error')).toBe('请填写审核意见'),
    )
    expect(calls(fetch).filter((c) => c.startsWith('POST'))).toEqual([])

    input('professional').value = '10'
    input('professional').dispatchEvent(new Event('input'))
    input('professional').dispatchEvent(new Event('change'))
    const opinion = document.querySelector('textarea[data-test=class-decision-opinion]') as HTMLTextAreaElement
    opinion.value = '同意'
    opinion.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(text('[data-test=class-decision-sum]')).toMatch(/^合计 14 学时/)
    ;(document.querySelector('[data-test=class-decision-confirm]') as HTMLElement).click()
    await flushPromises()

    const post = fetch.mock.calls.map(([r]) => r as Request).find((r) => r.method === 'POST')!
    expect(new URL(post.url).pathname).toBe('/api/v1/classes/class-1/decision')
    expect(await post.json()).toEqual({
      approve: true,
      opinion: '同意',
      hours: { professional: 10, industry_public: 4, general_public: 0 },
    })
    expect(text('[data-test=class-detail-state]')).toBe('已同意')
    expect(text('[data-test=class-approved-hours]')).toBe('14')
  })

  it('shows the organiser the roster upload and the videos once the class is approved and open', async () => {
    const detail = trainingClass({
      state: 'approved',
      state_label: '已同意',
      roster_open: true,
      can: { ...trainingClass().can, upload_roster: true, submit_video: true },
    })
    const { fetch } = await render(organiser, detail)

    expect(all('[data-test=class-decide]')).toHaveLength(0)
    expect(all('[data-test=class-roster-template]')).toHaveLength(1)
    expect(all('[data-test=class-video-add]')).toHaveLength(1)
    expect(all('[data-test=class-records]')).toHaveLength(0)
    expect(calls(fetch)).toContain('GET /api/v1/classes/class-1/videos')
  })

  it('tells the organiser when the roster is overdue', async () => {
    const detail = trainingClass({
      state: 'approved',
      state_label: '已同意',
      roster_open: false,
      roster_late: true,
      can: { ...trainingClass().can, upload_roster: true },
    })
    await render(organiser, detail)

    expect(text('[data-test=class-roster-late]')).toContain('需省学时办批准逾期例外')
    expect(all('[data-test=class-roster-upload]')).toHaveLength(0)
  })

  it('warns on a draft past its application deadline without an exception', async () => {
    const detail = trainingClass({
      state: 'draft',
      state_label: '草稿',
      application_deadline: '2020-01-01',
      can: { ...trainingClass().can, edit: true, submit: true },
    })
    await render(organiser, detail)

    expect(text('[data-test=class-late]')).toContain('已超过申报期限（须于 2020-01-01 前提交）')
    expect(all('[data-test=class-edit]')).toHaveLength(1)
  })
})
