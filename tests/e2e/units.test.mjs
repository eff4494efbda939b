// 单位管理 in the browser. Expects the server's fresh demo data (as scripts/test.sh starts it): the tests
// run in order and the 新增 test adds a unit, so a second run against the same server fails on its counts.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, launchBrowser, menuTitles, openPage, pathOf, screenshot, submitLogin } from './helpers.mjs'

const SXB = '浙江省住房和城乡建设行业专业技术人员继续教育学时登记管理办公室'
const JT = '浙江省建设投资集团有限公司'
const JG = '浙江省建工集团有限责任公司'
const EJ = '浙江省二建建设集团有限公司'
const SJY = '浙江省建筑设计研究院'

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

/** Logs in and opens 单位管理 from the side menu. */
async function openUnits(page, username) {
  await page.goto('/login')
  await submitLogin(page, username, DEMO_PASSWORD)
  await page.waitForURL((url) => url.pathname === '/')
  assert.ok((await menuTitles(page)).includes('单位管理'))
  await page.getByTestId('side-menu').getByText('单位管理').click()
  await page.waitForURL((url) => url.pathname === '/units')
  await page.getByTestId('unit-detail').waitFor()
}

const tree = (page) => page.getByTestId('unit-tree')
const node = (page, name) => tree(page).getByTestId('unit-node').filter({ hasText: name })

/** The unit names in the tree, in display order (the tree starts fully expanded for small trees). */
async function unitNames(page) {
  return (await tree(page).getByTestId('unit-node-name').allInnerTexts()).map((text) => text.trim())
}

/** Waits until the tree shows exactly `expected` (it reloads after each change). */
async function expectUnits(page, expected) {
  let names = []
  for (let i = 0; i < 50; i++) {
    names = await unitNames(page)
    if (JSON.stringify(names) === JSON.stringify(expected)) return
    await page.waitForTimeout(100)
  }
  assert.deepEqual(names, expected)
}

async function selectUnit(page, name) {
  await node(page, name).click()
  await page
    .getByTestId('unit-detail-name')
    .filter({ hasText: new RegExp(`^${name}$`) })
    .waitFor()
}

test('省学时办 sees all 5 units and can deactivate and re-activate one', { timeout: 90_000 }, () =>
  scenario(async ({ page }) => {
    await openUnits(page, 'sxb_admin')
    await expectUnits(page, [SXB, JT, JG, EJ, SJY])
    assert.equal(await page.getByTestId('unit-count').innerText(), '共 5 个单位')
    // The root is selected first; 省学时办 may add 二级 units under it.
    await page.getByTestId('unit-detail-name').filter({ hasText: SXB }).waitFor()
    await page.getByTestId('unit-add-child').waitFor()
    await screenshot(page, 'u1-units-province')

    await selectUnit(page, EJ)
    assert.match(new URL(page.url()).searchParams.get('unit') ?? '', /^[0-9a-f-]{36}$/, 'the selection is in the URL')
    assert.equal(await page.getByTestId('unit-add-child').count(), 0, 'nothing is added under a 三级 unit')
    await page.getByTestId('unit-deactivate').click()
    await page.getByTestId('deactivate-reason').fill('单位已并入浙江省建工集团有限责任公司')
    await screenshot(page, 'u2-deactivate-dialog')
    await page.getByTestId('deactivate-submit').click()
    await expectUnits(page, [SXB, JT, JG, SJY])
    // The deactivated unit left the tree; its parent is shown instead.
    await page
      .getByTestId('unit-detail-name')
      .filter({ hasText: new RegExp(`^${JT}$`) })
      .waitFor()

    await page.getByText('显示已停用').click()
    await expectUnits(page, [SXB, JT, JG, EJ, SJY])
    await node(page, EJ).getByText('已停用').waitFor()
    await selectUnit(page, EJ)
    await page.getByTestId('unit-detail-inactive').waitFor()
    await screenshot(page, 'u3-inactive-shown')

    await page.getByTestId('unit-activate').click()
    await page.locator('.el-message-box').getByRole('button', { name: '启用' }).click()
    await page.locator('.el-message', { hasText: '单位已启用' }).waitFor()
    assert.equal(await page.getByTestId('unit-detail-inactive').count(), 0)
    assert.equal(await node(page, EJ).getByText('已停用').count(), 0)

    // 省学时办 may keep a pilot-era code whose check character fails, once a reason is given.
    await selectUnit(page, SXB)
    await page.getByTestId('unit-add-child').click()
    const form = page.getByTestId('unit-form')
    await form.getByTestId('unit-name').fill('浙江省建设工程试点集团有限公司')
    await form.getByTestId('unit-code').fill('91330100MA2H7K3P6G')
    await page.getByTestId('unit-form-submit').click()
    await form.locator('.el-form-item__error', { hasText: '请填写原因后保存' }).waitFor()
    await form.getByTestId('unit-override-reason').fill('早期试点代码，已核实营业执照')
    await screenshot(page, 'u4-code-override-reason')
    await page.getByTestId('unit-form-submit').click()
    await expectUnits(page, [SXB, JT, JG, EJ, SJY, '浙江省建设工程试点集团有限公司'])
    const detail = page.getByTestId('unit-detail')
    await detail.getByText('早期试点代码，已核实营业执照').waitFor()
    await detail.getByTestId('unit-second-confirms').filter({ hasText: /^是$/ }).waitFor()

    await page.getByTestId('unit-edit').click()
    await form.getByTestId('unit-address').fill('浙江省杭州市西湖区文三路 100 号')
    await form.getByTestId('unit-form-second-confirms').click()
    await page.getByTestId('unit-form-submit').click()
    await detail.getByText('浙江省杭州市西湖区文三路 100 号').waitFor()
    await detail.getByTestId('unit-second-confirms').filter({ hasText: /^否$/ }).waitFor()
    await screenshot(page, 'u5-unit-edited')
  }),
)

