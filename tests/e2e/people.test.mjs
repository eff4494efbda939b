// 人员: registration, 单位关系确认, the person list and detail, the audit log and account issuing, in the
// browser. Expects the server's fresh demo data: the tests run in order (the audit test reads what the
// registration test did), so a second run against the same server fails on 已注册 and on its counts.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import {
  BASE_URL,
  DEMO_PASSWORD,
  launchBrowser,
  menuTitles,
  openPage,
  pathOf,
  screenshot,
  submitLogin,
} from './helpers.mjs'
import { fillTemplate } from './people-xlsx.mjs'

const JG = '浙江省建工集团有限责任公司'
const EJ = '浙江省二建建设集团有限公司'
const SJY = '浙江省建筑设计研究院'
const ZHAOMIN = { id: '330106199001010026', name: '赵敏', phone: '13700003333', password: 'Zhaomin2026' }
const MASKED_ID = /^\d{4}\*{10}\d{3}[\dX]$/

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/** Runs a scenario in a fresh context and checks it stayed offline and error-free. */
async function scenario(body) {
  const session = await openPage(browser)
  try {
    await body(session)
    assert.deepEqual(session.external, [], 'no request may leave the server (offline deployment)')
    assert.deepEqual(session.errors, [], 'no uncaught errors in the page')
  } finally {
    await session.context.close()
  }
}

async function login(page, username, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await submitLogin(page, username, password)
  await page.waitForURL((url) => url.pathname === '/')
}

async function openMenu(page, title, path) {
  await page.getByTestId('side-menu').getByTestId('menu-item').filter({ hasText: title }).click()
  await page.waitForURL((url) => url.pathname === path)
}

