// 学时申报 in the browser: a person claims a conference with two evidence images on a desktop and on a
// phone, a unit admin finds it in 申报查询, and the system administrator reads and publishes pathway
// rules. Titles and codes are unique per run, so the tests can run again against the same server.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { documentImage, fillConference, image, thumbnailsLoaded } from './claim-helpers.mjs'
import { browserScenarios, choose, login, menuTitles, openMenu, pageShot, pathOf, PHONE } from './helpers.mjs'

const LINA = '330102199007084522'
const RUN = Date.now()
const DESKTOP_TITLE = `2026 年全国建筑工程学术会议（e2e ${RUN}）`
const PHONE_TITLE = `2026 年全国 BIM 技术交流会（e2e ${RUN}）`
const CLAIM_PATH = /^\/claims\/[0-9a-f-]{36}$/

const scenario = browserScenarios()

test('a person claims a conference with two images, submits it and sees it in 我的申报', { timeout: 120_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, LINA)
    assert.ok((await menuTitles(page)).includes('我的申报'))
    await openMenu(page, '我的申报', '/claims')
    await page.getByTestId('claim-create').first().click()
    await page.waitForURL((url) => url.pathname === '/claims/new')

    const form = await fillConference(page, DESKTOP_TITLE)
    const evidence = form.getByTestId('claim-evidence')
    // The limits are shown before anything is uploaded.
    assert.equal(await evidence.getByTestId('evidence-counter').innerText(), '已上传 0 / 5 张')
    assert.equal(
      await evidence.getByTestId('evidence-limits').innerText(),
      '最多 5 张，每张不超过 10 MB，支持 JPG、PNG、WebP',
    )
    assert.equal(await evidence.getByTestId('evidence-file').getAttribute('accept'), 'image/jpeg,image/png,image/webp')
    assert.equal(await evidence.getByTestId('evidence-camera-input').getAttribute('capture'), 'environment')
    await evidence.getByTestId('evidence-missing').filter({ hasText: '会议通知或邀请函、参会证明' }).waitFor()

    // A file that is not an image is refused in the browser, before any upload (and before saving).
    await evidence.getByTestId('evidence-file').setInputFiles({
      name: 'notice.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4'),
    })
    await page
      .locator('.el-message--error', {
        hasText: '不是 JPG、PNG 或 WebP 图片',
      })
      .waitFor()
    assert.equal(pathOf(page), '/claims/new', 'nothing was saved for a refused file')

    // The first image saves the draft first, then uploads under the pre-selected first missing item.
    assert.match(await evidence.getByTestId('evidence-kind').innerText(), /会议通知或邀请函/)
    await evidence.getByTestId('evidence-file').setInputFiles(image('会议通知.png', RUN, [40, 90, 200]))
    await page.waitForURL((url) => /^\/claims\/[0-9a-f-]{36}\/edit$/.test(url.pathname))
    await evidence.locator('[data-test=evidence-tile][data-kind="会议通知或邀请函"]').waitFor()
    // The next missing item is offered; the second image arrives by drag and drop.
    await evidence.getByTestId('evidence-kind').filter({ hasText: '参会证明' }).waitFor()
    const png2 = documentImage(RUN + 1, [30, 150, 80]).toString('base64')
    const dropped = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const transfer = new DataTransfer()
      transfer.items.add(new File([bytes], '参会证明.png', { type: 'image/png' }))
      return transfer
    }, png2)
    await evidence.getByTestId('evidence-dropzone').dispatchEvent('drop', { dataTransfer: dropped })
    await evidence.locator('[data-test=evidence-tile][data-kind="参会证明"]').waitFor()
    await thumbnailsLoaded(page, 2)
    assert.equal(await evidence.getByTestId('evidence-counter').innerText(), '已上传 2 / 5 张')
    assert.equal(await evidence.getByTestId('evidence-missing').count(), 0, 'every required item is covered')
    // A label can be corrected after upload: image 2 becomes 会议日程 (参会证明 goes missing), then back.
    const second = evidence.locator('[data-test=evidence-tile]').nth(1)
    await choose(page, second.getByTestId('evidence-relabel'), '会议日程')
    await evidence.locator('[data-test=evidence-tile][data-kind="会议日程"]').waitFor()
    await evidence.getByTestId('evidence-missing').filter({ hasText: '参会证明' }).waitFor()
    await choose(page, second.getByTestId('evidence-relabel'), '参会证明')
    await evidence.locator('[data-test=evidence-tile][data-kind="参会证明"]').waitFor()
    await evidence.getByTestId('evidence-missing').waitFor({ state: 'detached' })

    // Submitting without 附件说明 and 承诺 is stopped with messages under both.
    await page.getByTestId('claim-submit').click()
    await form.locator('.el-form-item__error', { hasText: '须填写附件说明' }).waitFor()
    await form.locator('.el-form-item__error', { hasText: '请阅读并勾选承诺' }).waitFor()
    await form.getByTestId('claim-evidence-note').fill('图 1 为会议通知，图 2 为会议签到及参会证明。')

    // A click on a thumbnail opens the large preview.
    await evidence.getByTestId('evidence-thumb').first().click()
    await page.locator('.el-image-viewer__wrapper').waitFor()
    await page.keyboard.press('Escape')
    await page.locator('.el-image-viewer__wrapper').waitFor({ state: 'detached' })

    await form.getByTestId('claim-declared').click()
    await pageShot(page, 'c1-claim-form-filled')

    await page.getByTestId('claim-submit').click()
    await page.waitForURL((url) => CLAIM_PATH.test(url.pathname))
    const detail = page.getByTestId('claim-detail')
    await detail.getByTestId('claim-detail-state').filter({ hasText: '已提交' }).waitFor()
    assert.equal(await detail.getByTestId('claim-detail-title').innerText(), DESKTOP_TITLE)
    assert.equal(await detail.getByTestId('claim-detail-hours').innerText(), '10')
    await detail.getByTestId('claim-rule-version').filter({ hasText: 'P4 v' }).waitFor()
    await detail.getByTestId('claim-event').filter({ hasText: '提交申报' }).waitFor()
    await detail.getByTestId('claim-recall').waitFor()
    assert.equal(await detail.getByTestId('claim-edit').count(), 1)
    await thumbnailsLoaded(page, 2)
    // The review chain (D6) is fixed at submission and shown: 二建 → 建设投资集团 报送 → 省学时办 复审.
    const chain = page.getByTestId('claim-chain')
    await chain.getByText('浙江省二建建设集团有限公司').waitFor()
    await chain.getByText('二级单位确认报送').waitFor()
    await chain.getByText('省学时办复审').waitFor()
    await pageShot(page, 'c2-claim-detail-submitted')

    await openMenu(page, '我的申报', '/claims')
    const row = page.getByTestId('claim-table').locator('tr', { hasText: DESKTOP_TITLE })
    await row.getByTestId('claim-state').filter({ hasText: '已提交' }).waitFor()
    assert.equal((await row.getByTestId('claim-hours').innerText()).trim(), '10')
    await pageShot(page, 'c3-my-claims')
  }),
)

