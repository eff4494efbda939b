// Shared setup for the browser tests: Debian's Chromium (browsers cannot be downloaded here),
// one isolated context per test, screenshots under artifacts/, and a record of stray requests.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
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
    if (!/^(data|blob):/.test(url) && new URL(url).origin !== ORIGIN) external.push(url)
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
