import { describe, expect, it } from 'vitest'
import {
  canDismiss,
  canMatch,
  canRevoke,
  decisionText,
  differenceText,
  emptyRecordFilters,
  handoverText,
  keyStatusLabel,
  keyStatusTag,
  keyUsable,
  notCounted,
  ourName,
  overlapEnd,
  overlapHint,
  pushUrl,
  recordActions,
  recordQuery,
  usableKeys,
} from './sync'

const record = {
  name: '李那',
  person_name: '李娜',
  id_number_masked: '3301**********4522',
  course_name: '建设工程质量安全法规解读',
  hours: 4.5,
  year: 2026,
  category_label: '行业公需科目',
}

describe('keys', () => {
  it('names every status the API sends, and passes an unknown one through', () => {
    expect(keyStatusLabel('active')).toBe('使用中')
    expect(keyStatusLabel('expiring')).toBe('轮换中（到期停用）')
    expect(keyStatusLabel('expired')).toBe('已过期')
    expect(keyStatusLabel('revoked')).toBe('已吊销')
    expect(keyStatusLabel('paused')).toBe('paused')
    expect(keyStatusTag('active')).toBe('success')
    expect(keyStatusTag('revoked')).toBe('danger')
    expect(keyStatusTag('paused')).toBe('info')
  })

  it('counts the keys still accepted: in use or in a rotation’s overlap', () => {
    expect(keyUsable({ status: 'active' })).toBe(true)
    expect(keyUsable({ status: 'expiring' })).toBe(true)
    expect(keyUsable({ status: 'expired' })).toBe(false)
    expect(keyUsable({ status: 'revoked' })).toBe(false)
    const keys = ['active', 'expiring', 'expired', 'revoked'].map((status) => ({
      id: status,
      prefix: 'xsk_0',
      created_at: '',
      status,
    }))
    expect(usableKeys({ keys })).toBe(2)
  })

  it('says when the keys in use stop after a rotation', () => {
    const now = new Date('2026-11-25T04:00:00Z')
    expect(overlapEnd(24, now).toISOString()).toBe('2026-11-26T04:00:00.000Z')
    expect(overlapHint(0, now)).toBe('现有密钥立即停用，平台须马上改用新密钥')
    expect(overlapHint(24, now)).toMatch(/^现有密钥继续可用 24 小时，至 2026\/11\/2\d \d\d:\d\d 自动停用$/)
    for (const bad of [null, -1, 721, 1.5]) expect(overlapHint(bad, now)).toBe('请填写 0–720 之间的整数')
    expect(overlapHint(720, now)).toMatch(/^现有密钥继续可用 720 小时/)
  })

  it('hands the platform its id, key and addresses in one text', () => {
    const text = handoverText(
      { api_key: 'xsk_1a2b_secret', client: { id: 'c1', name: '建设行业网络教育系统' } },
      'https://xueshi.example.cn',
    )
    expect(pushUrl('https://xueshi.example.cn', 'c1')).toBe(
      'https://xueshi.example.cn/api/v1/sync/platforms/c1/records',
    )
    expect(text.split('\n')).toEqual([
      '平台名称：建设行业网络教育系统',
      '平台 ID：c1',
      'API 密钥：xsk_1a2b_secret',
      '推送完成记录：POST https://xueshi.example.cn/api/v1/sync/platforms/c1/records',
      '回读已登记记录：GET https://xueshi.example.cn/api/v1/sync/platforms/c1/holdings?id_number=身份证号&year=年度',
      '调用时在请求头中携带：Authorization: Bearer <API 密钥>',
      '接口文档：https://xueshi.example.cn/api/docs',
    ])
  })
})

describe('records', () => {
  it('offers 人工匹配 only for a name mismatch, 不予登记 for any unmatched record, 撤销 for a counted one', () => {
    expect(canMatch({ state: 'unmatched', reason_code: 'name_mismatch' })).toBe(true)
    expect(canMatch({ state: 'unmatched', reason_code: 'person_unknown' })).toBe(false)
    expect(canMatch({ state: 'synced', reason_code: null })).toBe(false)
    expect(canDismiss({ state: 'unmatched' })).toBe(true)
    expect(canDismiss({ state: 'dismissed' })).toBe(false)
    expect(canRevoke({ state: 'synced' })).toBe(true)
    expect(canRevoke({ state: 'revoked' })).toBe(false)
    expect(canRevoke({ state: 'unmatched' })).toBe(false)
    expect(recordActions({ state: 'unmatched', reason_code: 'name_mismatch' })).toEqual(['match', 'dismiss'])
    expect(recordActions({ state: 'unmatched', reason_code: 'person_unknown' })).toEqual(['dismiss'])
    expect(recordActions({ state: 'synced', reason_code: null })).toEqual(['revoke'])
    expect(recordActions({ state: 'dismissed', reason_code: null })).toEqual([])
  })

  it('shows our name only when it differs from the platform’s', () => {
    expect(ourName({ name: '李那', person_name: '李娜' })).toBe('李娜')
    expect(ourName({ name: '张伟', person_name: '张伟' })).toBeNull()
    expect(ourName({ name: '张伟', person_name: null })).toBeNull()
  })

  it('says what each decision does before it is confirmed', () => {
    expect(decisionText('match', record)).toBe(
      '平台报送的姓名「李那」与系统中该身份证号（3301**********4522）的人员「李娜」不一致。确认是同一人后，《建设工程质量安全法规解读》的 4.5 学时计入其 2026 年度行业公需科目，本人会收到通知。',
    )
    expect(decisionText('dismiss', record)).toContain('不计入任何人的学时')
    expect(decisionText('revoke', { ...record, name: '张伟' })).toBe(
      '撤销后「张伟」的《建设工程质量安全法规解读》4.5 学时不再计入其 2026 年度学时，本人会收到通知并看到撤销理由。撤销不可恢复。',
    )
  })

  it('asks the queue for 未匹配 only and sends well-formed filters', () => {
    expect(recordQuery(emptyRecordFilters(), false)).toEqual({})
    expect(recordQuery(emptyRecordFilters(), true)).toEqual({ state: 'unmatched' })
    const filters = { client_id: 'c1', year: '2026', state: 'synced', q: ' 李 ' }
    expect(recordQuery(filters, false)).toEqual({ client_id: 'c1', year: 2026, state: 'synced', q: '李' })
    // The queue keeps to 未匹配 whatever the URL says.
    expect(recordQuery(filters, true)).toEqual({ client_id: 'c1', year: 2026, state: 'unmatched', q: '李' })
    expect(recordQuery({ client_id: '', year: 'x', state: 'gone', q: '  ' }, false)).toEqual({})
  })
})

describe('reconciliation', () => {
  it('lists the records that do not count, and signs the difference', () => {
    expect(notCounted({ unmatched: 1, revoked: 2, dismissed: 0 })).toBe('未匹配 1 条，已撤销 2 条')
    expect(notCounted({ unmatched: 0, revoked: 0, dismissed: 3 })).toBe('不予登记 3 条')
    expect(notCounted({ unmatched: 0, revoked: 0, dismissed: 0 })).toBe('—')
    expect(differenceText(2.5)).toBe('+2.5')
    expect(differenceText(0)).toBe('0')
  })
})
