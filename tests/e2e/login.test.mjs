import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, launchBrowser, menuTitles, openPage, pathOf, screenshot, submitLogin } from './helpers.mjs'

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

test('二级单位管理员: role menu, account page, logout', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await page.goto('/login')
    await page.getByText('浙江省住房和城乡建设行业专业技术人员继续教育学时登记管理系统').waitFor()
    await screenshot(page, 'a1-login-page')

    await submitLogin(page, 'jt_admin', DEMO_PASSWORD)
    await page.waitForURL((url) => url.pathname === '/')
    await page.getByTestId('welcome').waitFor()
    assert.deepEqual(await menuTitles(page), [
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
    await screenshot(page, 'a2-home-unit-admin')

    await page.getByTestId('side-menu').getByText('我的账户').click()
    await page.waitForURL((url) => url.pathname === '/account')
    const roles = page.getByTestId('role-bindings')
    await roles.getByText('二级单位管理员').waitFor()
    await roles.getByText('浙江省建设投资集团有限公司').waitFor()
    await roles.getByText('二级单位', { exact: true }).waitFor()
    await screenshot(page, 'a3-account-unit-admin')

    await page.getByTestId('logout').click()
    await page.waitForURL((url) => url.pathname === '/login')
    await page.getByTestId('login-form').waitFor()
    assert.equal(await page.evaluate(() => localStorage.getItem('xueshi.refresh_token')), null)
    await screenshot(page, 'a4-after-logout')
  }),
)

test('wrong password shows the server message and stays on the login page', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await page.goto('/login')
    await submitLogin(page, 'jt_admin', 'not-the-password-1')

    const error = page.getByTestId('login-error')
    await error.waitFor()
    assert.match(await error.innerText(), /用户名或密码错误/)
    assert.equal(pathOf(page), '/login')
    await screenshot(page, 'b1-wrong-password')
  }),
)

test('a deep link while logged out goes through login and back', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await page.goto('/account')
    await page.waitForURL((url) => url.pathname === '/login')
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/account')
    await screenshot(page, 'c1-deep-link-redirected-to-login')

    await submitLogin(page, 'jt_admin', DEMO_PASSWORD)
    await page.waitForURL((url) => url.pathname === '/account')
    await page.getByTestId('password-form').waitFor()
    await screenshot(page, 'c2-deep-link-after-login')
  }),
)

test('a session that cannot be renewed sends the user to log in', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await page.goto('/login')
    await page.evaluate(() => {
      localStorage.setItem('xueshi.access_token', 'expired')
      localStorage.setItem('xueshi.refresh_token', 'revoked')
    })

    await page.goto('/account')

    await page.waitForURL((url) => url.pathname === '/login')
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/account')
    assert.equal(await page.evaluate(() => localStorage.getItem('xueshi.refresh_token')), null)
  }),
)

test('系统管理员 sees 接口文档, which opens the API docs in a new tab', { timeout: 60_000 }, () =>
  scenario(async ({ page, context }) => {
    await page.goto('/login')
    await submitLogin(page, 'sysadmin', DEMO_PASSWORD)
    await page.waitForURL((url) => url.pathname === '/')
    assert.deepEqual(await menuTitles(page), ['首页', '单位管理', '途径规则', '对接平台', '审计日志', '我的账户', '接口文档'])
    await screenshot(page, 'e1-home-sysadmin')

    const [docs] = await Promise.all([
      context.waitForEvent('page'),
      page.getByTestId('side-menu').getByText('接口文档').click(),
    ])
    await docs.waitForLoadState()
    assert.equal(pathOf(docs), '/api/docs')
    assert.equal(pathOf(page), '/', 'the app itself stays where it was')
  }),
)

test('an invalid access token is renewed silently with the refresh token', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await page.goto('/login')
    await submitLogin(page, 'jt_admin', DEMO_PASSWORD)
    await page.waitForURL((url) => url.pathname === '/')
    const before = await page.evaluate(() => localStorage.getItem('xueshi.refresh_token'))

    await page.evaluate(() => localStorage.setItem('xueshi.access_token', 'no-longer-valid'))
    await page.goto('/account')

    await page.getByTestId('role-bindings').getByText('浙江省建设投资集团有限公司').waitFor()
    assert.equal(pathOf(page), '/account')
    const after = await page.evaluate(() => localStorage.getItem('xueshi.refresh_token'))
    assert.ok(after && after !== before, 'the refresh token rotates')
  }),
)

test("change password shows the server's field error under the field", { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await page.goto('/login')
    await submitLogin(page, 'jt_admin', DEMO_PASSWORD)
    await page.waitForURL((url) => url.pathname === '/')
    await page.goto('/account')

    const form = page.getByTestId('password-form')
    await form.getByLabel('当前密码').fill('Wrong-current-1')
    await form.getByLabel('新密码', { exact: true }).fill('Another-pass-2')
    await form.getByLabel('确认新密码').fill('Another-pass-2')
    await page.getByTestId('change-password').click()

    await form.locator('.el-form-item__error', { hasText: '当前密码不正确' }).waitFor()
    await screenshot(page, 'f1-change-password-field-error')
  }),
)
