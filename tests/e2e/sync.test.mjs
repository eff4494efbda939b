// 网络学习学时对接 in the browser (issue 8): the system administrator registers an e-learning platform and
// reads its API key from the one-time dialog, rotates it and revokes the old key; the platform (this test,
// through the API with that key) pushes four completions: two of 张伟's, one of 李娜's under the wrong name
// 李那 and one of a person we do not know. 省学时办 finds the two parked records in 未匹配队列, matches 李那 by
// hand and dismisses the unknown person's, revokes one of 张伟's under 全部记录 and reconciles the platform's
// year; 张伟 then sees the course that still counts on 我的学时, tagged 网络学习. The platform and the
// external ids are new on every run, so the tests can run again against the same server.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { apiOk, apiToken } from './api-helpers.mjs'
import { BASE_URL, browserScenarios, choose, login, menuTitles, openMenu, pageShot, PHONE } from './helpers.mjs'

const RUN = Date.now()
const ZHANG = { id: '330106198503151238', name: '张伟' }
const LINA = { id: '330102199007084522', name: '李娜', pushedAs: '李那' }
const PLATFORM = `住房城乡建设行业网络教育系统（e2e ${RUN}）`

/** A valid 身份证号 (GB 11643 check digit) nobody in the system has. */
function idNumber(body17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return body17 + '10X98765432'[sum % 11]
}
const STRANGER = { id: idNumber(`33010219800101${String(RUN % 1000).padStart(3, '0')}`), name: '孙明远' }

const COURSE = {
  kept: `建设工程质量安全法规解读（e2e ${RUN}）`,
  revoked: `装配式建筑施工技术要点（e2e ${RUN}）`,
  matched: `城市更新与历史建筑保护（e2e ${RUN}）`,
  dismissed: `绿色建造与低碳施工（e2e ${RUN}）`,
}

const scenario = browserScenarios()
/** What the journey learns on the way: the platform's id and its keys. */
const state = {}

/** A time `days` back in China Standard Time with its offset, within this year (the hours count for it). */
function completedAt(days) {
  const cst = (time) => new Date(time + 8 * 3_600_000)
  const now = Date.now()
  let time = now - days * 86_400_000
  if (cst(time).getUTCFullYear() !== cst(now).getUTCFullYear()) time = now - 60_000
  return `${cst(time).toISOString().slice(0, 19)}+08:00`
}
const THIS_YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()

const completion = (key, person, name, course, category, hours, days) => ({
  external_id: `e2e-${RUN}-${key}`,
  id_number: person.id,
  name,
  course_id: `C-${key.toUpperCase()}`,
  course_name: course,
  category,
  hours,
  completed_at: completedAt(days),
  revision: 1,
})

/** The platform's call: POST /api/v1/sync/platforms/{id}/records with its key. */
async function push(apiKey, records) {
  const response = await fetch(`${BASE_URL}/api/v1/sync/platforms/${state.clientId}/records`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ records }),
  })
  return { status: response.status, body: await response.json() }
}

/** The row of a table whose cell carries `data-<attribute>="value"`. */
const rowOf = (page, table, attribute, value) =>
  table.locator('.el-table__row', { has: page.locator(`[data-${attribute}="${value}"]`) })

/** Reads the one-time key dialog, checks what it promises and closes it. */
async function readIssuedKey(page, shot) {
  const dialog = page.getByTestId('issued-key-dialog')
  await dialog.waitFor()
  assert.match(
    await dialog.getByTestId('issued-key-warning').innerText(),
    /密钥只显示这一次，请立即复制并安全交给平台方/,
  )
  const apiKey = (await dialog.getByTestId('issued-api-key').innerText()).trim()
  const clientId = (await dialog.getByTestId('issued-client-id').innerText()).trim()
  assert.match(apiKey, /^xsk_[0-9a-f]{16}_\S{20,}$/)
  assert.match(clientId, /^[0-9a-f-]{36}$/)
  assert.equal(
    (await dialog.getByTestId('issued-endpoint').innerText()).trim(),
    `POST ${BASE_URL}/api/v1/sync/platforms/${clientId}/records`,
  )
  // 复制 puts exactly the key on the clipboard.
  await dialog.getByTestId('issued-copy-key').click()
  await page.locator('.el-message--success', { hasText: '已复制' }).waitFor()
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), apiKey)
  await pageShot(page, shot)
  await dialog.getByTestId('issued-done').click()
  await dialog.waitFor({ state: 'detached' })
  return { apiKey, clientId }
}

const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] }

// --- the journeys -------------------------------------------------------------------------------------

