// 审核 in the browser (D6): 李娜's claims go 二建 认定 → 建设投资集团 确认报送 → 省学时办 复审 and land in
// 我的学时; a returned claim comes back edited with 修改对比; 学时达标情况 lists and exports the unit's year.
// Titles are unique per run, so the tests can run again against the same server; they run in order.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { submitConference, thumbnailsLoaded } from './claim-helpers.mjs'
import { browserScenarios, choose, login, menuTitles, openMenu, pageShot, PHONE } from './helpers.mjs'
import { unzip } from './people-xlsx.mjs'

const LINA = '330102199007084522'
const RUN = Date.now()
const TAG = `e2e ${RUN}`
const JOURNEY_TITLE = `2026 年长三角建筑工业化论坛（${TAG}）`
const RETURN_TITLE = `2026 年全国绿色建造大会（${TAG}）`
const EDITED_TITLE = `2026 年全国绿色建造大会暨技术交流会（${TAG}）`
const EJ = '浙江省二建建设集团有限公司'
const JT = '浙江省建设投资集团有限公司'
const REVIEW_CLAIM = /^\/claims\/review\/[0-9a-f-]{36}$/

const scenario = browserScenarios()
const ids = {}

/** The count beside a side menu entry, once counted ('' when there is none). */
async function badge(page, title) {
  const item = page.getByTestId('side-menu').getByTestId('menu-item').filter({ hasText: title })
  const content = item.locator('.el-badge__content:visible')
  await content.waitFor({ timeout: 5_000 }).catch(() => undefined)
  return (await content.count()) > 0 ? (await content.innerText()).trim() : ''
}

/** 待我审核 narrowed to this run's claims. */
async function openQueue(page) {
  await openMenu(page, '待我审核', '/review')
  await page.getByTestId('filter-q').fill(TAG)
  await page.getByTestId('filter-search').click()
  await page.waitForURL((url) => url.searchParams.get('q') === TAG)
  return page.getByTestId('review-table')
}

const queueRow = (table, title) => table.locator('tr', { hasText: title })
const detailState = (page, state) => page.getByTestId('claim-detail-state').filter({ hasText: state }).waitFor()

/** Opens a decision dialog from the review panel; resolves to the dialog. */
async function startDecision(page, action) {
  await page.getByTestId('review-panel').getByTestId(`review-${action}`).click()
  const dialog = page.getByTestId('review-dialog')
  await dialog.waitFor()
  return dialog
}

test('李娜 submits two conference claims', { timeout: 120_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, LINA)
    assert.deepEqual(await menuTitles(page), ['首页', '我的申报', '我的学时', '我的账户'])
    ids.journey = await submitConference(page, JOURNEY_TITLE, RUN)
    ids.returned = await submitConference(page, RETURN_TITLE, RUN + 10)
    // The chain is shown with its first step under way.
    await page
      .getByTestId('claim-waiting')
      .filter({ hasText: `待${EJ}认定` })
      .waitFor()
  }),
)

