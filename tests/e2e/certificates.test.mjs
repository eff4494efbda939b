// 学时登记证明 in the browser (issue 6): 张伟, with 90 registered hours (set up through the API), issues his
// certificate from 我的学时 and opens the PDF; anyone checks it on the public page without logging in (with
// the QR code's token: the signature is valid); 建设投资集团 prints its year in a batch and finds it in 证明管理;
// a change of hours supersedes it with a new version; 省学时办 revokes that, and the public page says so.
// The tests run in order and may run again against the same server (each run adds hours, hence new versions).
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { before, test } from 'node:test'
import { apiOk, apiToken, publishTestPathways, registerHours } from './api-helpers.mjs'
import { BASE_URL, browserScenarios, login, openMenu, pageShot, PHONE } from './helpers.mjs'
import { unzip } from './people-xlsx.mjs'

const ZHANG = '330106198503151238'
const LINA = '330102199007084522'
const RUN = Date.now()
const NUMBER = /^ZJ\d{4}(-[0-9A-Z]{4}){3}$/

const scenario = browserScenarios()
/** What the journey learns on the way: the certificate's number and links, then its new version's number. */
const cert = {}

const fitsWidth = async (page) => {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `nothing sticks out sideways (${width} px)`)
}

/** The public page's verdict once shown: [status, label]. */
async function verdict(page) {
  const status = page.getByTestId('verify-status')
  await status.waitFor()
  return [
    await status.getAttribute('data-status'),
    (await status.getByTestId('verify-status-label').innerText()).trim(),
  ]
}

before(async () => {
  await publishTestPathways()
  await registerHours(ZHANG, [
    ['TP', `钢结构新规范专题培训（e2e ${RUN}）`, 60],
    ['TI', `建筑施工安全生产专题（e2e ${RUN}）`, 20],
    ['TG', `专业技术人员职业道德（e2e ${RUN}）`, 10],
  ])
})

test('李娜, short of hours, cannot issue and is told what is short', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, LINA)
    await openMenu(page, '我的学时', '/standing')
    const panel = page.getByTestId('certificate-panel')
    await panel.waitFor()
    assert.ok(await panel.getByTestId('certificate-issue').isDisabled())
    assert.match(await panel.getByTestId('certificate-shortfall').innerText(), /未达到出具条件：总学时还差 [\d.]+ 学时/)
    await panel.getByTestId('certificate-issue').locator('..').hover()
    await page.locator('.el-popper:visible', { hasText: '未达到出具条件' }).waitFor()
    await pageShot(page, 'v0-not-eligible')
  }),
)

