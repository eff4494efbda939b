// Shared setup for the browser tests: Debian's Chromium (browsers cannot be downloaded here),
// one isolated context per test, screenshots under artifacts/, and a record of stray requests.
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium, selectors } from 'playwright-core'

export const BASE_URL = (process.env.XUESHI_E2E_BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '')
export const DEMO_PASSWORD = 'Xueshi@2026'

const ARTIFACTS = process.env.XUESHI_E2E_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url))
const ORIGIN = new URL(BASE_URL).origin

export async function launchBrowser() {
  // The app marks elements for tests with data-test="…".
  selectors.setTestIdAttribute('data-test')
  return chromium.launch({
    executablePath: process.env.XUESHI_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * A fresh page in its own context (so no tokens leak between tests); `options` override the context's
 * (e.g. PHONE). `external` collects requests that leave the server's origin; `errors` collects uncaught page errors.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    ...options,
  })
  const external = []
  const errors = []
  context.on('request', (request) => {
    const url = request.url()
    // chrome:// is the browser's own (its PDF viewer's styles), never the network.
    if (!/^(data|blob|chrome):/.test(url) && new URL(url).origin !== ORIGIN) external.push(url)
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => errors.push(error.message))
  return { context, page, external, errors }
}

/** A phone-sized touch screen, for openPage. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true })
  // Let finite animations (dialogs opening, loading masks fading) end; spinners run forever and are skipped.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  )
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  console.log(`screenshot: ${path}`)
  return path
}

/** Fills and submits the login form on the current page. */
export async function submitLogin(page, username, password) {
  await page.getByTestId('username').fill(username)
  await page.getByTestId('password').fill(password)
  await page.getByTestId('login-submit').click()
}

/** The titles of the visible side menu entries, in order (without the 待办 count badges beside them). */
export async function menuTitles(page) {
  const items = page.getByTestId('side-menu').getByTestId('menu-item')
  await items.first().waitFor()
  return (await items.getByTestId('menu-title').allInnerTexts()).map((text) => text.trim())
}

export const pathOf = (page) => new URL(page.url()).pathname

/**
 * One browser for the test file (launched before its tests, closed after them) and `scenario(body, options)`,
 * which runs `body` in a fresh context and checks it stayed offline and error-free.
 */
export function browserScenarios() {
  let browser
  before(async () => {
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
  })
  return async function scenario(body, options) {
    const session = await openPage(browser, options)
    try {
      await body(session)
      assert.deepEqual(session.external, [], 'no request may leave the server (offline deployment)')
      assert.deepEqual(session.errors, [], 'no uncaught errors in the page')
    } finally {
      await session.context.close()
    }
  }
}

/** Signs in from the login page and waits for the home page. */
export async function login(page, username) {
  await page.goto('/login')
  await submitLogin(page, username, DEMO_PASSWORD)
  await page.waitForURL((url) => url.pathname === '/')
}

/** Opens a side menu entry; on a phone the menu sits in a drawer behind the header's button. */
export async function openMenu(page, title, path, phone = false) {
  if (phone) await page.getByTestId('menu-toggle').click()
  await page.getByTestId('side-menu').getByTestId('menu-item').filter({ hasText: title }).click()
  await page.waitForURL((url) => url.pathname === path)
}

/**
 * A screenshot of the whole page once the toasts are gone: the shell scrolls inside its main area, so
 * the viewport first grows to the content's height.
 */
export async function pageShot(page, name) {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10_000 })
  const size = page.viewportSize()
  const height = await page.evaluate(() => {
    const main = document.querySelector('.el-main')
    return main ? main.getBoundingClientRect().top + main.scrollHeight : document.documentElement.scrollHeight
  })
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.ceil(height)) })
  await screenshot(page, name)
  await page.setViewportSize(size)
}

/** Picks an option of an Element Plus select (its dropdown is teleported to the body). */
export async function choose(page, select, option) {
  await select.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click()
}
