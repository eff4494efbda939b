import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { heldRoles, type Me, type RoleBinding } from '@/auth/roles'
import { session } from '@/auth/session'
import { calls, json, mockFetch } from '@/test/fetch'
import { todoCounts } from '@/views/todo/counts'
import { MENU, visibleMenu, type MenuEntry } from './menu'
import SideMenu from './SideMenu.vue'

const PEOPLE_PAGES = ['人员管理', '单位关系确认', '人员调动', '审计日志']

const binding = (role: RoleBinding['role'], tier: RoleBinding['unit_tier'] = null): RoleBinding => ({
  role,
  role_name: role,
  unit_id: tier ? `unit-${tier}` : null,
  unit_name: tier ? `${tier} unit` : null,
  unit_tier: tier,
})
const user = (...roles: RoleBinding[]): Me => ({
  id: 'u1',
  username: 'someone',
  display_name: '某人',
  must_change_password: false,
  roles,
})

/** The person-related entries the user sees, in menu order. */
function peopleMenu(me: Me): string[] {
  const titles = (entries: MenuEntry[]) => entries.map((e) => e.title)
  return titles(visibleMenu(MENU, heldRoles(me), me.roles)).filter((t) => PEOPLE_PAGES.includes(t))
}

describe('the person and audit menu entries', () => {
  it('give a 二级 unit admin every person page and the audit log', () => {
    expect(peopleMenu(user(binding('unit_admin', 'second')))).toEqual(PEOPLE_PAGES)
  })

  it('give a 三级 unit admin the person pages but not the audit log', () => {
    expect(peopleMenu(user(binding('unit_admin', 'third')))).toEqual(['人员管理', '单位关系确认', '人员调动'])
  })

  it('give 省学时办 the person list and the audit log, but no 待办', () => {
    expect(peopleMenu(user(binding('province', 'province')))).toEqual(['人员管理', '审计日志'])
  })

  it('give the system administrator the audit log only', () => {
    expect(peopleMenu(user(binding('sysadmin')))).toEqual(['审计日志'])
  })

  it('give organisers and persons none of them', () => {
    expect(peopleMenu(user(binding('organiser', 'second')))).toEqual([])
    expect(peopleMenu(user(binding('person', 'third')))).toEqual([])
  })

  it('show the audit log when any one of several unit admin bindings is 二级', () => {
    expect(peopleMenu(user(binding('unit_admin', 'third'), binding('unit_admin', 'second')))).toContain('审计日志')
  })

  it('hide a tier-restricted entry when only the role set is known', () => {
    const titles = visibleMenu(MENU, new Set(['unit_admin'])).map((e) => e.title)

    expect(titles).toContain('人员管理')
    expect(titles).not.toContain('审计日志')
  })
})

describe('SideMenu 待办 badges', () => {
  const mounted: { unmount(): void }[] = []
  afterEach(() => {
    // A menu left mounted would keep following the shared session and count again.
    mounted.splice(0).forEach((wrapper) => wrapper.unmount())
    session.me = null
    todoCounts.affiliations = 0
    todoCounts.transfers = 0
    todoCounts.review = 0
  })

  async function render(me: Me, pending: number, transfers: number, awaiting = 0) {
    const fetch = mockFetch((request) => {
      const url = new URL(request.url)
      if (url.pathname === '/api/v1/persons') {
        expect(url.searchParams.get('affiliation')).toBe('pending')
        return json({ items: [], total: pending, page: 1, page_size: 1 })
      }
      if (url.pathname === '/api/v1/transfers') return json(Array.from({ length: transfers }, (_, i) => ({ id: i })))
      if (url.pathname === '/api/v1/review/count') return json({ awaiting })
      return json({})
    })
    session.me = me
    const page = { template: '<div />' }
    const router = createRouter({
      history: createMemoryHistory(),
      routes: ['/', '/persons', '/persons/:id', '/affiliations'].map((path) => ({ path, component: page })),
    })
    await router.push('/')
    const wrapper = mount(SideMenu, { global: { plugins: [router] } })
    mounted.push(wrapper)
    await flushPromises()
    const badge = (title: string) =>
      wrapper
        .findAll('[data-test=menu-item]')
        .find((item) => item.text().startsWith(title))
        ?.find('.el-badge__content')
    return { fetch, router, wrapper, badge }
  }

  it('shows the pending counts beside 单位关系确认 and 人员调动', async () => {
    const { badge } = await render(user(binding('unit_admin', 'third')), 3, 2)

    expect(badge('单位关系确认')?.text()).toBe('3')
    expect(badge('单位关系确认')?.isVisible()).toBe(true)
    expect(badge('人员调动')?.text()).toBe('2')
  })

  it('hides a badge with nothing to do', async () => {
    const { badge } = await render(user(binding('unit_admin', 'third')), 0, 1)

    expect(badge('单位关系确认')?.exists()).toBe(false)
    expect(badge('人员调动')?.isVisible()).toBe(true)
  })

  it('recounts on every navigation and keeps the parent entry active on a detail page', async () => {
    const { fetch, router, wrapper } = await render(user(binding('unit_admin', 'second')), 1, 0)
    expect(calls(fetch)).toEqual(['GET /api/v1/persons', 'GET /api/v1/transfers', 'GET /api/v1/review/count'])

    await router.push('/persons/abc')
    await flushPromises()

    expect(calls(fetch)).toHaveLength(6)
    expect(wrapper.find('.el-menu-item.is-active').text()).toBe('人员管理')
  })

  it('shows the claims awaiting review beside 待我审核', async () => {
    const { badge } = await render(user(binding('unit_admin', 'third')), 0, 0, 4)

    expect(badge('待我审核')?.text()).toBe('4')
  })

  it('asks 省学时办 for the review queue only', async () => {
    const { fetch, badge } = await render(user(binding('province', 'province')), 5, 5, 2)

    expect(calls(fetch)).toEqual(['GET /api/v1/review/count'])
    expect(badge('待我审核')?.text()).toBe('2')
  })

  it('asks nothing for users without 待办', async () => {
    const { fetch } = await render(user(binding('person', 'third')), 5, 5, 5)

    expect(fetch).not.toHaveBeenCalled()
  })
})
