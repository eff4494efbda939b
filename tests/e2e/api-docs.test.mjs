import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { launchBrowser, openPage, screenshot } from './helpers.mjs'

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

test('/api/docs renders Swagger UI from bundled assets only', { timeout: 60_000 }, async () => {
  const { context, page, external, errors } = await openPage(browser)
  try {
    await page.goto('/api/docs')
    // Swagger UI shows either the operations or why it could not load the spec.
    await page.locator('.swagger-ui .opblock, .swagger-ui .error-wrapper').first().waitFor()
    const loadError = page.locator('.swagger-ui .error-wrapper').first()
    if (await loadError.isVisible()) assert.fail(`Swagger UI could not load the spec: ${await loadError.innerText()}`)

    assert.match(await page.title(), /学时登记/)
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/auth/login' }).first().waitFor()
    await screenshot(page, 'd1-api-docs')

    assert.deepEqual(external, [], 'the docs page must not load anything from outside the server')
    assert.deepEqual(errors, [])
  } finally {
    await context.close()
  }
})