test('the same claim on a phone', { timeout: 120_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, LINA)
    await openMenu(page, '我的申报', '/claims', true)
    await page.getByTestId('claim-create').first().click()
    await page.waitForURL((url) => url.pathname === '/claims/new')

    const form = await fillConference(page, PHONE_TITLE, { phone: true })
    // Labels sit on top and the controls take the full width of a 390 px screen.
    assert.ok(await form.evaluate((el) => el.classList.contains('el-form--label-top')), 'labels on top')
    const title = await form.getByTestId('claim-title').boundingBox()
    assert.ok(title && title.width > 300, `the title input is full-width (${title?.width})`)
    const evidence = form.getByTestId('claim-evidence')
    await evidence.getByTestId('evidence-camera').waitFor()
    // The same notice as on the desktop: the reviewers will see it flagged as a copy.
    await evidence.getByTestId('evidence-file').setInputFiles(image('通知.png', RUN, [40, 90, 200]))
    await page.waitForURL((url) => /^\/claims\/[0-9a-f-]{36}\/edit$/.test(url.pathname))
    await evidence.locator('[data-test=evidence-tile][data-kind="会议通知或邀请函"]').waitFor()
    await evidence.getByTestId('evidence-kind').filter({ hasText: '参会证明' }).waitFor()
    await evidence.getByTestId('evidence-camera-input').setInputFiles(image('photo.png', RUN + 3, [120, 40, 160]))
    await evidence.locator('[data-test=evidence-tile][data-kind="参会证明"]').waitFor()
    await thumbnailsLoaded(page, 2)
    await form.getByTestId('claim-evidence-note').fill('图 1 为会议通知，图 2 为现场拍摄的参会证明。')
    await form.getByTestId('claim-declared').click()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `nothing sticks out sideways (${width} px)`)
    await pageShot(page, 'c4-claim-form-phone')

    await page.getByTestId('claim-submit').click()
    await page.waitForURL((url) => CLAIM_PATH.test(url.pathname))
    const detail = page.getByTestId('claim-detail')
    await detail.getByTestId('claim-detail-state').filter({ hasText: '已提交' }).waitFor()
    await thumbnailsLoaded(page, 2)
    await pageShot(page, 'c5-claim-detail-phone')

    await openMenu(page, '我的申报', '/claims', true)
    await page.getByTestId('claim-row').filter({ hasText: PHONE_TITLE }).getByText('已提交').waitFor()
    await pageShot(page, 'c6-my-claims-phone')
  }, PHONE),
)