/** Waits until the element's text satisfies `check` (lists reload after each action). */
async function eventually(read, check, message) {
  let value
  for (let i = 0; i < 50; i++) {
    value = await read()
    if (check(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  assert.fail(`${message}: last saw ${JSON.stringify(value)}`)
}

const confirmBox = (page, button) => page.locator('.el-message-box').getByRole('button', { name: button })

test('二级单位管理员 sees the group’s persons masked, and one person in full', { timeout: 90_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    const menu = await menuTitles(page)
    for (const title of ['人员管理', '单位关系确认', '人员调动', '审计日志']) assert.ok(menu.includes(title), title)
    await openMenu(page, '人员管理', '/persons')

    const table = page.getByTestId('person-table')
    await table.getByText('张伟').waitFor()
    assert.equal(await page.getByTestId('person-total').innerText(), '共 3 人')
    const names = await table.getByTestId('person-link').allInnerTexts()
    assert.deepEqual(names.map((n) => n.trim()).sort(), ['张伟', '李娜', '陈杰'].sort())
    const ids = await table.getByTestId('person-id-masked').allInnerTexts()
    assert.equal(ids.length, 3)
    for (const id of ids) assert.match(id.trim(), MASKED_ID)
    assert.ok(!(await page.content()).includes('330106198503151238'), 'the list never carries a full 身份证号')
    await screenshot(page, 'p1-persons-unit-admin')

    // 导出 with the current filters: an .xlsx named by the server.
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('person-export').click()])
    assert.match(exported.suggestedFilename(), /\.xlsx$/)
    const bytes = await readFile(await exported.path())
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file')

    // The unit filter covers the unit and everything below it.
    await page.getByTestId('filter-unit').first().click()
    await page.locator('.el-tree-select__popper').getByText(JG, { exact: true }).click()
    await page.getByTestId('filter-search').click()
    await eventually(
      () => page.getByTestId('person-total').innerText(),
      (t) => t === '共 1 人',
      'filtered to 建工',
    )
    assert.equal(new URL(page.url()).searchParams.has('unit_id'), true, 'the filter is in the URL')
    await page.getByTestId('filter-reset').click()
    await eventually(
      () => page.getByTestId('person-total').innerText(),
      (t) => t === '共 3 人',
      'filter reset',
    )

    await table.getByTestId('person-link').filter({ hasText: '张伟' }).click()
    await page.waitForURL((url) => /^\/persons\/[0-9a-f-]{36}$/.test(url.pathname))
    const detail = page.getByTestId('person-detail')
    await detail.getByTestId('person-detail-id-number').filter({ hasText: '330106198503151238' }).waitFor()
    assert.equal(await detail.getByTestId('person-detail-phone').innerText(), '13800001001')
    assert.equal(await detail.getByTestId('person-detail-unit').innerText(), JG)
    await detail.getByText('1985-03-15').waitFor()
    await page.getByTestId('person-edit').waitFor()
    await page.getByTestId('person-release').waitFor()
    // The parent entry stays highlighted on a detail page.
    assert.equal((await page.locator('.el-menu-item.is-active').innerText()).trim(), '人员管理')
    await screenshot(page, 'p2-person-detail')

    // 编辑: 身份证号 and 姓名 are locked once the unit has confirmed the person.
    await page.getByTestId('person-edit').click()
    const form = page.getByTestId('person-form')
    await form.waitFor()
    assert.equal(await form.getByTestId('person-id-number').isDisabled(), true)
    assert.equal(await form.getByTestId('person-name').isDisabled(), true)
    await form.getByTestId('person-phone').fill('1380000')
    await page.getByTestId('person-save').click()
    await form.locator('.el-form-item__error', { hasText: '手机号应为 11 位数字' }).waitFor()
    await screenshot(page, 'p3-person-edit-locked')
    await page.getByTestId('person-form-dialog').getByRole('button', { name: '取消' }).click()

    // 新增人员, with the 职称 picked through the cascade; the server's field errors land under the fields.
    await openMenu(page, '人员管理', '/persons')
    await page.getByTestId('person-create').click()
    const create = page.getByTestId('person-form')
    await create.waitFor()
    await create.getByTestId('person-id-number').fill('330106199203070036')
    await create.getByTestId('person-name').fill('孙磊')
    await create.getByTestId('person-phone').fill('13700004444')
    await create.getByTestId('person-unit').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: JG }).click()
    await create.getByTestId('title-series').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '工程技术人员' }).click()
    await create.getByTestId('title-level').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '中级' }).click()
    // 中级 has one title in this series: it is picked by itself.
    await create.getByTestId('title-name').getByText('工程师', { exact: true }).waitFor()
    await page.getByTestId('person-save').click()
    await create.locator('.el-form-item__error', { hasText: '校验' }).waitFor()
    await screenshot(page, 'p3b-person-create-server-error')
    await create.getByTestId('person-id-number').fill('330106199203070035')
    await create.getByText('男', { exact: true }).waitFor()
    await page.getByTestId('person-save').click()
    await page.waitForURL((url) => /^\/persons\/[0-9a-f-]{36}$/.test(url.pathname))
    await page.getByTestId('person-detail-id-number').filter({ hasText: '330106199203070035' }).waitFor()
    await page.getByTestId('person-detail').getByText('工程技术人员 / 中级 / 工程师').waitFor()
    await page.getByTestId('person-account-open').waitFor()
    await screenshot(page, 'p3c-person-created')
  }),
)