test('系统管理员 registers the platform, rotates its key and revokes the old one', { timeout: 120_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'sysadmin')
    assert.deepEqual(await menuTitles(page), [
      '首页',
      '单位管理',
      '途径规则',
      '对接平台',
      '审计日志',
      '我的账户',
      '接口文档',
    ])
    await openMenu(page, '对接平台', '/sync/clients')
    await page.getByTestId('sync-clients-page').waitFor()
    await page.locator('[data-test=clients-table], [data-test=clients-empty]').first().waitFor()
    await pageShot(page, 's1-sync-clients')

    await page.getByTestId('client-create').click()
    const form = page.getByTestId('client-dialog')
    await form.getByTestId('client-confirm').click()
    await form.locator('.el-form-item__error', { hasText: '请填写平台名称' }).waitFor()
    await form.getByTestId('client-name').fill(PLATFORM)
    await form.getByTestId('client-note').fill('运营单位：省建设教育中心；技术联系人：周工 0571-88886666')
    await pageShot(page, 's2-sync-client-form')
    await form.getByTestId('client-confirm').click()

    const first = await readIssuedKey(page, 's3-sync-key-once')
    state.clientId = first.clientId
    state.firstKey = first.apiKey

    const table = page.getByTestId('clients-table')
    const row = rowOf(page, table, 'name', PLATFORM)
    await row.waitFor()
    assert.equal((await row.getByTestId('client-id').innerText()).trim(), state.clientId)
    const keys = table.locator('[data-test=client-keys]', {
      has: page.locator(`[data-prefix="${state.firstKey.slice(0, 20)}"]`),
    })
    const keyRow = (apiKey) => rowOf(page, keys, 'prefix', apiKey.slice(0, 20))
    await keyRow(state.firstKey).getByTestId('key-status').filter({ hasText: '使用中' }).waitFor()

    // 轮换密钥: the key in use keeps working for the overlap (24 hours unless changed).
    await row.getByTestId('client-rotate').click()
    const rotate = page.getByTestId('rotate-dialog')
    assert.equal(await rotate.getByTestId('rotate-hours').locator('input').inputValue(), '24')
    assert.match(await rotate.getByTestId('rotate-hint').innerText(), /现有密钥继续可用 24 小时，至 .+ 自动停用/)
    await pageShot(page, 's4-sync-rotate')
    await rotate.getByTestId('rotate-confirm').click()
    const second = await readIssuedKey(page, 's5-sync-key-rotated')
    assert.equal(second.clientId, state.clientId)
    assert.notEqual(second.apiKey, state.firstKey)
    state.key = second.apiKey
    await keyRow(state.firstKey).getByTestId('key-status').filter({ hasText: '轮换中（到期停用）' }).waitFor()
    await keyRow(state.key).getByTestId('key-status').filter({ hasText: '使用中' }).waitFor()

    // 吊销: the old key stops at once.
    await keyRow(state.firstKey).getByTestId('key-revoke').click()
    const confirm = page.locator('.el-message-box')
    assert.match(await confirm.innerText(), /立即被拒绝/)
    await confirm.getByRole('button', { name: '吊销' }).click()
    await keyRow(state.firstKey).getByTestId('key-status').filter({ hasText: '已吊销' }).waitFor()
    assert.equal(await keyRow(state.firstKey).getByTestId('key-revoke').count(), 0)
    assert.equal((await row.getByTestId('client-usable').innerText()).trim(), '1')
    await pageShot(page, 's6-sync-clients-keys')
  }, CLIPBOARD),
)

test('the platform pushes four completions with its new key; the revoked one is refused', async () => {
  const records = [
    completion('zhang-a', ZHANG, ZHANG.name, COURSE.kept, 'industry_public', 4.5, 3),
    completion('zhang-b', ZHANG, ZHANG.name, COURSE.revoked, 'professional', 2, 2),
    completion('lina', LINA, LINA.pushedAs, COURSE.matched, 'general_public', 3, 2),
    completion('stranger', STRANGER, STRANGER.name, COURSE.dismissed, 'industry_public', 1.5, 1),
  ]
  const refused = await push(state.firstKey, records)
  assert.equal(refused.status, 401, JSON.stringify(refused.body))
  assert.equal(refused.body.code, 'api_key_revoked')

  const pushed = await push(state.key, records)
  assert.equal(pushed.status, 200, JSON.stringify(pushed.body))
  assert.deepEqual(pushed.body.counts, { created: 2, updated: 0, unchanged: 0, unmatched: 2, invalid: 0 })
  assert.deepEqual(
    pushed.body.results.map((r) => [r.result, r.code]),
    [
      ['created', null],
      ['created', null],
      ['unmatched', 'name_mismatch'],
      ['unmatched', 'person_unknown'],
    ],
  )
  // A replay registers nothing twice; the parked records stay parked.
  const replay = await push(state.key, records)
  assert.deepEqual(replay.body.counts, { created: 0, updated: 0, unchanged: 2, unmatched: 2, invalid: 0 })
})