test('张伟 issues his certificate from 我的学时 and opens the PDF', { timeout: 90_000 }, () =>
  scenario(async ({ page, external }) => {
    await login(page, ZHANG)
    await openMenu(page, '我的学时', '/standing')
    const panel = page.getByTestId('certificate-panel')
    const issue = panel.getByTestId('certificate-issue')
    await issue.waitFor()
    assert.equal((await issue.innerText()).trim(), '出具学时登记证明')
    assert.ok(await issue.isEnabled(), '90 registered hours are enough')
    await issue.click()

    const issued = panel.getByTestId('certificate-issued')
    await issued.waitFor()
    const item = issued.getByTestId('certificate-item')
    assert.equal(await item.getAttribute('data-status'), 'valid')
    assert.equal((await item.getByTestId('certificate-status').innerText()).trim(), '有效')
    cert.number = (await item.getByTestId('certificate-number').innerText()).trim()
    assert.match(cert.number, NUMBER)
    assert.match(await item.getByTestId('certificate-version').innerText(), /第 \d+ 版/)
    cert.verifyUrl = await item.getByTestId('certificate-verify').getAttribute('href')
    assert.ok(cert.verifyUrl.startsWith(`${BASE_URL}/verify/${cert.number}?t=`), cert.verifyUrl)
    cert.pdfUrl = await item.getByTestId('certificate-pdf').getAttribute('href')
    await pageShot(page, 'v1-issued')

    // 打开 PDF opens the signed link in a new tab; the link serves the stored PDF.
    const [popup] = await Promise.all([page.waitForEvent('popup'), item.getByTestId('certificate-pdf').click()])
    assert.match(new URL(popup.url()).pathname, /^\/api\/v1\/files\/certificates\/\d{4}\/zj.+\.pdf$/)
    await popup.waitForLoadState()
    await popup.close()
    // Chromium shows a PDF in its built-in viewer: an extension page, not a request leaving the server.
    for (let i = external.length - 1; i >= 0; i--)
      if (external[i].startsWith('chrome-extension://')) external.splice(i, 1)
    const pdf = await page.request.get(cert.pdfUrl)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-')

    // 下载 saves it under the certificate's number.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      item.getByTestId('certificate-download').click(),
    ])
    assert.equal(download.suggestedFilename(), `学时登记证明-${cert.number}.pdf`)
    assert.equal((await readFile(await download.path())).subarray(0, 5).toString('latin1'), '%PDF-')

    // Asking again without a change of hours gives the same certificate back.
    await issue.click()
    await issued.filter({ hasText: '本年度学时未变动' }).waitFor()
    assert.equal((await issued.getByTestId('certificate-number').innerText()).trim(), cert.number)
  }),
)

test('the public page, without login, shows 有效 and a valid signature', { timeout: 60_000 }, async () => {
  await scenario(async ({ page }) => {
    await page.goto(cert.verifyUrl)
    assert.deepEqual(await verdict(page), ['valid', '有效'])
    assert.equal(new URL(page.url()).pathname, `/verify/${cert.number}`, 'no detour to the login page')
    const token = page.getByTestId('verify-token')
    assert.equal(await token.getAttribute('data-valid'), 'true')
    assert.equal((await token.innerText()).trim(), '二维码签名有效（Ed25519），与本证明一致')
    assert.equal((await page.getByTestId('verify-number').innerText()).trim(), cert.number)
    assert.equal((await page.getByTestId('verify-name').innerText()).trim(), '张*')
    assert.match(await page.getByTestId('verify-id-number').innerText(), /^3301\*+1238$/)
    const total = page.locator('[data-test=verify-hours-row][data-label="总学时"]').getByTestId('verify-hours-value')
    assert.ok(Number(await total.innerText()) >= 90)
    assert.equal(await page.getByTestId('side-menu').count(), 0, 'outside the admin shell')
    await pageShot(page, 'v2-verify-valid')

    // Typed by hand (lower case, no dashes): no token, so no word on the signature.
    await page.goto('/verify')
    await page.getByTestId('verify-input').fill(cert.number.toLowerCase().replaceAll('-', ' '))
    await page.getByTestId('verify-submit').click()
    await page.waitForURL((url) => url.pathname === `/verify/${cert.number}`)
    assert.deepEqual(await verdict(page), ['valid', '有效'])
    assert.equal(await page.getByTestId('verify-token').count(), 0)

    // A token that is not this certificate's is a red warning.
    const at = cert.verifyUrl.length - 20
    const tampered = `${cert.verifyUrl.slice(0, at)}${cert.verifyUrl[at] === 'A' ? 'B' : 'A'}${cert.verifyUrl.slice(at + 1)}`
    await page.goto(tampered)
    await page.locator('[data-test=verify-token][data-valid="false"]').waitFor()
    await pageShot(page, 'v3-verify-tampered')

    await page.getByTestId('verify-input').fill('ZJ2026-AAAA-BBBB-CCCC')
    await page.getByTestId('verify-submit').click()
    await page.getByTestId('verify-not-found').filter({ hasText: '未找到该证明编号' }).waitFor()
  })

  await scenario(async ({ page }) => {
    await page.goto(cert.verifyUrl)
    assert.deepEqual(await verdict(page), ['valid', '有效'])
    await page.locator('[data-test=verify-token][data-valid="true"]').waitFor()
    await fitsWidth(page)
    await pageShot(page, 'v4-verify-valid-phone')
  }, PHONE)
})