test(
  '二级单位管理员 sees their group, adds a 三级 unit, and gets the checksum error under the field',
  { timeout: 90_000 },
  () =>
    scenario(async ({ page }) => {
      await openUnits(page, 'jt_admin')
      await expectUnits(page, [JT, JG, EJ])
      await screenshot(page, 'u6-units-unit-admin')

      await selectUnit(page, JT)
      assert.equal(pathOf(page), '/units')
      // The group's own setting can be switched right in the detail.
      const confirms = page.getByTestId('unit-second-confirms')
      await page.getByTestId('unit-second-confirms-switch').click()
      await confirms.filter({ hasText: /^否$/ }).waitFor()
      await page.getByTestId('unit-second-confirms-switch').click()
      await confirms.filter({ hasText: /^是$/ }).waitFor()

      await page.getByTestId('unit-add-child').click()
      const form = page.getByTestId('unit-form')
      await form.waitFor()
      await form.getByTestId('unit-name').fill('浙江省建投测试子公司')
      await form.getByTestId('unit-code').fill('91350100M000100Y43')
      await form.getByTestId('unit-contact-name').fill('王工')
      await form.getByTestId('unit-contact-phone').fill('0571-87654321')
      await screenshot(page, 'u7-add-unit-dialog')
      await page.getByTestId('unit-form-submit').click()

      await expectUnits(page, [JT, JG, EJ, '浙江省建投测试子公司'])
      // The new unit is selected: a 三级 unit under the group, with the code as entered.
      await page.getByTestId('unit-detail-name').filter({ hasText: '浙江省建投测试子公司' }).waitFor()
      assert.equal(await page.getByTestId('unit-detail-code').innerText(), '91350100M000100Y43')
      await screenshot(page, 'u8-unit-added')

      await selectUnit(page, JT)
      await page.getByTestId('unit-add-child').click()
      await form.waitFor()
      await form.getByTestId('unit-name').fill('浙江省建投测试子公司二')
      await form.getByTestId('unit-code').fill('91350100M000100Y44')
      await page.getByTestId('unit-form-submit').click()

      const codeItem = form.locator('.el-form-item', {
        has: page.getByTestId('unit-code'),
      })
      await codeItem
        .locator('.el-form-item__error', {
          hasText: '统一社会信用代码校验位不正确',
        })
        .waitFor()
      // Only 省学时办 may keep such a code, so a unit admin is not asked for a reason.
      assert.equal(await form.getByTestId('unit-override-reason').count(), 0)
      await screenshot(page, 'u9-checksum-field-error')
    }),
)