test('a draft is submitted from its page with the 承诺, recalled and withdrawn', { timeout: 90_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, LINA)
    await page.goto('/claims/new')
    const form = page.getByTestId('claim-form')
    await choose(page, form.getByTestId('claim-pathway'), 'P10 获得授权专利')
    // A single-date pathway: one date, labelled by its meaning; a fixed pathway suggests its hours.
    assert.equal(await form.getByTestId('claim-start-date').count(), 0)
    await form.getByText('日期（发表、获奖或考试日期）').waitFor()
    await form.getByTestId('claim-title').fill(`一种装配式叠合板连接节点（e2e ${RUN}）`)
    const date = form.getByTestId('claim-end-date').locator('input')
    await date.fill('2026-09-01')
    await date.press('Enter')
    await form.getByTestId('claim-estimate').filter({ hasText: '建议学时 20' }).waitFor()
    await form.getByTestId('claim-description').fill('本人为第一发明人，专利已授权。')
    await page.getByTestId('claim-save').click()
    await page.waitForURL((url) => /^\/claims\/[0-9a-f-]{36}\/edit$/.test(url.pathname))
    const id = pathOf(page).split('/')[2]
    await form.getByTestId('evidence-file').setInputFiles(image('专利证书.png', RUN + 4, [160, 40, 40]))
    await form.locator('[data-test=evidence-tile][data-kind="专利证书"]').waitFor()
    await form.getByTestId('claim-evidence-note').fill('图 1 为专利证书首页。')
    await page.getByTestId('claim-save').click()
    // The second 草稿已保存 (the first came with the first save).
    await page.locator('.el-message--success', { hasText: '草稿已保存' }).nth(1).waitFor()

    await page.goto(`/claims/${id}`)
    const detail = page.getByTestId('claim-detail')
    await detail.getByTestId('claim-detail-state').filter({ hasText: '草稿' }).waitFor()
    await detail.getByTestId('claim-submit').click()
    const dialog = page.getByTestId('claim-submit-dialog')
    await dialog.getByTestId('claim-submit-confirm').click()
    await dialog.getByTestId('claim-submit-errors').filter({ hasText: '请阅读并勾选承诺' }).waitFor()
    await dialog.getByTestId('claim-declared').click()
    await pageShot(page, 'c7-submit-dialog')
    await dialog.getByTestId('claim-submit-confirm').click()
    await detail.getByTestId('claim-detail-state').filter({ hasText: '已提交' }).waitFor()

    await detail.getByTestId('claim-recall').click()
    await page.locator('.el-message-box').getByRole('button', { name: '撤回' }).click()
    await detail.getByTestId('claim-detail-state').filter({ hasText: '草稿' }).waitFor()
    await detail.getByTestId('claim-event').filter({ hasText: '撤回' }).waitFor()

    await detail.getByTestId('claim-withdraw').click()
    await page.locator('.el-message-box').getByRole('button', { name: '作废' }).click()
    await detail.getByTestId('claim-detail-state').filter({ hasText: '已作废' }).waitFor()
    assert.equal(await detail.getByTestId('claim-edit').count(), 0, 'a withdrawn claim offers no actions')
    await pageShot(page, 'c8-claim-withdrawn')
  }),
)