test('二建 finds them in 待我审核 and recognises one with fewer hours and a reason', { timeout: 90_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'ej_admin')
    const titles = await menuTitles(page)
    assert.ok(titles.includes('待我审核') && titles.includes('学时达标情况'), titles.join())
    assert.ok(Number(await badge(page, '待我审核')) >= 2, 'the menu counts the claims awaiting 二建')

    const table = await openQueue(page)
    // Longest waiting first: the claim submitted first leads.
    await queueRow(table, RETURN_TITLE).waitFor()
    const rows = table.getByTestId('review-row')
    // The unfiltered queue may still be on screen for a moment: wait for the filtered one.
    const shown = () => rows.evaluateAll((cells) => cells.map((c) => c.dataset.title))
    for (let i = 0; i < 50 && (await shown()).length !== 2; i++) await page.waitForTimeout(100)
    assert.deepEqual(await shown(), [JOURNEY_TITLE, RETURN_TITLE])
    const journey = queueRow(table, JOURNEY_TITLE)
    assert.equal((await journey.getByTestId('review-step').innerText()).trim(), `待${EJ}认定`)
    assert.match(await journey.getByTestId('review-waited').innerText(), /分钟|小时/)
    await pageShot(page, 'r1-review-queue')

    // The keyboard: J moves the highlight down, K up, Enter opens the highlighted claim.
    const current = () => table.locator('tr.current-row').getByTestId('review-row').getAttribute('data-title')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    assert.equal(await current(), JOURNEY_TITLE)
    await page.keyboard.press('j')
    assert.equal(await current(), RETURN_TITLE)
    await page.keyboard.press('k')
    assert.equal(await current(), JOURNEY_TITLE)
    // X selects the highlighted row for a bulk decision (and X again lets it go).
    await page.keyboard.press('x')
    await page.getByTestId('bulk-button').filter({ hasText: '已选 1 项' }).waitFor()
    await page.keyboard.press('x')
    await page.getByTestId('bulk-button').filter({ hasNotText: '已选' }).waitFor()
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname === `/claims/review/${ids.journey}`)
    await detailState(page, '已提交')

    // The evidence opens in a viewer that zooms and rotates.
    await thumbnailsLoaded(page, 2)
    await page.getByTestId('evidence-thumb').first().click()
    const viewer = page.locator('.el-image-viewer__wrapper')
    await viewer.waitFor()
    await viewer.locator('.el-image-viewer__actions i').nth(1).click()
    await viewer.locator('.el-image-viewer__actions i').nth(6).click()
    await page.waitForFunction(() =>
      /rotate\(90deg\)/.test(document.querySelector('.el-image-viewer__img')?.getAttribute('style') ?? ''),
    )
    await pageShot(page, 'r2-image-viewer')
    await page.keyboard.press('Escape')
    await viewer.waitFor({ state: 'detached' })

    // Exactly the decisions the API allows at this step.
    const panel = page.getByTestId('review-panel')
    assert.deepEqual(
      (await panel.locator('button').allInnerTexts()).map((t) => t.replace(/\s+/g, '')),
      ['认定', '退回', '不予认定', '下一条N'],
    )
    const dialog = await startDecision(page, 'recognise')
    assert.equal(await dialog.getByTestId('review-hours').locator('input').inputValue(), '10.0')
    await dialog.getByTestId('review-hours').locator('input').fill('8')
    await dialog.getByTestId('review-hours').locator('input').press('Tab')
    await dialog.getByTestId('review-confirm').click()
    await dialog.locator('.el-form-item__error', { hasText: '调减学时须填写理由' }).waitFor()
    await dialog.getByTestId('review-reason').fill('会议第二天为参观活动，按一天半认定 8 学时')
    await pageShot(page, 'r3-recognise-dialog')
    await dialog.getByTestId('review-confirm').click()
    await detailState(page, '三级单位已审核')
    const event = page.getByTestId('claim-event').filter({ hasText: '单位认定' })
    await event.filter({ hasText: '8 学时' }).waitFor()
    await page.getByTestId('claim-event-reason').filter({ hasText: '按一天半认定 8 学时' }).waitFor()
    await page
      .getByTestId('claim-waiting')
      .filter({ hasText: `待${JT}确认报送` })
      .waitFor()
    assert.equal(await panel.getByTestId('review-recognise').count(), 0, 'nothing left to decide here')
    await pageShot(page, 'r4-recognised')

    // N opens the next claim of the queue (same filters): the other one.
    await page.keyboard.press('n')
    await page.waitForURL((url) => url.pathname === `/claims/review/${ids.returned}`)
    await page.getByTestId('claim-detail-title').filter({ hasText: RETURN_TITLE }).waitFor()
  }),
)

