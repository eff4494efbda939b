// 培训班统一认定 in the browser (issue 7): the organiser px_org applies for a class starting in 20 days (the
// form with its live deadline hint, 培训通知 as a PDF, 提交); 省学时办 approves it with hours. A second class,
// already over, is set up through the API (refused as late, an exception granted, submitted, approved); on it
// px_org downloads the roster template, uploads a roster with a bad row, finds it under 错误, uploads the fixed
// file and posts it; 张伟 then sees the class hours on 我的学时 tagged 培训班. Names are unique per run, so
// the tests can run again against the same server.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { before, test } from 'node:test'
import { apiCall, apiOk, apiToken } from './api-helpers.mjs'
import { BASE_URL, browserScenarios, choose, login, menuTitles, openMenu, pageShot, PHONE } from './helpers.mjs'
import { fillTemplate } from './people-xlsx.mjs'

const RUN = Date.now()
const ZHANG = { id: '330106198503151238', name: '张伟', phone: '13800001001' }
const LINA = { id: '330102199007084522', name: '李娜', phone: '13800001002' }
const SJY = '浙江省建筑设计研究院'
const SJY_CODE = '123300004700051302'
const FUTURE_CLASS = `钢结构工程施工质量验收培训班（e2e ${RUN}）`
const PAST_CLASS = `建筑节能与绿色建筑新标准宣贯培训班（e2e ${RUN}）`
const CLASS_PATH = /^\/classes\/[0-9a-f-]{36}$/
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const scenario = browserScenarios()
/** What the journey learns on the way. */
const state = {}

// --- dates in China Standard Time ---------------------------------------------------------------------

const DAY = 86_400_000
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const shift = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)

// --- files --------------------------------------------------------------------------------------------

/** A one-page PDF, enough for a content check. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
)

/** A valid 身份证号 (GB 11643 check digit) for a new person of this run. */
function idNumber(body17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return body17 + '10X98765432'[sum % 11]
}
const NEWCOMER_ID = idNumber(`33010619950612${String(RUN % 1000).padStart(3, '0')}`)
/** The same number with a wrong check digit. */
const BAD_ID = NEWCOMER_ID.slice(0, 17) + (NEWCOMER_ID[17] === '0' ? '1' : '0')

/** A roster row in the 13 columns of 附件2. */
const rosterRow = (n, name, gender, company, id, title, hours, phone, provincial) => [
  String(n),
  SJY,
  PAST_CLASS,
  name,
  gender,
  company,
  id,
  '工程技术人员',
  title[0],
  title[1],
  String(hours),
  phone,
  provincial ? '是' : '否',
]

const HOURS = 16
const zhang = rosterRow(
  1,
  ZHANG.name,
  '男',
  '浙江省建工集团有限责任公司',
  ZHANG.id,
  ['副高级', '高级工程师'],
  HOURS,
  ZHANG.phone,
  true,
)
const lina = rosterRow(
  2,
  LINA.name,
  '女',
  '浙江省二建建设集团有限公司',
  LINA.id,
  ['中级', '工程师'],
  HOURS,
  LINA.phone,
  true,
)
/** A new person, not 省属 (D8); the 性别 follows the number's 17th digit. */
const newcomer = (id) =>
  rosterRow(
    3,
    '钱多多',
    Number(id[16]) % 2 === 1 ? '男' : '女',
    '杭州市某建筑工程有限公司',
    id,
    ['中级', '工程师'],
    HOURS,
    '13700007777',
    false,
  )

const xlsx = (name, buffer) => ({ name, mimeType: XLSX, buffer })

