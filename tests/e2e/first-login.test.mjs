// First login with a one-time activation code: the account is created through the API (as 省学时办 would),
// then the browser logs in with the code and must set a password before anything else.
import assert from 'node:assert/strict'
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

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

async function apiCall(method, path, { token, body } = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: {
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  const data = await response.json().catch(() => null)
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(data)}`)
  return data
}

/** A new 二级 admin of 浙江省建筑设计研究院, issued by sxb_admin; returns the username and the activation code. */
async function issueAccount() {
  const { access_token: token } = await apiCall('POST', '/api/v1/auth/login', {
    body: { username: 'sxb_admin', password: DEMO_PASSWORD },
  })
  const units = await apiCall('GET', '/api/v1/units', { token })
  const unit = units.find((u) => u.name === '浙江省建筑设计研究院')
  assert.ok(unit, 'the demo unit exists')
  const username = `sjy_new_${Date.now() % 100000}`
  const issued = await apiCall('POST', '/api/v1/accounts', {
    token,
    body: { username, display_name: '设计研究院新管理员', role: 'unit_admin', unit_id: unit.id },
  })
  assert.equal(issued.account.pending_activation, true)
  return { username, code: issued.activation_code }
}

test(
  'an activation code leads to /first-login, which must be passed before anything else',
  { timeout: 60_000 },
  async () => {
    const { username, code } = await issueAccount()
    const { context, page, external, errors } = await openPage(browser)
    try {
      await page.goto('/login')
      await submitLogin(page, username, code)
      await page.waitForURL((url) => url.pathname === '/first-login')
      await page.getByTestId('first-login').getByText('首次登录请设置新密码').waitFor()
      assert.equal(await page.getByTestId('side-menu').count(), 0, 'a clean page without the shell')
      await page.mouse.move(0, 0)
      await screenshot(page, 'g1-first-login')

      // Every other page leads back here until the password is set.
      await page.goto('/units')
      await page.waitForURL((url) => url.pathname === '/first-login')

      const form = page.getByTestId('password-form')
      await form.getByLabel('激活码').fill('Not-the-code-1')
      await form.getByLabel('新密码', { exact: true }).fill('Sjy-admin-2026')
      await form.getByLabel('确认新密码').fill('Sjy-admin-2026')
      await page.getByTestId('change-password').click()
      await form.locator('.el-form-item__error', { hasText: '激活码不正确' }).waitFor()
      await screenshot(page, 'g2-first-login-wrong-code')

      await form.getByLabel('激活码').fill(code)
      await page.getByTestId('change-password').click()
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

      // Done once: the page is no longer reachable, and the new password works.
      await page.goto('/first-login')
      await page.waitForURL((url) => url.pathname === '/')
      await page.getByTestId('logout').click()
      await page.waitForURL((url) => url.pathname === '/login')
      await submitLogin(page, username, 'Sjy-admin-2026')
      await page.waitForURL((url) => url.pathname === '/')
      assert.equal(pathOf(page), '/')

      assert.deepEqual(external, [], 'no request may leave the server (offline deployment)')
      assert.deepEqual(errors, [], 'no uncaught errors in the page')
    } finally {
      await context.close()
    }
  },
)