test('建设投资集团 确认报送 in bulk, with each claim’s result', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    const table = await openQueue(page)
    const row = queueRow(table, JOURNEY_TITLE)
    assert.equal((await row.getByTestId('review-step').innerText()).trim(), `待${JT}确认报送`)
    assert.equal((await row.getByTestId('claim-hours').innerText()).trim(), '10 / 8')
    await row.locator('.el-checkbox').click()
    await page.getByTestId('bulk-button').click()
    await page.getByTestId('bulk-recognise').waitFor()
    assert.ok(await page.locator('[data-test=bulk-recognise]').evaluate((el) => el.matches('.is-disabled')))
    await page.getByTestId('bulk-forward').filter({ hasText: '批量确认报送（1 项）' }).click()
    const dialog = page.getByTestId('bulk-dialog')
    await dialog.getByText(`将对以下 1 项申报执行「确认报送」`).waitFor()
    await dialog.getByTestId('bulk-confirm').click()
    await dialog.getByTestId('bulk-summary').filter({ hasText: '成功 1 项，未成功 0 项' }).waitFor()
    const result = dialog.getByTestId('bulk-result')
    assert.equal((await result.innerText()).replace(/\s+/g, ''), '成功单位已认定')
    await pageShot(page, 'r5-bulk-result')
    await dialog.getByTestId('bulk-close').click()
    await row.waitFor({ state: 'detached' })
  }),
)

test('省学时办 复审通过, and sets a unit’s 抽查比例', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'sxb_admin')
    assert.ok(Number(await badge(page, '待我审核')) >= 1)
    const table = await openQueue(page)
    const row = queueRow(table, JOURNEY_TITLE)
    assert.equal((await row.getByTestId('review-step').innerText()).trim(), '待省学时办复审')

    // 抽查比例: 100 % unless set; a rate is saved per unit (set and restored, so reruns start alike).
    await page.getByTestId('sampling-open').click()
    const drawer = page.getByTestId('sampling-drawer')
    const sjySelector = '[data-test=sampling-row][data-unit="浙江省建筑设计研究院"]'
    const sjy = drawer.locator(sjySelector)
    await sjy.waitFor()
    const unitRow = drawer.locator('tr', { has: page.locator(sjySelector) })
    for (const percent of ['90', '100']) {
      await sjy.getByTestId('sampling-percent').locator('input').fill(percent)
      await sjy.getByTestId('sampling-percent').locator('input').press('Tab')
      await unitRow.getByTestId('sampling-save').click()
      await page.locator('.el-message--success', { hasText: `抽查比例已设为 ${percent}%` }).waitFor()
      await unitRow.getByTestId('sampling-source').filter({ hasText: '本单位设置' }).waitFor()
    }
    await drawer
      .locator('tr', { hasText: EJ })
      .getByTestId('sampling-source')
      .filter({ hasText: /默认|沿用/ })
      .waitFor()
    await pageShot(page, 'r6-sampling')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    await row.click()
    await page.waitForURL((url) => REVIEW_CLAIM.test(url.pathname))
    await detailState(page, '单位已认定')
    const panel = page.getByTestId('review-panel')
    assert.deepEqual(
      (await panel.locator('button').allInnerTexts()).map((t) => t.replace(/\s+/g, '')),
      ['复审通过', '退回', '撤销认定', '下一条N'],
    )
    const dialog = await startDecision(page, 'confirm')
    assert.equal(await dialog.getByTestId('review-hours').locator('input').inputValue(), '8.0')
    await dialog.getByTestId('review-confirm').click()
    await detailState(page, '复审通过')
    await page.getByTestId('claim-event').filter({ hasText: '复审通过' }).waitFor()
    // 复审通过 is not the end: 省学时办 may still adjust or revoke.
    await panel.getByTestId('review-adjust').waitFor()
    await pageShot(page, 'r7-confirmed')
  }),
)