test('a person registers, and the 三级 admin confirms the affiliation', { timeout: 90_000 }, async () => {
  await scenario(async ({ page }) => {
    await page.goto('/login')
    await page.getByTestId('login-register').click()
    await page.waitForURL((url) => url.pathname === '/register')

    const form = page.getByTestId('register-form')
    await form.getByTestId('register-id-number').fill(ZHAOMIN.id)
    await form.getByTestId('register-name').fill(ZHAOMIN.name)
    await form.getByTestId('register-phone').fill(ZHAOMIN.phone)
    await form.getByTestId('register-unit').click()
    await page.keyboard.type('二建')
    await page.getByTestId('public-unit-option').filter({ hasText: EJ }).click()
    await form.getByTestId('register-password').fill(ZHAOMIN.password)
    await form.getByTestId('register-confirm').fill('Zhaomin2025')
    await page.getByTestId('register-submit').click()
    await form.locator('.el-form-item__error', { hasText: '两次输入的密码不一致' }).waitFor()
    await form.getByTestId('register-confirm').fill(ZHAOMIN.password)
    await screenshot(page, 'p4-register-form')

    await page.getByTestId('register-submit').click()
    const done = page.getByTestId('register-success')
    await done.getByText('注册成功，请等待单位管理员确认后登录使用').waitFor()
    await done.getByText(EJ).waitFor()
    await screenshot(page, 'p5-register-success')
  })

  await scenario(async ({ page }) => {
    await login(page, 'ej_admin')
    const badge = page.getByTestId('menu-item').filter({ hasText: '单位关系确认' }).getByTestId('menu-badge')
    await eventually(
      () => badge.innerText(),
      (t) => t.trim() === '1',
      'the badge counts the registration',
    )
    assert.ok(!(await menuTitles(page)).some((t) => t.startsWith('审计日志')), 'a 三级 admin has no audit log')
    await openMenu(page, '单位关系确认', '/affiliations')

    const row = page.getByTestId('affiliation-table').locator('.el-table__row', { hasText: ZHAOMIN.name })
    await row.waitFor()
    assert.match(await row.innerText(), /3301\*{10}0026/)
    assert.match(await row.innerText(), /137\*{4}3333/)
    await screenshot(page, 'p6-affiliations')

    await row.getByTestId('affiliation-confirm').click()
    await confirmBox(page, '确认').click()
    await page.locator('.el-message', { hasText: `已确认 ${ZHAOMIN.name} 的单位关系` }).waitFor()
    await page.getByTestId('affiliation-table').getByText('没有待确认的人员').waitFor()
    await eventually(
      () => badge.isVisible(),
      (v) => v === false,
      'the badge is gone',
    )
    await screenshot(page, 'p7-affiliation-confirmed')

    // 赵敏 is now a confirmed member of the unit.
    await openMenu(page, '人员管理', '/persons')
    const person = page.getByTestId('person-table').locator('.el-table__row', { hasText: ZHAOMIN.name })
    await person.getByText('已确认').waitFor()
  })
})

test('省学时办 finds the registration and the confirmation in the audit log', { timeout: 90_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'sxb_admin')
    await openMenu(page, '审计日志', '/audit')

    const table = page.getByTestId('audit-table')
    const entry = (action) => table.locator('.el-table__row', { has: page.locator(`[data-action="${action}"]`) })
    await entry('person.registered').first().waitFor()
    await entry('person.affiliation_confirmed').first().waitFor()
    assert.match(await entry('person.registered').first().innerText(), /个人注册/)
    const confirmed = entry('person.affiliation_confirmed').first()
    assert.match(await confirmed.innerText(), /确认单位关系/)
    assert.match(await confirmed.innerText(), /ej_admin/)
    await screenshot(page, 'p8-audit-log')

    // Only person entries.
    await page.getByTestId('audit-filter-action').fill('person.')
    await page.getByTestId('audit-search').click()
    await eventually(
      async () =>
        (await table.getByTestId('audit-action').evaluateAll((els) => els.map((e) => e.dataset.action))) ?? [],
      (actions) => actions.length > 0 && actions.every((a) => a.startsWith('person.')),
      'only person.* entries',
    )

    await entry('person.affiliation_confirmed').first().locator('.el-table__expand-icon').click()
    const diff = page.getByTestId('audit-diff').first()
    await diff.waitFor()
    const changed = diff.locator('[data-test="audit-diff-row"][data-kind="changed"]')
    assert.equal(await changed.count(), 1, 'one key changed')
    assert.match(await changed.innerText(), /单位确认状态[\s\S]*pending[\s\S]*confirmed/)
    assert.match(await diff.getByTestId('audit-diff-summary').innerText(), /1 项有变化/)
    await screenshot(page, 'p9-audit-diff')
  }),
)

