// Claims in the browser, shared by the claim and review journeys: evidence images drawn on the fly
// (different on every run, so no image matches an earlier claim) and the conference claim form.
import assert from 'node:assert/strict'
import { crc32, deflateSync } from 'node:zlib'
import { choose } from './helpers.mjs'

function chunk(type, data) {
  const head = Buffer.alloc(4)
  head.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([head, body, crc])
}

/** An RGB PNG of `width` × `height` whose pixels come from `paint(x, y)` → [r, g, b]. */
function png(width, height, paint) {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    for (let x = 0; x < width; x++) raw.set(paint(x, y), row + 1 + x * 3)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/**
 * A "scanned document": a title band, text-like bars and a stamp over a mosaic background. The mosaic
 * follows the seed, so images of different runs (or seeds) are not perceptually alike.
 */
export function documentImage(seed, tint) {
  let state = seed >>> 0 || 1
  const random = () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 4294967296
  }
  const width = 480
  const height = 640
  const cells = Array.from({ length: 8 * 9 }, () => 150 + Math.floor(random() * 100))
  const bars = Array.from({ length: 22 }, (_, i) => ({ y: 120 + i * 20, end: 60 + Math.floor(random() * 360) }))
  return png(width, height, (x, y) => {
    if (y >= 40 && y < 80 && x >= 60 && x < 420) return tint
    const bar = bars.find((b) => y >= b.y && y < b.y + 8)
    if (bar && x >= 40 && x < bar.end) return [60, 60, 70]
    const dx = x - 360
    const dy = y - 560
    const r = Math.sqrt(dx * dx + dy * dy)
    if (r > 44 && r < 52) return [200, 30, 30]
    const v = cells[Math.floor(y / (height / 8)) * 9 + Math.floor(x / (width / 9))]
    return [v, v, Math.min(255, v + 12)]
  })
}

export const image = (name, seed, tint) => ({
  name,
  mimeType: 'image/png',
  buffer: documentImage(seed, tint),
})

/** Every thumbnail in the evidence grid has loaded (not a broken image). */
export async function thumbnailsLoaded(page, count) {
  await page.waitForFunction(
    (n) => {
      const images = [...document.querySelectorAll('[data-test=evidence-thumb] img')]
      return images.length === n && images.every((img) => img.complete && img.naturalWidth > 0)
    },
    count,
    { timeout: 15_000 },
  )
}

/** Picks a day of October 2026 in the open date picker panel (today is in November 2026). */
async function pickOctoberDay(page, input, day) {
  await input.locator('input').click()
  const panel = page.locator('.el-picker-panel:visible').last()
  const header = panel.locator('.el-date-picker__header')
  for (let i = 0; i < 12 && !(await header.innerText()).includes('10 月'); i++)
    await panel.getByRole('button', { name: '上个月' }).click()
  await panel
    .locator('td.available', { hasText: new RegExp(`^\\s*${day}\\s*$`) })
    .first()
    .click()
  // The panel fades out; the next picker's panel must not be mistaken for it.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.el-picker-panel')].every((panel) => panel.getClientRects().length === 0),
  )
}

/** Fills the claim form up to the images: P4, national level, October 2026. */
export async function fillConference(page, title, { phone = false } = {}) {
  const form = page.getByTestId('claim-form')
  await form.waitFor()
  await choose(page, form.getByTestId('claim-pathway'), 'P4 参加学术会议、学术讲座')
  await form.getByTestId('claim-rule-summary').filter({ hasText: '按级别与排名' }).waitFor()
  await form.getByTestId('claim-title').fill(title)
  await form.getByTestId('claim-organiser').fill('中国建筑学会')
  if (phone) {
    await pickOctoberDay(page, form.getByTestId('claim-start-date'), 15)
    await pickOctoberDay(page, form.getByTestId('claim-end-date'), 16)
  } else {
    for (const [field, date] of [
      ['claim-start-date', '2026-10-15'],
      ['claim-end-date', '2026-10-16'],
    ]) {
      const input = form.getByTestId(field).locator('input')
      await input.fill(date)
      await input.press('Enter')
    }
  }
  await choose(page, form.getByTestId('claim-level'), '国家级')
  // The live estimate suggests the table's hours and fills them in.
  await form.getByTestId('claim-estimate').filter({ hasText: '建议学时 10' }).waitFor()
  assert.match(await form.getByTestId('claim-estimate').innerText(), /本项最多 10 学时/)
  assert.equal(await form.getByTestId('claim-hours').locator('input').inputValue(), '10')
  await form
    .getByTestId('claim-description')
    .fill('参加全国建筑工程学术会议两天，听取装配式建筑与 BIM 应用等主题报告并参与分组讨论。')
  return form
}

/**
 * Claims a conference from 我的申报 → 新建申报 with the two required images and submits it; resolves
 * to the claim's id once its page shows 已提交.
 */
export async function submitConference(page, title, seed) {
  await page.goto('/claims/new')
  const form = await fillConference(page, title)
  const evidence = form.getByTestId('claim-evidence')
  await evidence.getByTestId('evidence-file').setInputFiles(image('会议通知.png', seed, [40, 90, 200]))
  await page.waitForURL((url) => /^\/claims\/[0-9a-f-]{36}\/edit$/.test(url.pathname))
  await evidence.getByTestId('evidence-kind').filter({ hasText: '参会证明' }).waitFor()
  await evidence.getByTestId('evidence-file').setInputFiles(image('参会证明.png', seed + 1, [30, 150, 80]))
  await evidence.locator('[data-test=evidence-tile][data-kind="参会证明"]').waitFor()
  await form.getByTestId('claim-evidence-note').fill('图 1 为会议通知，图 2 为参会证明。')
  await form.getByTestId('claim-declared').click()
  await page.getByTestId('claim-submit').click()
  await page.waitForURL((url) => /^\/claims\/[0-9a-f-]{36}$/.test(url.pathname))
  await page.getByTestId('claim-detail-state').filter({ hasText: '已提交' }).waitFor()
  return new URL(page.url()).pathname.split('/')[2]
}