test('建设投资集团 prints its year in a batch and issues for 张伟 from his standing', { timeout: 90_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    await openMenu(page, '学时达标情况', '/standings')
    await page.getByTestId('standings-table').getByTestId('standing-row').first().waitFor()
    await page.getByTestId('batch-open').click()
    const dialog = page.getByTestId('batch-dialog')
    await dialog.getByTestId('batch-start').waitFor()
    assert.match(await dialog.getByTestId('batch-year').innerText(), /\d{4} 年度/)
    await dialog.locator('.el-select__selected-item', { hasText: '浙江省建设投资集团有限公司' }).waitFor()
    await pageShot(page, 'v5-batch-dialog')
    await dialog.getByTestId('batch-start').click()

    const progress = dialog.locator('[data-test=batch-progress][data-status="done"]')
    await progress.waitFor({ timeout: 30_000 })
    assert.match(await progress.getByTestId('batch-state').innerText(), /已生成 \d+ 份证明/)
    assert.match(await progress.getByTestId('batch-percent').innerText(), /100%/)
    await pageShot(page, 'v6-batch-done')
    const [zip] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('batch-download').click()])
    assert.match(zip.suggestedFilename(), /\.zip$/)
    const entries = unzip(await readFile(await zip.path()))
    assert.ok(
      [...entries.keys()].some((name) => name.includes('张伟') && name.endsWith('.pdf')),
      [...entries.keys()].join(),
    )
    await dialog.getByRole('button', { name: '关闭', exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })

    // 张伟's year in the drawer: 出具证明 gives back his unchanged certificate, with its PDF.
    await page.getByTestId('filter-q').fill('张伟')
    await page.getByTestId('filter-search').click()
    await page.locator('[data-test=standing-row][data-name="张伟"]').click()
    const drawer = page.getByTestId('standing-drawer')
    const panel = drawer.getByTestId('certificate-panel')
    await panel.getByTestId('certificate-issue').filter({ hasText: '出具证明' }).click()
    const issued = panel.getByTestId('certificate-issued')
    await issued.locator(`[data-test=certificate-item][data-number="${cert.number}"]`).waitFor()
    assert.ok((await issued.getByTestId('certificate-pdf').getAttribute('href')).startsWith('/api/v1/files/'))
    await pageShot(page, 'v7-drawer-issued')
  }),
)

test('证明管理 lists the certificate for 建设投资集团, without 撤销', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    await openMenu(page, '证明管理', '/certificates')
    const table = page.getByTestId('certificates-table')
    await page.getByTestId('filter-q').fill(cert.number)
    await page.getByTestId('filter-search').click()
    await page.waitForURL((url) => url.searchParams.get('q') === cert.number)
    const row = table.locator('tr', { has: page.locator(`[data-test=certificate-row][data-number="${cert.number}"]`) })
    await row.waitFor()
    assert.equal((await row.getByTestId('certificate-name').innerText()).trim(), '张伟')
    assert.equal((await row.getByTestId('certificate-status').innerText()).trim(), '有效')
    assert.equal(await row.getByTestId('certificate-verify').getAttribute('href'), cert.verifyUrl)
    assert.equal(await row.getByTestId('certificate-revoke').count(), 0, 'only 省学时办 revokes')
    await page.getByTestId('certificates-summary').filter({ hasText: '共 1 份证明' }).waitFor()
    await page.getByTestId('filter-reset').click()
    await table.getByTestId('certificate-row').first().waitFor()
    await pageShot(page, 'v8-certificates')
  }),
)