test('二级单位管理员 issues a 三级 admin account, which starts at /first-login', { timeout: 90_000 }, async () => {
  const username = `jg_admin_${Date.now() % 100000}`
  let code = ''
  await scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    await openMenu(page, '单位管理', '/units')
    await page.getByTestId('unit-tree').getByTestId('unit-node').filter({ hasText: JG }).click()
    await page
      .getByTestId('unit-detail-name')
      .filter({ hasText: new RegExp(`^${JG}$`) })
      .waitFor()

    await page.getByTestId('unit-add-account').click()
    const form = page.getByTestId('create-account-form')
    await form.waitFor()
    assert.equal(await page.getByTestId('create-account-unit').innerText(), JG)
    await form.getByText('三级单位管理员').click()
    await form.getByTestId('create-account-username').fill('JG')
    await form.getByTestId('create-account-display-name').fill('建工集团新管理员')
    await page.getByTestId('create-account-submit').click()
    await form.locator('.el-form-item__error', { hasText: '用户名为 3–32 位小写字母' }).waitFor()
    await form.getByTestId('create-account-username').fill(username)
    await screenshot(page, 'p10-create-account')
    await page.getByTestId('create-account-submit').click()

    const dialog = page.getByTestId('activation-dialog')
    await dialog.getByText('激活码只显示这一次').waitFor()
    assert.equal(await dialog.getByTestId('activation-username').innerText(), username)
    code = (await dialog.getByTestId('activation-code').innerText()).trim()
    assert.match(code, /^\S{8,}$/)
    assert.match(await dialog.getByTestId('activation-expires').innerText(), /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/)
    await screenshot(page, 'p11-activation-code')
    await page.getByTestId('activation-done').click()

    // The unit's account list shows the new account, waiting for activation.
    const accounts = page.getByTestId('unit-accounts').locator('.el-table__row', { hasText: username })
    await accounts.getByText('待激活').waitFor()
    await accounts.getByText('三级单位管理员').waitFor()
    await screenshot(page, 'p11b-unit-accounts')
  })

  await scenario(async ({ page }) => {
    await page.goto('/login')
    await submitLogin(page, username, code)
    await page.waitForURL((url) => url.pathname === '/first-login')
    await page.getByTestId('first-login').getByText('首次登录请设置新密码').waitFor()
    assert.equal(pathOf(page), '/first-login')
    await screenshot(page, 'p12-first-login')
  })
})

test('a transfer: the old unit releases 陈杰, the new unit accepts', { timeout: 90_000 }, async () => {
  await scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    await openMenu(page, '人员管理', '/persons')
    await page.getByTestId('person-table').getByTestId('person-link').filter({ hasText: '陈杰' }).click()
    await page.getByTestId('person-release').click()
    const dialog = page.getByTestId('release-dialog')
    await dialog.getByTestId('release-unit').click()
    await page.keyboard.type('设计')
    await page.getByTestId('public-unit-option').filter({ hasText: SJY }).click()
    await screenshot(page, 'p13-release-dialog')
    await page.getByTestId('release-submit').click()
    await page.getByTestId('person-transfer-pending').getByText('原单位已同意调出，待调入单位同意').waitFor()
    assert.equal(await page.getByTestId('person-release').count(), 0, 'one transfer at a time')

    await openMenu(page, '人员调动', '/transfers')
    const row = page.getByTestId('transfer-table').locator('.el-table__row', { hasText: '陈杰' })
    await row.getByText('原单位已同意调出，待调入单位同意').waitFor()
    // The releasing side may only cancel now.
    assert.equal(await row.getByTestId('transfer-accept').count(), 0)
    await row.getByTestId('transfer-cancel').waitFor()

    // 调入申请 for someone the system does not know: the server's message is shown under the field.
    await page.getByTestId('transfer-request').click()
    const request = page.getByTestId('transfer-request-dialog')
    await request.getByTestId('transfer-id-number').fill('330102198805120044')
    await request.getByTestId('transfer-to-unit').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: EJ }).click()
    await page.getByTestId('transfer-request-submit').click()
    await request.locator('.el-form-item__error', { hasText: '系统中没有该身份证号的人员' }).waitFor()
    await screenshot(page, 'p14-transfer-request-error')
    await request.getByRole('button', { name: '取消' }).click()
  })

  await scenario(async ({ page }) => {
    await login(page, 'sjy_admin')
    const badge = page.getByTestId('menu-item').filter({ hasText: '人员调动' }).getByTestId('menu-badge')
    await eventually(
      () => badge.innerText(),
      (t) => t.trim() === '1',
      'the badge counts the transfer',
    )
    await openMenu(page, '人员调动', '/transfers')
    const row = page.getByTestId('transfer-table').locator('.el-table__row', { hasText: '陈杰' })
    await row.getByTestId('transfer-accept').waitFor()
    await screenshot(page, 'p15-transfers-incoming')
    await row.getByTestId('transfer-accept').click()
    await confirmBox(page, '同意调入').click()
    await page.locator('.el-message', { hasText: `陈杰 已调入「${SJY}」` }).waitFor()
    await page.getByTestId('transfer-table').getByText('没有待办理的调动').waitFor()

    await openMenu(page, '人员管理', '/persons')
    const person = page.getByTestId('person-table').locator('.el-table__row', { hasText: '陈杰' })
    await person.getByText(SJY).waitFor()
  })
})

