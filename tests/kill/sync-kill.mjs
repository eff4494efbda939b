// A sync batch is all-or-nothing: a platform pushes 5,000 records, the server is killed
// (SIGKILL) as soon as it logs that it is writing, restarted on the same database, and must
// hold either every record or none; re-sending the batch then gives exactly one copy of each,
// and the persons' counted hours equal what we hold for them.
//
//   node tests/kill/sync-kill.mjs              (SQLite in a fresh data dir)
//   XUESHI_DATABASE_URL=postgres://… node …    (an empty PostgreSQL database; pass
//                                               XUESHI_SIGNING_KEY and XUESHI_JWT_SECRET too)
import assert from 'node:assert/strict'
import { call, exited, idNumber, login, ready, start as startServer } from './harness.mjs'

const RECORDS = Number(process.env.RECORDS ?? 5000)
const start = (onLine) => startServer('xueshi::sync=info', onLine)
const DEMO = [
  ['330106198503151238', '张伟'],
  ['330102199007084522', '李娜'],
  ['330105199202140015', '陈杰'],
  ['330621198709305715', '刘洋'],
]

let server = start()
await ready()
const platform = await call('POST', '/sync/clients', await login('sysadmin'), { name: '断电测试平台' })
const [id, key] = [platform.client.id, platform.api_key]
// Half the records for demo persons (counted), half for persons we do not know (parked).
const records = Array.from({ length: RECORDS }, (_, i) => {
  const [idNo, name] = i % 2 === 0 ? DEMO[(i / 2) % DEMO.length] : [idNumber(i + 700000), `学员${i}`]
  return {
    external_id: `KILL-${i}`, id_number: idNo, name, course_id: `C-${i % 50}`, course_name: `断电测试课程 ${i % 50}`,
    category: ['professional', 'industry_public', 'general_public'][i % 3], hours: 0.5, revision: 1,
    completed_at: '2026-05-20T09:30:00+08:00',
  }
})
const push = () => call('POST', `/sync/platforms/${id}/records`, key, { records })
const held = async (token) => (await call('GET', `/sync/records?page_size=1&client_id=${id}`, token)).total

server.kill('SIGKILL')
await exited(server)
let killed = false
server = start((line) => {
  if (!killed && line.includes('sync push: writing')) {
    killed = true
    server.kill('SIGKILL')
  }
})
await ready()
const outcome = await push().then(
  () => 'answered',
  (e) => `failed: ${e.cause?.code ?? e.message}`,
)
await exited(server)
assert.ok(killed, `the server was killed while writing (push ${outcome})`)

server = start()
await ready()
const sxb = await login('sxb_admin')
const after = await held(sxb)
console.log(`after the kill: ${after} of ${RECORDS} records held`)
assert.ok(after === 0 || after === RECORDS, `either every record or none, got ${after}`)

const again = await push()
assert.equal(again.counts.invalid, 0)
assert.equal(again.counts.created + again.counts.unchanged + again.counts.unmatched, RECORDS)
assert.equal(await held(sxb), RECORDS, 'one copy of each record')
const replay = await push()
assert.equal(replay.counts.created, 0, 'a replay creates nothing')
assert.equal(await held(sxb), RECORDS)

// The counted hours of each demo person equal the records held for them.
const year = 2026
for (const [idNo] of DEMO) {
  const h = await call('GET', `/sync/platforms/${id}/holdings?id_number=${idNo}&year=${year}`, key)
  const mine = records.filter((r) => r.id_number === idNo).length * 0.5
  assert.equal(h.registered, mine, `${idNo}: ${h.registered} registered of ${mine}`)
}
console.log(`re-sent after restart: ${RECORDS} records, one copy each; counted hours match`)
server.kill('SIGKILL')
