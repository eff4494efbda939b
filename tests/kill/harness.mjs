// The crash tests' harness: the real server binary on a free port over one data directory (or
// the database in XUESHI_DATABASE_URL), restartable, with its log lines to watch for the moment
// to kill it, and a small API client.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = process.env.XUESHI_BIN ?? join(ROOT, 'target/debug/xueshi')
const DATA = mkdtempSync(join(tmpdir(), 'xueshi-kill-'))
const PASSWORD = 'Xueshi@2026'

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address()
    s.close(() => resolve(port))
  })
})
export const BASE = `http://127.0.0.1:${port}/api/v1`

/** Starts the server, logging `target` at info; `onLine` sees every log line. */
export function start(target, onLine = () => {}) {
  const server = spawn(BIN, ['serve'], {
    env: {
      ...process.env,
      XUESHI_DATA_DIR: DATA,
      XUESHI_BIND: `127.0.0.1:${port}`,
      XUESHI_DEMO_DATA: 'true',
      RUST_LOG: `warn,${target}`,
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const stream of [server.stdout, server.stderr]) {
    let buffered = ''
    stream.on('data', (chunk) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()
      lines.forEach(onLine)
    })
  }
  return server
}

/** Resolves once `server` has exited. A process killed by a signal keeps `exitCode` null and sets
 * `signalCode`, and its 'exit' event fires once: check both, or a late wait hangs forever. */
export const exited = (server) =>
  new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r() : server.once('exit', r)))

export async function ready() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('server did not start')
}

export async function call(method, path, token, body, type = 'application/json') {
  const res = await fetch(BASE + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': type } : {}) },
    body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
}

export const login = async (username) => (await call('POST', '/auth/login', null, { username, password: PASSWORD })).access_token

/** The n-th valid 身份证号 (杭州市西湖区, born from 1970 on). */
export function idNumber(n) {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(n / 1000) * 86400000)
  const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '')
  const body = `330106${ymd}${String(n % 1000).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