test('a unit admin finds the claims in 申报查询, with the copied image flagged', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'jt_admin')
    assert.ok((await menuTitles(page)).includes('申报查询'))
    assert.ok(!(await menuTitles(page)).includes('我的申报'))
    await openMenu(page, '申报查询', '/claims/review')
    await page.getByTestId('filter-q').fill(`e2e ${RUN}`)
    await page.getByTestId('filter-flagged').click()
    await page.getByTestId('filter-search').click()
    const table = page.getByTestId('claim-table')
    for (const title of [DESKTOP_TITLE, PHONE_TITLE])
      await table.locator('tr', { hasText: title }).getByTestId('claim-flagged').waitFor()
    const query = new URL(page.url()).searchParams
    assert.equal(query.get('q'), `e2e ${RUN}`, 'the filters are in the URL')
    assert.equal(query.get('flagged'), 'true')
    await pageShot(page, 'c9-review-list')

    await table.locator('tr', { hasText: DESKTOP_TITLE }).click()
    await page.waitForURL((url) => /^\/claims\/review\/[0-9a-f-]{36}$/.test(url.pathname))
    const detail = page.getByTestId('claim-detail')
    await detail.getByTestId('claim-detail-state').filter({ hasText: '已提交' }).waitFor()
    assert.equal(await detail.getByTestId('claim-detail-person').innerText(), '李娜')
    const match = detail.getByTestId('claim-matches').getByTestId('claim-match')
    assert.equal(await match.count(), 1)
    assert.match(
      await match.innerText(),
      new RegExp(`^完全相同：同一人的另一项申报「${escape(PHONE_TITLE)}」.*（本申报图 1）$`),
    )
    assert.equal(await detail.getByTestId('evidence-flagged').count(), 1, 'the copied image is marked')
    assert.equal(await detail.getByTestId('claim-submit').count(), 0, 'a reviewer cannot act as the claimant')
    await thumbnailsLoaded(page, 2)
    assert.equal((await page.locator('.el-menu-item.is-active').innerText()).trim(), '申报查询')
    await pageShot(page, 'c10-review-detail')
  }),
)

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

test('the system administrator reads a rule’s versions and publishes a new pathway', { timeout: 90_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'sysadmin')
    assert.ok((await menuTitles(page)).includes('途径规则'))
    await openMenu(page, '途径规则', '/rules')
    const table = page.getByTestId('rule-table')
    await table.locator('[data-test=rule-row][data-code="P4"]').click()
    const drawer = page.getByTestId('rule-drawer')
    await drawer.getByTestId('rule-version').first().waitFor()
    await drawer.getByTestId('rule-version-status').filter({ hasText: '现行' }).first().waitFor()
    await drawer.getByText('参加学术会议、学术讲座').first().waitFor()
    await pageShot(page, 'c11-rule-versions')

    // The publish form is prefilled from the current version, level table and checklist included.
    await drawer.getByTestId('rule-new-version').click()
    const form = drawer.getByTestId('rule-form')
    assert.equal(await form.getByTestId('rule-name').inputValue(), '参加学术会议、学术讲座')
    assert.equal(await form.getByTestId('rule-level-name').count(), 2)
    assert.equal(await form.getByTestId('rule-evidence-name').count(), 3)
    await pageShot(page, 'c12-rule-publish-form')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    // 新增途径: the server's field errors land beside the fields, then the first version is published.
    const code = `PT${RUN % 100000}`
    await page.getByTestId('rule-create').click()
    const create = page.getByTestId('rule-drawer').getByTestId('rule-form')
    await create.waitFor()
    await create.getByTestId('rule-code').fill(code.toLowerCase())
    await create.getByTestId('rule-name').fill(`测试途径 ${code}`)
    await create.getByTestId('rule-amount').locator('input').fill('6')
    await create.getByTestId('rule-evidence-add').click()
    await create.getByTestId('rule-evidence-add').click()
    await create.getByTestId('rule-evidence-name').nth(0).fill('单位证明')
    await create.getByTestId('rule-evidence-name').nth(1).fill('单位证明')
    await create.getByTestId('rule-claimable').click()
    await create.getByTestId('rule-enabled').click()
    await create.getByTestId('rule-publish').click()
    await page.locator('.el-message-box').getByRole('button', { name: '发布' }).click()
    await create.getByText('材料「单位证明」重复').waitFor()
    await pageShot(page, 'c13-rule-field-error')

    await create.getByTestId('rule-evidence-name').nth(1).fill('活动照片')
    await create.getByTestId('rule-publish').click()
    await page.locator('.el-message-box').getByRole('button', { name: '发布' }).click()
    const drawer2 = page.getByTestId('rule-drawer')
    await drawer2.locator('[data-test=rule-version][data-version="1"]').waitFor()
    await drawer2.getByText(`${code} 测试途径 ${code}`).waitFor()
    await drawer2.getByText('每项 6 学时').first().waitFor()
    await pageShot(page, 'c14-rule-published')
    await page.keyboard.press('Escape')
    await table.locator(`[data-test=rule-row][data-code="${code}"]`).waitFor()

    // 年度学时要求: the defaults of D2.
    await page.getByRole('tab', { name: '年度学时要求' }).click()
    const year = page.getByTestId('year-settings')
    await year.waitFor()
    assert.equal(await year.getByTestId('year-total').locator('input').inputValue(), '90')
    await pageShot(page, 'c15-year-settings')
  }),
)
