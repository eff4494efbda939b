import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { calls, json, mockFetch } from '@/test/fetch'
import type { StandingView } from './standing'
import StandingReport from './StandingReport.vue'

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

const view: StandingView = {
  person_id: 'p1',
  person_name: '李娜',
  unit_name: '浙江省二建建设集团有限公司',
  year: 2026,
  registered: { professional: 64, industry_public: 6, general_public: 4, public: 10, total: 74 },
  thresholds: [
    check('total', '总学时', 90, 74),
    check('professional', '专业科目', 60, 64),
    check('public', '公需科目', 18, 10),
    check('industry_public', '行业公需科目', 12, 6),
  ],
  met: false,
  certificate_eligible: false,
  pending_review: 8,
  in_review: 10,
  counted: [
    {
      source: 'claim',
      id: 'c1',
      pathway_code: 'P4',
      pathway_name: '参加学术会议、学术讲座',
      title: '长三角建筑工业化论坛',
      date: '2026-10-16',
      hours: 8,
      bucket: 'professional',
      bucket_label: '专业科目',
      state: 'province_confirmed',
      state_label: '复审通过',
    },
    {
      source: 'class',
      id: 'k1',
      pathway_code: 'P1',
      pathway_name: '统一认定的培训班',
      title: '钢结构工程施工质量验收培训班',
      date: '2026-11-12',
      hours: 16,
      bucket: 'professional',
      bucket_label: '专业科目',
      state: 'posted',
      state_label: '已登记',
    },
    {
      source: 'online',
      id: 'o1',
      pathway_code: 'P3',
      pathway_name: '网络学习',
      title: '建设工程质量安全法规解读',
      date: '2026-11-20',
      hours: 4.5,
      bucket: 'industry_public',
      bucket_label: '行业公需科目',
      state: 'synced',
      state_label: '已计入',
    },
  ],
  pending: [],
}

afterEach(() => {
  document.body.innerHTML = ''
})

async function render(props: { personId?: string; year: number }) {
  const fetch = mockFetch(() => json(view))
  const page = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: page },
      { path: '/claims/:id', name: 'claim', component: page },
    ],
  })
  const wrapper = mount(StandingReport, { props, global: { plugins: [router] } })
  await flushPromises()
  return { fetch, wrapper, router }
}

describe('StandingReport', () => {
  it('shows each threshold with what is missing, and the hours not yet counted apart', async () => {
    const { fetch, wrapper } = await render({ year: 2026 })

    expect(calls(fetch)).toEqual(['GET /api/v1/standing/me'])
    const notes = wrapper.findAll('[data-test=standing-note]').map((n) => n.text())
    expect(notes).toEqual(['还差 16 学时', '已达标', '还差 8 学时', '还差 6 学时'])
    expect(wrapper.find('[data-test=standing-not-counted]').text()).toBe(
      '待复审 8 学时、审核中 10 学时，尚未计入已登记学时，审核通过后自动计入。',
    )
    expect(wrapper.find('[data-test=standing-item-bucket]').text()).toBe('专业科目')
  })

  it('asks for a person’s year when given one', async () => {
    const { fetch } = await render({ personId: 'p1', year: 2025 })

    const url = new URL((fetch.mock.calls[0]![0] as Request).url)
    expect(url.pathname).toBe('/api/v1/persons/p1/standing')
    expect(url.searchParams.get('year')).toBe('2025')
  })

  it('tags class hours 培训班 and online hours 网络学习, and opens only claims', async () => {
    const { wrapper, router } = await render({ year: 2026 })

    const sources = wrapper.findAll('[data-test=standing-item-source]')
    expect(sources.map((s) => s.text())).toEqual(['培训班', '网络学习'])
    expect(sources.map((s) => s.attributes('data-source'))).toEqual(['class', 'online'])
    const rows = wrapper.findAll('[data-test=standing-counted] .el-table__row')
    expect(rows.map((r) => r.classes('opens'))).toEqual([true, false, false])

    await rows[1]!.trigger('click')
    await rows[2]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/')
    await rows[0]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/claims/c1')
  })
})
