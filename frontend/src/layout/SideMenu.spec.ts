import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { session } from '@/auth/session'
import type { Me } from '@/auth/roles'
import { sysadmin, unitAdmin } from '@/test/fetch'
import SideMenu from './SideMenu.vue'

async function renderMenu(me: Me) {
  session.me = me
  const page = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: page },
      { path: '/account', component: page },
    ],
  })
  await router.push('/')
  const wrapper = mount(SideMenu, { global: { plugins: [router] } })
  return { wrapper, router, items: () => wrapper.findAll('[data-test=menu-item]') }
}

afterEach(() => {
  session.me = null
})

describe('SideMenu', () => {
  it('renders only the entries a unit admin may use', async () => {
    const { items } = await renderMenu(unitAdmin)

    expect(items().map((item) => item.text())).toEqual([
      '首页',
      '单位管理',
      '人员管理',
      '单位关系确认',
      '人员调动',
      '待我审核',
      '申报查询',
      '学时达标情况',
      '证明管理',
      '审计日志',
      '我的账户',
    ])
  })

  it('renders the API docs entry for a sysadmin and opens it in a new tab', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    const { items, router } = await renderMenu(sysadmin)

    const docs = items().find((item) => item.text() === '接口文档')
    expect(docs).toBeDefined()
    await docs?.trigger('click')

    expect(open).toHaveBeenCalledWith('/api/docs', '_blank', 'noopener')
    expect(router.currentRoute.value.path).toBe('/')
    expect(
      items()
        .find((item) => item.classes('is-active'))
        ?.text(),
    ).toBe('首页')
  })

  it('navigates within the app for route entries', async () => {
    const { items, router } = await renderMenu(unitAdmin)

    await items()
      .find((item) => item.text() === '我的账户')
      ?.trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.path).toBe('/account')
    expect(
      items()
        .find((item) => item.classes('is-active'))
        ?.text(),
    ).toBe('我的账户')
  })

  it('highlights an entry’s own page over an entry above it, and keeps it on pages below', async () => {
    // A person who is also a unit admin sees both 我的申报 (/claims) and 申报查询 (/claims/review).
    session.me = { ...unitAdmin, roles: [...unitAdmin.roles, { ...unitAdmin.roles[0]!, role: 'person' }] }
    const page = { template: '<div />' }
    const router = createRouter({
      history: createMemoryHistory(),
      routes: ['/', '/claims', '/claims/:id', '/claims/review', '/claims/review/:id'].map((path) => ({
        path,
        component: page,
      })),
    })
    await router.push('/claims/review')
    const wrapper = mount(SideMenu, { global: { plugins: [router] } })
    const active = () => wrapper.find('.el-menu-item.is-active').text()
    expect(active()).toBe('申报查询')

    for (const [path, entry] of [
      ['/claims/review/abc', '申报查询'],
      ['/claims/abc', '我的申报'],
      ['/claims', '我的申报'],
    ]) {
      await router.push(path!)
      await flushPromises()
      expect(active()).toBe(entry)
    }
  })
})
