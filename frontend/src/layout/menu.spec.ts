import { describe, expect, it } from 'vitest'
import { Setting } from '@element-plus/icons-vue'
import type { Role } from '@/auth/roles'
import { MENU, menuIndex, visibleMenu, type MenuEntry } from './menu'

const titles = (entries: MenuEntry[]) => entries.map((entry) => entry.title)
const holding = (...roles: Role[]) => new Set<Role>(roles)

describe('visibleMenu', () => {
  it('shows a unit admin the unit tree but not the API docs', () => {
    expect(titles(visibleMenu(MENU, holding('unit_admin')))).toEqual([
      '首页',
      '单位管理',
      '人员管理',
      '单位关系确认',
      '人员调动',
      '待我审核',
      '申报查询',
      '学时达标情况',
      '证明管理',
      '我的账户',
    ])
  })

  it('shows the unit tree, the pathway rules, the e-learning platforms and the API docs to a sysadmin', () => {
    expect(titles(visibleMenu(MENU, holding('sysadmin')))).toEqual([
      '首页',
      '单位管理',
      '途径规则',
      '对接平台',
      '审计日志',
      '我的账户',
      '接口文档',
    ])
  })

  it('shows 省学时办 the unit tree, the claims in scope, the training classes and the online records', () => {
    expect(titles(visibleMenu(MENU, holding('province')))).toEqual([
      '首页',
      '单位管理',
      '人员管理',
      '待我审核',
      '申报查询',
      '培训班',
      '网络学习',
      '学时达标情况',
      '证明管理',
      '审计日志',
      '我的账户',
    ])
  })

  it('gives a person their own claims and hours and keeps the unit tree from them', () => {
    expect(titles(visibleMenu(MENU, holding('person')))).toEqual(['首页', '我的申报', '我的学时', '我的账户'])
  })

  it('gives organisers their training classes and keeps the unit tree and the claims from them', () => {
    expect(titles(visibleMenu(MENU, holding('organiser')))).toEqual(['首页', '培训班', '我的账户'])
  })

  it('shows an entry when any of several held roles allows it', () => {
    expect(titles(visibleMenu(MENU, holding('person', 'sysadmin')))).toContain('接口文档')
  })

  it('shows nothing to a user without roles', () => {
    expect(visibleMenu(MENU, holding())).toEqual([])
  })

  it('filters group entries and drops groups left empty', () => {
    const menu: MenuEntry[] = [
      {
        title: '单位管理',
        icon: Setting,
        children: [
          { title: '单位列表', icon: Setting, path: '/units', roles: ['province', 'unit_admin'] },
          { title: '同步', icon: Setting, path: '/sync', roles: ['sysadmin'] },
        ],
      },
      {
        title: '系统',
        icon: Setting,
        children: [{ title: '日志', icon: Setting, path: '/logs', roles: ['sysadmin'] }],
      },
    ]

    const visible = visibleMenu(menu, holding('unit_admin'))

    expect(visible).toHaveLength(1)
    expect(visible[0]).toMatchObject({ title: '单位管理', children: [{ title: '单位列表' }] })
    // Filtering returns copies; the shared config is untouched.
    expect(menu[0]).toMatchObject({ children: [{ title: '单位列表' }, { title: '同步' }] })
  })

  it('indexes entries by their target so the active item follows the route', () => {
    expect(MENU.map(menuIndex)).toEqual([
      '/',
      '/claims',
      '/standing',
      '/units',
      '/persons',
      '/affiliations',
      '/transfers',
      '/review',
      '/claims/review',
      '/classes',
      '/sync/records',
      '/standings',
      '/certificates',
      '/rules',
      '/sync/clients',
      '/audit',
      '/account',
      '/api/docs',
    ])
  })
})
