// Posting a roster is all-or-nothing: a 10,000-row roster is posted, the server is killed
// (SIGKILL) as soon as it logs that it is writing, restarted on the same database, and must
// hold either every row or none; posting again registers each attendee exactly once.
//
//   node tests/kill/roster-kill.mjs            (SQLite in a fresh data dir)
//   XUESHI_DATABASE_URL=postgres://… node …    (an empty PostgreSQL database; pass
//                                               XUESHI_SIGNING_KEY and XUESHI_JWT_SECRET too)
import assert from 'node:assert/strict'
import { fillTemplate } from '../e2e/people-xlsx.mjs'
import { BASE, call, exited, idNumber, login, ready, start as startServer } from './harness.mjs'

const ROWS = Number(process.env.ROWS ?? 10000)
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const start = (onLine) => startServer('xueshi::classes=info', onLine)

const day = (offset) => new Date(Date.now() + 8 * 3600000 + offset * 86400000).toISOString().slice(0, 10)

let server = start()
await ready()
const [org, sxb] = [await login('px_org'), await login('sxb_admin')]
const cls = await call('POST', '/classes', org, {
  unit_name: '浙江省建筑设计研究院', org_code: '123300004700051302', address: '杭州市安吉路 18 号',
  contact_person: '周敏', contact_phone: '13800001111', name: '断电测试培训班', location: '杭州',
  content: '全有或全无', start_date: day(-2), end_date: day(-1), days: 2, hours_per_day: 8, total_hours: 16,
  planned_headcount: ROWS, plan_kind: 'annual_plan', hours: { professional: 12, industry_public: 4, general_public: 0 },
})
await call('POST', `/classes/${cls.id}/files?kind=notice&name=notice.pdf`, org, Buffer.from('%PDF-1.4\n'), 'application/pdf')
await call('POST', `/classes/${cls.id}/exceptions`, sxb, { kind: 'application', reason: '测试' })
await call('POST', `/classes/${cls.id}/submit`, org)
await call('POST', `/classes/${cls.id}/decision`, sxb, { approve: true, opinion: '同意', hours: { professional: 12, industry_public: 4, general_public: 0 } })
const template = Buffer.from(await (await fetch(`${BASE}/classes/${cls.id}/roster-template`, { headers: { authorization: `Bearer ${org}` } })).arrayBuffer())
const rows = Array.from({ length: ROWS }, (_, i) => {
  const id = idNumber(i + 500000)
  const male = Number(id[16]) % 2 === 1
  return [String(i + 1), '浙江省建筑设计研究院', '断电测试培训班', `测试${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(i / 10) % 10]}`, male ? '男' : '女', '某建设公司', id, '', '', '', '16', '', '是']
})
const preview = await call('POST', `/classes/${cls.id}/rosters`, org, fillTemplate(template, rows), XLSX)
assert.equal(preview.summary.error, 0, JSON.stringify(preview.rows.slice(0, 3)))
assert.equal(preview.summary.create, ROWS)

// Post, and kill the server the moment it says it is writing.
server.kill('SIGKILL')
await exited(server)
let killed = false
server = start((line) => {
  if (!killed && line.includes('roster post: writing')) {
    killed = true
    server.kill('SIGKILL')
  }
})
await ready()
const org2 = await login('px_org')
const outcome = await call('POST', `/classes/${cls.id}/rosters/${preview.id}/post`, org2).then(
  () => 'answered',
  (e) => `failed: ${e.cause?.code ?? e.message}`,
)
await exited(server)
assert.ok(killed, `the server was killed while writing (post ${outcome})`)

server = start()
await ready()
const org3 = await login('px_org')
const after = (await call('GET', `/classes/${cls.id}/records?page_size=1`, org3)).total
console.log(`after the kill: ${after} of ${ROWS} rows registered`)
assert.ok(after === 0 || after === ROWS, `either every row or none, got ${after}`)

const posted = await call('POST', `/classes/${cls.id}/rosters/${preview.id}/post`, org3)
assert.equal(posted.status, 'posted')
assert.equal((await call('GET', `/classes/${cls.id}/records?page_size=1`, org3)).total, ROWS)
await call('POST', `/classes/${cls.id}/rosters/${preview.id}/post`, org3)
const again = await call('POST', `/classes/${cls.id}/rosters`, org3, fillTemplate(template, rows), XLSX)
assert.equal(again.summary.unchanged, ROWS, 'posting again registers nobody twice')
assert.equal((await call('GET', `/classes/${cls.id}/records?page_size=1`, org3)).total, ROWS)
console.log(`posted once after restart: ${ROWS} rows, no duplicates`)
server.kill('SIGKILL')