/** Waits until `read()` satisfies `check` (forms fill themselves in after a request). */
async function eventually(read, check, message) {
  let value
  for (let i = 0; i < 50; i++) {
    value = await read()
    if (check(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  assert.fail(`${message}: last saw ${JSON.stringify(value)}`)
}

// --- the second class, already over, through the API ------------------------------------------------------

function classInput(name, start, end) {
  return {
    unit_name: SJY,
    org_code: SJY_CODE,
    address: '杭州市西湖区文二路 1 号',
    contact_person: '王老师',
    contact_phone: '0571-88880000',
    name,
    location: '杭州市西湖区文二路 1 号 报告厅',
    content: '建筑节能设计标准、绿色建筑评价标准宣贯与案例分析。',
    start_date: start,
    end_date: end,
    days: 2,
    hours_per_day: 8,
    total_hours: HOURS,
    planned_headcount: 2,
    plan_kind: 'annual_plan',
    plan_ref: null,
    hours: { professional: 12, industry_public: 4, general_public: 0 },
  }
}

before(async () => {
  const org = await apiToken('px_org')
  const sxb = await apiToken('sxb_admin')
  // Over two days ago, within its year (the roster is due 7 days after the end).
  let end = shift(today(), -2)
  if (end.slice(0, 4) !== today().slice(0, 4)) end = today()
  const start = shift(end, -1)
  const created = await apiOk('POST', '/api/v1/classes', org, classInput(PAST_CLASS, start, end), 201)
  state.pastId = created.id
  const upload = await fetch(
    `${BASE_URL}/api/v1/classes/${created.id}/files?kind=notice&name=${encodeURIComponent('培训通知.pdf')}`,
    {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${org}`,
        'Content-Type': 'application/pdf',
      },
      body: PDF,
    },
  )
  assert.equal(upload.status, 201, `the notice uploads: ${await upload.text()}`)

  // Too late to apply: refused until 省学时办 grants an exception.
  const late = await apiCall('POST', `/api/v1/classes/${created.id}/submit`, org)
  assert.equal(late.status, 422, JSON.stringify(late.body))
  assert.equal(late.body.code, 'application_late')
  await apiOk('POST', `/api/v1/classes/${created.id}/exceptions`, sxb, {
    kind: 'application',
    reason: '开班日期临时调整，经研究同意逾期申报（e2e）',
  })
  await apiOk('POST', `/api/v1/classes/${created.id}/submit`, org)
  const approved = await apiOk('POST', `/api/v1/classes/${created.id}/decision`, sxb, {
    approve: true,
    opinion: '同意统一认定',
    hours: { professional: 12, industry_public: 4, general_public: 0 },
  })
  assert.equal(approved.state, 'approved')
  state.pastEnd = end
})

// --- the journeys -------------------------------------------------------------------------------------

test('px_org applies for a class starting in 20 days: deadline hint, 培训通知, 提交', { timeout: 120_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'px_org')
    assert.deepEqual(await menuTitles(page), ['首页', '培训班', '我的账户'])
    await openMenu(page, '培训班', '/classes')
    await page.getByTestId('class-table').locator('[data-test=class-row]', { hasText: PAST_CLASS }).waitFor()
    await pageShot(page, 'k1-classes-organiser')

    await page.getByTestId('class-create').click()
    await page.waitForURL((url) => url.pathname === '/classes/new')
    const form = page.getByTestId('class-form')
    await form.waitFor()
    // The unit's particulars come from its latest application.
    await eventually(
      () => form.getByTestId('class-org-code').inputValue(),
      (v) => v === SJY_CODE,
      'the organisation code is filled in',
    )
    assert.equal(await form.getByTestId('class-unit-name').inputValue(), SJY)

    await form.getByTestId('class-name').fill(FUTURE_CLASS)
    await form.getByTestId('class-location').fill('杭州市西湖区文二路 1 号 报告厅')
    await form.getByTestId('class-content').fill('钢结构工程施工质量验收规范解读、常见质量问题与案例分析。')
    const setDate = async (field, date) => {
      const input = form.getByTestId(field).locator('input')
      await input.fill(date)
      await input.press('Enter')
    }

    // A start date too close: the hint turns red at once, before anything is sent.
    await setDate('class-start-date', shift(today(), 3))
    const hint = form.getByTestId('class-deadline')
    await hint.and(page.locator('[data-late="true"]')).waitFor()
    assert.match(await hint.innerText(), /已超过申报期限.*需省学时办批准逾期例外/)
    await pageShot(page, 'k2a-class-form-late-hint')
    // 厅直属单位 need 14 days: 20 days ahead is fine for both.
    const start = shift(today(), 20)
    const end = shift(start, 1)
    await setDate('class-start-date', start)
    await setDate('class-end-date', end)
    await hint.filter({ hasText: `须于 ${shift(start, -7)} 前提交，还剩 13 天` }).waitFor()
    await form.getByTestId('class-plan-kind').locator('[data-value=affiliated]').click()
    await hint.filter({ hasText: `须于 ${shift(start, -14)} 前提交，还剩 6 天` }).waitFor()
    await form.getByTestId('class-plan-kind').locator('[data-value=annual_plan]').click()

    // 培训天数 follows the dates, 总学时 the days × hours per day; a day counts at most 8 hours.
    assert.equal(await form.getByTestId('class-days').locator('input').inputValue(), '2')
    await form.getByTestId('class-hours-per-day').locator('input').fill('9')
    await form.getByTestId('class-hours-per-day').locator('input').blur()
    await form.locator('.el-form-item__error', { hasText: '每天学时不能超过 8 学时' }).waitFor()
    await form.getByTestId('class-hours-per-day').locator('input').fill('8')
    await form.getByTestId('class-hours-per-day').locator('input').blur()
    await eventually(
      () => form.getByTestId('class-total-hours').locator('input').inputValue(),
      (v) => v === '16.0',
      '总学时 = 2 天 × 8 学时',
    )
    await form.getByTestId('class-headcount').locator('input').fill('60')
    await form.getByTestId('class-headcount').locator('input').blur()
    await pageShot(page, 'k2-class-form-deadline')

    await page.getByTestId('class-save').click()
    await page.waitForURL((url) => /^\/classes\/[0-9a-f-]{36}\/edit$/.test(url.pathname))
    state.futureId = new URL(page.url()).pathname.split('/')[2]

    // 提交 without 培训通知 is stopped in the browser.
    await page.getByTestId('class-submit').click()
    await page.getByTestId('class-submit-error').filter({ hasText: '请先上传培训通知' }).waitFor()

    const files = form.getByTestId('class-files')
    await files.getByTestId('class-file-input').setInputFiles({
      name: '培训通知.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    await files.locator('[data-test=class-file][data-kind=notice]').filter({ hasText: '培训通知.pdf' }).waitFor()
    await pageShot(page, 'k3-class-form-files')

    await page.getByTestId('class-submit').click()
    await page.locator('.el-message-box').getByRole('button', { name: '提交' }).click()
    await page.waitForURL((url) => CLASS_PATH.test(url.pathname))
    const detail = page.getByTestId('class-detail')
    await detail.getByTestId('class-detail-state').filter({ hasText: '待审核' }).waitFor()
    await detail.getByTestId('class-event').filter({ hasText: '提交' }).first().waitFor()
    assert.equal(await page.getByTestId('class-edit').count(), 0, 'no editing once submitted')
  }),
)

test('省学时办 finds the application in the queue and approves it with hours', { timeout: 90_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'sxb_admin')
    await openMenu(page, '培训班', '/classes')
    // The queue opens on 待审核.
    assert.match(await page.getByTestId('filter-state').innerText(), /待审核/)
    const row = page.getByTestId('class-table').locator('.el-table__row', { hasText: FUTURE_CLASS })
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(SJY))
    await pageShot(page, 'k4-classes-province-queue')

    await row.getByTestId('class-link').click()
    await page.waitForURL((url) => url.pathname === `/classes/${state.futureId}`)
    await page.getByTestId('class-decide').click()
    const dialog = page.getByTestId('class-decision-dialog')
    await dialog.waitFor()
    // Prefilled from the application.
    const professional = dialog.getByTestId('class-decision-professional').locator('input')
    assert.equal(await professional.inputValue(), '16.0')
    // 意见 is required.
    await dialog.getByTestId('class-decision-confirm').click()
    await dialog.locator('.el-form-item__error', { hasText: '请填写审核意见' }).waitFor()
    await professional.fill('14')
    await professional.blur()
    await dialog.getByTestId('class-decision-sum').filter({ hasText: '合计 14 学时' }).waitFor()
    await dialog.getByTestId('class-decision-opinion').fill('同意统一认定，按实际课时认定 14 学时。')
    await pageShot(page, 'k5-class-approve-dialog')
    await dialog.getByTestId('class-decision-confirm').click()

    const detail = page.getByTestId('class-detail')
    await detail.getByTestId('class-detail-state').filter({ hasText: '已同意' }).waitFor()
    assert.equal((await detail.getByTestId('class-approved-hours').innerText()).trim(), '14')
    assert.match(await detail.getByTestId('class-decision-opinion-text').innerText(), /同意统一认定/)
    await pageShot(page, 'k6-class-approved')

    // The application form (附件1) as a PDF.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('class-pdf').click()])
    assert.match(pdf.suggestedFilename(), /\.pdf$/)
    assert.equal((await readFile(await pdf.path())).subarray(0, 5).toString('latin1'), '%PDF-')
  }),
)

test('px_org uploads the roster of the finished class, fixes the bad row and posts it', { timeout: 150_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'px_org')
    await page.goto(`/classes/${state.pastId}`)
    const detail = page.getByTestId('class-detail')
    await detail.getByTestId('class-detail-state').filter({ hasText: '已同意' }).waitFor()
    await detail.getByTestId('class-exception').filter({ hasText: '逾期申报' }).waitFor()
    const roster = detail.getByTestId('class-roster')

    const [templateDownload] = await Promise.all([
      page.waitForEvent('download'),
      roster.getByTestId('class-roster-template').click(),
    ])
    assert.match(templateDownload.suggestedFilename(), /\.xlsx$/)
    const template = await readFile(await templateDownload.path())
    assert.equal(template.subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file')

    // One bad row: a 身份证号 with a wrong check digit.
    await roster
      .getByTestId('class-roster-file')
      .setInputFiles(xlsx('学员名单-有错误.xlsx', fillTemplate(template, [zhang, lina, newcomer(BAD_ID)])))
    await roster.getByTestId('class-roster-file-name').filter({ hasText: '学员名单-有错误.xlsx' }).waitFor()
    await roster.getByTestId('class-roster-upload').click()
    const summary = roster.getByTestId('class-roster-summary')
    await summary.waitFor()
    assert.match(await summary.innerText(), /共 3 行/)
    assert.match(await summary.innerText(), /错误 1/)
    await roster.getByTestId('class-roster-errors').waitFor()
    assert.ok(await roster.getByTestId('class-roster-post').isDisabled(), 'no posting while a row has an error')

    // The preview opens on the errors; 全部 shows every row.
    const preview = roster.getByTestId('class-roster-preview')
    const statuses = () =>
      preview.getByTestId('class-roster-status').evaluateAll((tags) => tags.map((t) => t.dataset.status))
    assert.deepEqual(await statuses(), ['error'])
    assert.match(await preview.getByTestId('class-roster-message').first().innerText(), /身份证号/)
    await pageShot(page, 'k7-roster-preview-errors')
    await roster.getByTestId('class-roster-filter').locator('[data-value=all]').click()
    await preview.locator('.el-table__row').nth(2).waitFor()
    assert.equal((await statuses()).length, 3)
    await roster.getByTestId('class-roster-filter').locator('[data-value=error]').click()
    await preview.locator('.el-table__row').nth(1).waitFor({ state: 'detached' })
    assert.deepEqual(await statuses(), ['error'])

    const [report] = await Promise.all([
      page.waitForEvent('download'),
      roster.getByTestId('class-roster-error-report').click(),
    ])
    assert.match(report.suggestedFilename(), /\.xlsx$/)

    // The fixed file: every row can be posted, the newcomer is created and flagged 非省属.
    await roster.getByTestId('class-roster-restart').click()
    await roster
      .getByTestId('class-roster-file')
      .setInputFiles(xlsx('学员名单.xlsx', fillTemplate(template, [zhang, lina, newcomer(NEWCOMER_ID)])))
    await roster.getByTestId('class-roster-upload').click()
    await summary.waitFor()
    assert.doesNotMatch(await summary.innerText(), /错误/)
    assert.match(await summary.innerText(), /非省属 1/)
    assert.equal(await roster.getByTestId('class-roster-errors').count(), 0)
    assert.ok(await roster.getByTestId('class-roster-post').isEnabled())
    await roster.getByTestId('class-roster-filter').locator('[data-value=non_provincial]').click()
    await preview.locator('.el-table__row', { hasText: '钱多多' }).waitFor()
    await roster.getByTestId('class-roster-filter').locator('[data-value=all]').click()
    await pageShot(page, 'k8-roster-preview-clean')

    await roster.getByTestId('class-roster-post').click()
    await page.locator('.el-message-box').getByRole('button', { name: '确认' }).click()
    await page.locator('.el-message--success', { hasText: '已登记 3 人的学时' }).waitFor()
    await detail.getByTestId('class-detail-state').filter({ hasText: '已登记学时' }).waitFor()
    const records = detail.getByTestId('class-records')
    await records.getByTestId('class-records-total').filter({ hasText: '已登记 3 人' }).waitFor()
    const names = await records.getByTestId('class-record-name').allInnerTexts()
    assert.deepEqual(names.map((n) => n.trim()).sort(), [ZHANG.name, LINA.name, '钱多多'].sort())
    await pageShot(page, 'k9-roster-posted')
  }),
)

test('张伟 sees the class hours on 我的学时, tagged 培训班', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, ZHANG.id)
    await openMenu(page, '我的学时', '/standing')
    const year = state.pastEnd.slice(0, 4)
    if (year !== today().slice(0, 4)) await choose(page, page.getByTestId('standing-year'), `${year} 年度`)
    const counted = page.getByTestId('standing-counted')
    const items = counted.locator('.el-table__row', {
      has: page.locator(`[data-title="${PAST_CLASS}"]`),
    })
    await items.first().waitFor()
    // One item per category of the class: 专业 12 and 行业公需 4.
    assert.equal(await items.count(), 2)
    for (const tag of await items.getByTestId('standing-item-source').allInnerTexts())
      assert.equal(tag.trim(), '培训班')
    const hours = (await items.getByTestId('standing-item-hours').allInnerTexts()).map((h) => h.trim()).sort()
    assert.deepEqual(hours, ['12', '4'])
    const buckets = (await items.getByTestId('standing-item-bucket').allInnerTexts()).map((b) => b.trim()).sort()
    assert.deepEqual(buckets, ['专业科目', '行业公需科目'].sort())
    // No claim behind it: a click stays on the page.
    await items.first().click()
    await page.waitForTimeout(300)
    assert.equal(new URL(page.url()).pathname, '/standing')
    await pageShot(page, 'k10-my-standing-class')
  }),
)

test('lecture videos: px_org submits a link, 省学时办 adopts it with a fee', { timeout: 90_000 }, async () => {
  const topic = `装配式钢结构节点设计要点（e2e ${RUN}）`
  await scenario(async ({ page }) => {
    await login(page, 'px_org')
    await page.goto(`/classes/${state.pastId}`)
    const videos = page.getByTestId('class-videos')
    await videos.getByTestId('class-video-add').click()
    const form = videos.getByTestId('class-video-form')
    await form.getByTestId('class-video-topic').fill(topic)
    await form.getByTestId('class-video-lecturer').fill('陈教授')
    await form.getByTestId('class-video-link').fill('ftp://video.example.cn/1')
    await form.getByTestId('class-video-submit').click()
    await form
      .locator('.el-form-item__error', {
        hasText: '链接应以 http:// 或 https:// 开头',
      })
      .waitFor()
    await form.getByTestId('class-video-link').fill('https://video.example.cn/lectures/1')
    await form.getByTestId('class-video-submit').click()
    const row = videos.locator('.el-table__row', {
      has: page.locator(`[data-topic="${topic}"]`),
    })
    await row.getByTestId('class-video-status').filter({ hasText: '待审定' }).waitFor()
  })

  await scenario(async ({ page }) => {
    await login(page, 'sxb_admin')
    await page.goto(`/classes/${state.pastId}`)
    const videos = page.getByTestId('class-videos')
    const row = videos.locator('.el-table__row', {
      has: page.locator(`[data-topic="${topic}"]`),
    })
    await row.getByTestId('class-video-decide').click()
    const dialog = page.getByTestId('class-video-decision-dialog')
    await dialog.getByTestId('class-video-decision-confirm').click()
    await dialog.locator('.el-form-item__error', { hasText: '请填写商定的费用' }).waitFor()
    await dialog.getByTestId('class-video-fee-input').locator('input').fill('1200')
    await dialog.getByTestId('class-video-note').fill('纳入 2026 年度线上课程')
    await dialog.getByTestId('class-video-decision-confirm').click()
    await row.getByTestId('class-video-status').filter({ hasText: '已采纳' }).waitFor()
    assert.equal((await row.getByTestId('class-video-fee').innerText()).trim(), '1,200 元')
    await pageShot(page, 'k11-class-videos')
  })
})

test('the class page on a phone: everything fits the width', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'px_org')
    await page.goto(`/classes/${state.pastId}`)
    await page.getByTestId('class-records').getByTestId('class-record-name').first().waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `nothing sticks out sideways (${width} px)`)
    await pageShot(page, 'k12-class-detail-phone')
  }, PHONE),
)