/** The import template as the server hands it out, fetched with jt_admin's token. */
async function importTemplate() {
  const login = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'jt_admin', password: DEMO_PASSWORD }),
  })
  const { access_token: token } = await login.json()
  const response = await fetch(`${BASE_URL}/api/v1/persons/import/template`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  assert.equal(response.status, 200, 'the template downloads')
  return Buffer.from(await response.arrayBuffer())
}

test('批量导入: the preview shows errors, and a clean file is committed', { timeout: 90_000 }, async () => {
  const template = await importTemplate()
  const good = ['1', '周婷', '女', '330102198805120044', '13700005555', '', '工程技术人员', '中级', '工程师', '是']
  const bad = ['2', '吴刚', '', '330106199001010027', '', '', '', '', '', '']
  const xlsx = (name, rows) => ({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: fillTemplate(template, rows),
  })

  await scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    await openMenu(page, '人员管理', '/persons')
    await page.getByTestId('person-import').click()
    const dialog = page.getByTestId('import-dialog')

    const [templateDownload] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByTestId('import-template').click(),
    ])
    assert.match(templateDownload.suggestedFilename(), /\.xlsx$/)

    // Nothing chosen yet: both mistakes are shown at once.
    await page.getByTestId('import-upload').click()
    await dialog.locator('.el-form-item__error', { hasText: '请选择导入到哪个单位' }).waitFor()
    await dialog.locator('.el-form-item__error', { hasText: '请选择要导入的文件' }).waitFor()

    await dialog.getByTestId('import-unit').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '浙江省建设投资集团有限公司' }).click()
    await dialog.getByTestId('import-file').setInputFiles(xlsx('人员导入-有错误.xlsx', [good, bad]))
    await dialog.getByText('人员导入-有错误.xlsx').waitFor()
    await page.getByTestId('import-upload').click()

    const summary = dialog.getByTestId('import-summary')
    await summary.waitFor()
    assert.match(await summary.innerText(), /共 2 行/)
    assert.match(await summary.innerText(), /新增 1/)
    assert.match(await summary.innerText(), /错误 1/)
    const preview = dialog.getByTestId('import-preview')
    await preview.locator('.el-table__row', { hasText: '吴刚' }).getByText('身份证号校验位不正确').waitFor()
    assert.match(await preview.locator('.el-table__row', { hasText: '周婷' }).innerText(), /3301\*{10}0044/)
    assert.equal(await page.getByTestId('import-commit').isDisabled(), true, 'no commit while rows have errors')
    await screenshot(page, 'p16-import-preview-errors')

    const [report] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByTestId('import-error-report').click(),
    ])
    assert.match(report.suggestedFilename(), /\.xlsx$/)

    await page.getByTestId('import-restart').click()
    await dialog.getByTestId('import-file').setInputFiles(xlsx('人员导入.xlsx', [good]))
    await page.getByTestId('import-upload').click()
    await summary.waitFor()
    assert.match(await summary.innerText(), /共 1 行/)
    assert.equal(await page.getByTestId('import-commit').isDisabled(), false)
    await screenshot(page, 'p17-import-preview-clean')
    await page.getByTestId('import-commit').click()
    await page.locator('.el-message', { hasText: '导入完成：新增 1 人' }).waitFor()
    await page.getByTestId('person-table').getByText('周婷').waitFor()
    await screenshot(page, 'p18-imported')
  })
})
