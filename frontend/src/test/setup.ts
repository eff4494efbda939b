import { afterEach } from 'vitest'

// Node's Request, which openapi-fetch uses, rejects relative URLs; a browser resolves them against the page.
class BrowserRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href) : input, init)
  }
}
globalThis.Request = BrowserRequest

// Element Plus form validation logs every failed rule in development builds.
Object.assign(globalThis, { ASYNC_VALIDATOR_NO_WARNING: true })

afterEach(() => {
  localStorage.clear()
})