test('more hours supersede the certificate with a new version', { timeout: 90_000 }, async () => {
  await registerHours(ZHANG, [['TG', `公需补充（e2e ${RUN}）`, 5]])
  // The new version is produced in the background.
  const zhang = await apiToken(ZHANG)
  for (let i = 0; i < 60 && !cert.newNumber; i++) {
    const page = await apiOk('GET', `/api/v1/certificates?status=valid`, zhang)
    const fresh = page.items.find((c) => c.number !== cert.number && !c.reissue_pending)
    if (fresh) cert.newNumber = fresh.number
    else await new Promise((resolve) => setTimeout(resolve, 500))
  }
  assert.ok(cert.newNumber, 'a new version was issued')

  await scenario(async ({ page }) => {
    await login(page, ZHANG)
    await openMenu(page, '我的学时', '/standing')
    const list = page.getByTestId('certificate-panel').getByTestId('certificate-list')
    await list.locator(`[data-test=certificate-item][data-number="${cert.newNumber}"][data-status="valid"]`).waitFor()
    const old = list.locator(`[data-test=certificate-item][data-number="${cert.number}"]`)
    assert.equal(await old.getAttribute('data-status'), 'superseded')
    assert.match(await old.getByTestId('certificate-superseded').innerText(), new RegExp(cert.newNumber))
    await pageShot(page, 'v9-my-certificates')
  })

  await scenario(async ({ page }) => {
    await page.goto(cert.verifyUrl)
    assert.deepEqual(await verdict(page), ['superseded', '已被新版本替代'])
    await pageShot(page, 'v10-verify-superseded-phone')
    await page.getByTestId('verify-superseded-link').click()
    await page.waitForURL((url) => url.pathname === `/verify/${cert.newNumber}`)
    assert.deepEqual(await verdict(page), ['valid', '有效'])
  }, PHONE)
})

test('省学时办 revokes the certificate, and the public page says 已撤销', { timeout: 60_000 }, async () => {
  const reason = `经查申报材料弄虚作假（e2e ${RUN}）`
  await scenario(async ({ page }) => {
    await login(page, 'sxb_admin')
    await openMenu(page, '证明管理', '/certificates')
    await page.getByTestId('filter-q').fill(cert.newNumber)
    await page.getByTestId('filter-search').click()
    const row = page
      .getByTestId('certificates-table')
      .locator('tr', { has: page.locator(`[data-test=certificate-row][data-number="${cert.newNumber}"]`) })
    await row.getByTestId('certificate-revoke').click()
    const dialog = page.getByTestId('revoke-dialog')
    await dialog.getByTestId('revoke-confirm').click()
    await dialog.locator('.el-form-item__error', { hasText: '请填写撤销理由' }).waitFor()
    await dialog.getByTestId('revoke-reason').fill('假')
    await dialog.getByTestId('revoke-confirm').click()
    await dialog.locator('.el-form-item__error', { hasText: '2–500 字' }).waitFor()
    await dialog.getByTestId('revoke-reason').fill(reason)
    await pageShot(page, 'v11-revoke-dialog')
    await dialog.getByTestId('revoke-confirm').click()
    await dialog.waitFor({ state: 'hidden' })
    await row.getByTestId('certificate-status').filter({ hasText: '已撤销' }).waitFor()
    await row.getByText(reason).waitFor()
    assert.equal(await row.getByTestId('certificate-revoke').count(), 0)
    await pageShot(page, 'v12-revoked-list')
  })

  for (const options of [undefined, PHONE])
    await scenario(async ({ page }) => {
      await page.goto(`/verify/${cert.newNumber}`)
      assert.deepEqual(await verdict(page), ['revoked', '已撤销'])
      assert.ok((await page.getByTestId('verify-revoked').innerText()).includes(`撤销理由：${reason}`))
      if (options) await fitsWidth(page)
      await pageShot(page, options ? 'v14-verify-revoked-phone' : 'v13-verify-revoked')
    }, options)
})