test('李娜 sees the hours counted in 我的学时 and the outcome in her messages', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, LINA)
    await openMenu(page, '我的学时', '/standing')
    const report = page.getByTestId('standing-report')
    const item = report.getByTestId('standing-counted').locator('tr', { hasText: JOURNEY_TITLE })
    await item.waitFor()
    assert.equal((await item.getByTestId('standing-item-hours').innerText()).trim(), '8')
    assert.equal((await item.getByTestId('standing-item-bucket').innerText()).trim(), '专业科目')
    const professional = report.locator('[data-test=standing-threshold][data-key="professional"]')
    assert.ok(Number(await professional.getByTestId('standing-registered').innerText()) >= 8)
    assert.match(await professional.getByTestId('standing-note').innerText(), /还差 [\d.]+ 学时|已达标/)
    assert.equal(await report.getByTestId('standing-threshold').count(), 4)
    // The claim sent back for 修改 is not counted and is listed apart.
    await report.getByTestId('standing-pending').locator('tr', { hasText: RETURN_TITLE }).waitFor()
    await report
      .getByTestId('standing-not-counted')
      .filter({ hasText: /(待复审|审核中) [\d.]+ 学时.*，尚未计入已登记学时/ })
      .waitFor()
    await pageShot(page, 'r8-my-standing')

    const bell = page.getByTestId('notification-bell')
    assert.ok(Number(await page.getByTestId('notification-badge').locator('.el-badge__content').innerText()) >= 3)
    await bell.click()
    const panel = page.getByTestId('notification-panel')
    const confirmed = panel.getByTestId('notification-item').filter({ hasText: `「${JOURNEY_TITLE}」复审通过` })
    await confirmed.waitFor()
    assert.equal(await confirmed.getAttribute('data-read'), 'false')
    await panel
      .getByTestId('notification-item')
      .filter({ hasText: `「${JOURNEY_TITLE}」已由单位认定` })
      .filter({ hasText: '按一天半认定 8 学时' })
      .waitFor()
    await pageShot(page, 'r9-notifications')
    await confirmed.click()
    await page.waitForURL((url) => url.pathname === `/claims/${ids.journey}`)
    await detailState(page, '复审通过')

    await bell.click()
    await panel.getByTestId('notification-read-all').click()
    await panel.locator('[data-test=notification-item][data-read="false"]').first().waitFor({ state: 'detached' })
    await page.getByTestId('notification-badge').locator('.el-badge__content').waitFor({ state: 'hidden' })
  }),
)

test('a returned claim comes back edited, and 二建 sees 修改对比', { timeout: 120_000 }, async () => {
  await scenario(async ({ page }) => {
    await login(page, 'ej_admin')
    await page.goto(`/claims/review/${ids.returned}`)
    await detailState(page, '已提交')
    const dialog = await startDecision(page, 'return')
    assert.equal(await dialog.getByTestId('review-hours').count(), 0, 'a return changes no hours')
    await dialog.getByTestId('review-confirm').click()
    await dialog.locator('.el-form-item__error', { hasText: '请填写理由' }).waitFor()
    await dialog.getByTestId('review-reason').fill('请补充会议日程，并按实际参会天数核实学时')
    await dialog.getByTestId('review-confirm').click()
    await detailState(page, '已退回')
  })

  await scenario(async ({ page }) => {
    await login(page, LINA)
    await page.getByTestId('notification-bell').click()
    await page
      .getByTestId('notification-panel')
      .getByTestId('notification-item')
      .filter({ hasText: `「${RETURN_TITLE}」被退回` })
      .click()
    await page.waitForURL((url) => url.pathname === `/claims/${ids.returned}`)
    await detailState(page, '已退回')
    await page.getByText('退回原因：请补充会议日程，并按实际参会天数核实学时').waitFor()
    await pageShot(page, 'r10-returned-claimant')

    await page.getByTestId('claim-edit').click()
    await page.waitForURL((url) => url.pathname === `/claims/${ids.returned}/edit`)
    const form = page.getByTestId('claim-form')
    await page.getByTestId('claim-return-reason').filter({ hasText: '请补充会议日程' }).waitFor()
    await form.getByTestId('claim-title').fill(EDITED_TITLE)
    await form.getByTestId('claim-hours').locator('input').fill('8')
    await form.getByTestId('claim-hours').locator('input').press('Tab')
    if (!(await form.getByTestId('claim-declared').locator('input').isChecked()))
      await form.getByTestId('claim-declared').click()
    await page.getByTestId('claim-submit').click()
    await page.waitForURL((url) => url.pathname === `/claims/${ids.returned}`)
    await detailState(page, '已提交')
  })

  await scenario(async ({ page }) => {
    await login(page, 'ej_admin')
    const table = await openQueue(page)
    await queueRow(table, EDITED_TITLE).click()
    await page.waitForURL((url) => url.pathname === `/claims/review/${ids.returned}`)
    const changes = page.getByTestId('claim-changes')
    await changes.waitFor()
    const rows = await changes
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())))
    assert.deepEqual(
      rows.filter(([label]) => label === '项目名称' || label === '申报学时'),
      [
        ['项目名称', RETURN_TITLE, EDITED_TITLE],
        ['申报学时', '10', '8'],
      ],
    )
    await page.getByTestId('claim-event').filter({ hasText: '退回修改' }).waitFor()
    await pageShot(page, 'r11-changes')
  })
})