test('省学时办 matches 李那 by hand and dismisses the unknown person in 未匹配队列', { timeout: 120_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'sxb_admin')
    assert.ok((await menuTitles(page)).includes('网络学习'))
    await openMenu(page, '网络学习', '/sync/records')
    const queue = page.getByTestId('sync-queue')
    await choose(page, queue.getByTestId('filter-client'), PLATFORM)
    await queue.getByTestId('filter-search').click()
    await page.waitForURL((url) => url.searchParams.get('client_id') === state.clientId)
    const table = queue.getByTestId('queue-table')
    const lina = rowOf(page, table, 'external', `e2e-${RUN}-lina`)
    const stranger = rowOf(page, table, 'external', `e2e-${RUN}-stranger`)
    await lina.waitFor()
    await stranger.waitFor()
    await queue.getByTestId('queue-total').filter({ hasText: '共 2 条未匹配记录' }).waitFor()
    assert.equal((await lina.getByTestId('record-name').innerText()).trim(), LINA.pushedAs)
    assert.equal((await lina.getByTestId('record-our-name').innerText()).trim(), `系统中：${LINA.name}`)
    assert.equal((await lina.getByTestId('record-reason').innerText()).trim(), '姓名不一致')
    assert.equal((await lina.getByTestId('record-id-number').innerText()).trim(), '3301**********4522')
    assert.equal((await lina.getByTestId('record-hours').innerText()).trim(), '3')
    assert.equal((await stranger.getByTestId('record-reason').innerText()).trim(), '系统中无此人')
    // Nobody to match an unknown 身份证号 with.
    assert.equal(await stranger.getByTestId('record-match').count(), 0)
    await pageShot(page, 's7-sync-queue')

    // 人工匹配 needs a reason.
    await lina.getByTestId('record-match').click()
    const dialog = page.getByTestId('decision-dialog')
    assert.match(await dialog.getByTestId('decision-text').innerText(), /「李那」.*「李娜」不一致/)
    await dialog.getByTestId('decision-confirm').click()
    await dialog.locator('.el-form-item__error', { hasText: '请填写理由' }).waitFor()
    await dialog.getByTestId('decision-reason').fill('经电话核实为同一人，平台登记姓名有误（e2e）')
    await pageShot(page, 's8-sync-match-dialog')
    await dialog.getByTestId('decision-confirm').click()
    await page.locator('.el-message--success', { hasText: '已匹配，学时已计入' }).waitFor()
    await lina.waitFor({ state: 'detached' })

    await stranger.getByTestId('record-dismiss').click()
    const dismiss = page.getByTestId('decision-dialog').and(page.locator('[data-decision=dismiss]'))
    await dismiss.getByTestId('decision-reason').fill('经核实该人员不属于本省住房和城乡建设行业专业技术人员（e2e）')
    await dismiss.getByTestId('decision-confirm').click()
    await page.locator('.el-message--success', { hasText: '已处理为不予登记' }).waitFor()
    await stranger.waitFor({ state: 'detached' })
    await table.locator('.el-table__empty-text', { hasText: '没有符合条件的记录' }).waitFor()
    await queue.getByTestId('queue-total').filter({ hasText: '共 0 条未匹配记录' }).waitFor()
  }),
)

