// Set-up through the API where the browser would only be slow: test pathways (one per 科目 bucket, a
// fixed amount without proof) and claims taken through 建工集团's whole review chain, as tests/api/review.rs
// does. Only for preparing a journey; what a journey checks happens in the browser.
import assert from 'node:assert/strict'
import { BASE_URL, DEMO_PASSWORD } from './helpers.mjs'

/** Calls the API; resolves to the status and the parsed body. */
export async function apiCall(method, path, token, body) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let parsed = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed }
}

/** Like apiCall, but insists on the expected status and resolves to the body. */
export async function apiOk(method, path, token, body, status = 200) {
  const answer = await apiCall(method, path, token, body)
  assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** An access token for a demo login. */
export async function apiToken(username) {
  const body = await apiOk('POST', '/api/v1/auth/login', null, { username, password: DEMO_PASSWORD })
  return body.access_token
}

const TEST_PATHWAYS = [
  ['TP', 'professional'],
  ['TI', 'industry_public'],
  ['TG', 'general_public'],
]

/** Publishes the test pathways TP, TI and TG (up to 60 h each, no proof) unless a run already did. */
export async function publishTestPathways() {
  const sys = await apiToken('sysadmin')
  const inForce = new Set((await apiOk('GET', '/api/v1/pathways', sys)).map((p) => p.code))
  for (const [code, category] of TEST_PATHWAYS) {
    if (inForce.has(code)) continue
    await apiOk(
      'POST',
      `/api/v1/pathways/${code}/versions`,
      sys,
      {
        effective_from: '2018-01-01',
        name: `测试途径 ${code}`,
        category,
        formula: 'fixed',
        amount: 60,
        date_kind: 'single',
        evidence: [],
        proof_required: false,
        claimable: true,
        enabled: true,
        pending_confirmation: false,
      },
      201,
    )
  }
}

/** A day of this year (China Standard Time) a few days back, as claims may not lie in the future. */
function activityDate() {
  const day = 86_400_000
  const today = new Date(Date.now() + 8 * 3_600_000)
  const earlier = new Date(today.getTime() - 10 * day)
  const pick = earlier.getUTCFullYear() === today.getUTCFullYear() ? earlier : today
  return pick.toISOString().slice(0, 10)
}

/**
 * Claims `[code, title, hours]` as `username` and takes them through 建工集团's chain in three bulk steps
 * (认定, 确认报送, 复审通过), so they count as registered hours.
 */
export async function registerHours(username, claims) {
  const token = await apiToken(username)
  const ids = []
  for (const [code, title, hours] of claims) {
    const claim = await apiOk(
      'POST',
      '/api/v1/claims',
      token,
      {
        pathway_code: code,
        title,
        end_date: activityDate(),
        claimed_hours: hours,
        description: '测试用学时申报',
      },
      201,
    )
    await apiOk('POST', `/api/v1/claims/${claim.id}/submit`, token, { declared: true })
    ids.push(claim.id)
  }
  for (const [reviewer, action] of [
    ['jg_admin', 'recognise'],
    ['jt_admin', 'forward'],
    ['sxb_admin', 'confirm'],
  ]) {
    const result = await apiOk('POST', '/api/v1/review/bulk', await apiToken(reviewer), { ids, action })
    assert.equal(result.failed, 0, `${reviewer} ${action}: ${JSON.stringify(result)}`)
  }
}