test('学时达标情况: 建设投资集团 lists, filters, opens a person and exports the year', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    await openMenu(page, '学时达标情况', '/standings')
    const table = page.getByTestId('standings-table')
    await page.getByTestId('filter-q').fill('李娜')
    await page.getByTestId('filter-search').click()
    const lina = table.locator('tr', { has: page.locator('[data-test=standing-row][data-name="李娜"]') })
    await lina.waitFor()
    assert.ok(Number(await lina.getByTestId('standing-total').innerText()) >= 8)
    await page
      .getByTestId('standings-summary')
      .filter({ hasText: /共 1 人/ })
      .waitFor()

    await lina.click()
    const drawer = page.getByTestId('standing-drawer')
    await drawer.getByTestId('standing-report').waitFor()
    await drawer.getByTestId('standing-counted').locator('tr', { hasText: JOURNEY_TITLE }).waitFor()
    assert.equal(await drawer.getByTestId('standing-threshold').count(), 4)
    await pageShot(page, 's1-standing-drawer')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    // 未达标 and short of 专业科目: every row says so; the filters stay in the URL.
    await page.getByTestId('filter-q').fill('')
    await choose(page, page.getByTestId('filter-status'), '未达标')
    await choose(page, page.getByTestId('filter-short'), '专业科目不足')
    await page.getByTestId('filter-search').click()
    await page.waitForURL((url) => url.searchParams.get('short') === 'professional')
    assert.equal(new URL(page.url()).searchParams.get('status'), 'unmet')
    await table.getByTestId('standing-status').first().waitFor()
    for (const status of await table.getByTestId('standing-status').allInnerTexts())
      assert.match(status, /未达标[\s\S]*专业科目/)
    await pageShot(page, 's2-standings')

    const [response, exported] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/standings/export'),
      page.waitForEvent('download'),
      page.getByTestId('standings-export').click(),
    ])
    assert.equal(
      response.headers()['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    assert.equal(new URL(response.url()).searchParams.get('short'), 'professional', 'the export keeps the filters')
    assert.match(exported.suggestedFilename(), /学时达标情况\.xlsx$/)
    const bytes = await readFile(await exported.path())
    const entries = unzip(bytes)
    assert.ok(entries.has('xl/workbook.xml'), 'an xlsx workbook')
    const strings = [...entries.entries()]
      .filter(([name]) => name.startsWith('xl/'))
      .map(([, data]) => data.toString('utf8'))
      .join('')
    assert.ok(strings.includes('李娜'), 'the export lists 李娜')
  }),
)

test('我的学时 and 待我审核 on a phone', { timeout: 60_000 }, async () => {
  const fitsWidth = async (page) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `nothing sticks out sideways (${width} px)`)
  }
  await scenario(async ({ page }) => {
    await login(page, LINA)
    await openMenu(page, '我的学时', '/standing', true)
    await page.getByTestId('standing-report').getByTestId('standing-counted').waitFor()
    await fitsWidth(page)
    await pageShot(page, 'p1-my-standing-phone')
  }, PHONE)

  await scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    await openMenu(page, '待我审核', '/review', true)
    await page.getByTestId('review-cards').getByTestId('claim-row').first().waitFor()
    await fitsWidth(page)
    await pageShot(page, 'p2-review-queue-phone')
  }, PHONE)
})