test('省学时办 revokes a counted record under 全部记录 and reconciles the platform’s year', { timeout: 120_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'sxb_admin')
    await openMenu(page, '网络学习', '/sync/records')
    await page.getByTestId('tab-records').click()
    await page.waitForURL((url) => url.pathname === '/sync/records/all')
    const list = page.getByTestId('sync-records')
    await choose(page, list.getByTestId('filter-client'), PLATFORM)
    await list.getByTestId('filter-search').click()
    const table = list.getByTestId('records-table')
    const stateOf = async (key) =>
      (await rowOf(page, table, 'external', `e2e-${RUN}-${key}`).getByTestId('record-state').innerText()).trim()
    // The unfiltered list may show these rows already: wait for the filtered total.
    await list.getByTestId('records-total').filter({ hasText: '共 4 条记录' }).waitFor()
    await rowOf(page, table, 'external', `e2e-${RUN}-stranger`).waitFor()
    assert.equal(await stateOf('zhang-a'), '已计入')
    assert.equal(await stateOf('zhang-b'), '已计入')
    assert.equal(await stateOf('lina'), '已计入')
    assert.equal(await stateOf('stranger'), '不予登记')
    assert.match(
      await rowOf(page, table, 'external', `e2e-${RUN}-lina`).getByTestId('record-note').innerText(),
      /经电话核实为同一人/,
    )

    const revoked = rowOf(page, table, 'external', `e2e-${RUN}-zhang-b`)
    await revoked.getByTestId('record-revoke').click()
    const dialog = page.getByTestId('decision-dialog')
    assert.match(await dialog.getByTestId('decision-text').innerText(), /不再计入.*撤销不可恢复/)
    await dialog.getByTestId('decision-reason').fill('平台反馈该课程完成记录有误（e2e）')
    await dialog.getByTestId('decision-confirm').click()
    await page.locator('.el-message--success', { hasText: '已撤销，学时不再计入' }).waitFor()
    await revoked.getByTestId('record-state').filter({ hasText: '已撤销' }).waitFor()
    assert.equal(await revoked.getByTestId('record-revoke').count(), 0)
    await pageShot(page, 's9-sync-records')

    // The state filter.
    await choose(page, list.getByTestId('filter-state'), '已计入')
    await list.getByTestId('filter-search').click()
    await list.getByTestId('records-total').filter({ hasText: '共 2 条记录' }).waitFor()

    // 对账: received 11 = 4.5 + 2 + 3 + 1.5, registered 7.5; 张伟 differs by 2 (revoked), the stranger by 1.5.
    await page.getByTestId('tab-reconciliation').click()
    await page.waitForURL((url) => url.pathname === '/sync/records/reconciliation')
    const panel = page.getByTestId('sync-reconciliation')
    await panel.getByTestId('reconcile-empty').waitFor()
    await choose(page, panel.getByTestId('reconcile-client'), PLATFORM)
    assert.match(await panel.getByTestId('reconcile-year').innerText(), new RegExp(`${THIS_YEAR} 年`))
    await panel.getByTestId('reconcile-run').click()
    const result = panel.getByTestId('reconcile-result')
    await result.waitFor()
    const figure = async (name) => (await result.getByTestId(name).locator('.value').innerText()).trim()
    assert.equal(await figure('reconcile-persons'), '3')
    assert.equal(await figure('reconcile-records'), '4')
    assert.equal(await figure('reconcile-received'), '11')
    assert.equal(await figure('reconcile-registered'), '7.5')
    assert.equal(await figure('reconcile-differing'), '2')
    const names = (await result.getByTestId('reconcile-name').allInnerTexts()).map((n) => n.trim())
    assert.deepEqual(names, [ZHANG.name, STRANGER.name])
    const differences = (await result.getByTestId('reconcile-difference').allInnerTexts()).map((d) => d.trim())
    assert.deepEqual(differences, ['+2', '+1.5'])
    await pageShot(page, 's10-sync-reconciliation')

    // A name opens that person's records of the platform and year.
    await result.getByTestId('reconcile-name').first().click()
    await page.waitForURL((url) => url.pathname === '/sync/records/all' && url.searchParams.get('q') === ZHANG.name)
    await list.getByTestId('records-total').filter({ hasText: '共 2 条记录' }).waitFor()
  }),
)

test(
  '张伟 sees the course that counts on 我的学时, tagged 网络学习; 李娜 has hers too',
  { timeout: 60_000 },
  async () => {
    await scenario(async ({ page }) => {
      await login(page, ZHANG.id)
      await openMenu(page, '我的学时', '/standing')
      const counted = page.getByTestId('standing-counted')
      const item = counted.locator('.el-table__row', { has: page.locator(`[data-title="${COURSE.kept}"]`) })
      await item.waitFor()
      assert.equal((await item.getByTestId('standing-item-source').innerText()).trim(), '网络学习')
      assert.equal((await item.getByTestId('standing-item-hours').innerText()).trim(), '4.5')
      assert.equal((await item.getByTestId('standing-item-bucket').innerText()).trim(), '行业公需科目')
      // The revoked course no longer counts.
      assert.equal(await counted.locator(`[data-title="${COURSE.revoked}"]`).count(), 0)
      // No claim behind it: a click stays on the page.
      await item.click()
      await page.waitForTimeout(300)
      assert.equal(new URL(page.url()).pathname, '/standing')
      await pageShot(page, 's11-my-standing-online')
    })

    const standing = await apiOk('GET', '/api/v1/standing/me', await apiToken(LINA.id))
    const matched = standing.counted.find((item) => item.title === COURSE.matched)
    assert.ok(matched, 'the course matched by hand counts for 李娜')
    assert.equal(matched.source, 'online')
    assert.equal(matched.hours, 3)
  },
)

test('网络学习 on a phone: everything fits the width', { timeout: 60_000 }, () =>
  scenario(async ({ page }) => {
    await login(page, 'sxb_admin')
    await page.goto(`/sync/records/all?client_id=${state.clientId}`)
    await page.getByTestId('records-table').locator('[data-test=record-row]').first().waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `nothing sticks out sideways (${width} px)`)
    await pageShot(page, 's12-sync-records-phone')
  }, PHONE),
)
