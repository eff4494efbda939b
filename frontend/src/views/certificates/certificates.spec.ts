import { describe, expect, it } from 'vitest'
import type { Me } from '@/auth/roles'
import {
  canRevoke,
  certificateQuery,
  emptyCertificateFilters,
  issueDate,
  jobFinished,
  jobPercent,
  jobText,
  normalizeNumber,
  shortfallText,
  statusLabel,
  statusTag,
  verdictOf,
  verifyPath,
} from './certificates'

const check = (key: 'total' | 'professional' | 'public' | 'industry_public', label: string, short_by: number) => ({
  key,
  label,
  met: short_by === 0,
  short_by,
})

describe('学时登记证明', () => {
  it('colours each status: 有效 green, 已撤销 red, 已被新版本替代 grey', () => {
    expect([statusTag('valid'), statusTag('revoked'), statusTag('superseded'), statusTag('odd')]).toEqual([
      'success',
      'danger',
      'info',
      'info',
    ])
    expect(statusLabel('superseded')).toBe('已被新版本替代')
    expect(statusLabel('odd')).toBe('odd')
  })

  it('shows the public check’s verdict green, red or orange', () => {
    expect(verdictOf('valid')).toEqual({ type: 'success', icon: 'ok' })
    expect(verdictOf('revoked')).toEqual({ type: 'danger', icon: 'bad' })
    expect(verdictOf('superseded')).toEqual({ type: 'warning', icon: 'warn' })
  })

  it('names the total when it is short, else the category minima the year requires', () => {
    expect(
      shortfallText([
        check('total', '总学时', 16),
        check('professional', '专业科目', 0),
        check('public', '公需科目', 8),
        check('industry_public', '行业公需科目', 6),
      ]),
    ).toBe('总学时还差 16 学时')
    expect(
      shortfallText([
        check('total', '总学时', 0),
        check('professional', '专业科目', 1.5),
        check('public', '公需科目', 0),
        check('industry_public', '行业公需科目', 2),
      ]),
    ).toBe('专业科目还差 1.5 学时，行业公需科目还差 2 学时')
    expect(shortfallText([check('total', '总学时', 0)])).toBe('')
  })

  it('lets only 省学时办 revoke', () => {
    const bound = (role: Me['roles'][number]['role']) => ({ roles: [{ role } as Me['roles'][number]] })
    expect(canRevoke(bound('province'))).toBe(true)
    expect(canRevoke(bound('unit_admin'))).toBe(false)
    expect(canRevoke(null)).toBe(false)
  })

  it('measures a batch’s progress and says where it stands', () => {
    expect(jobPercent({ status: 'running', done: 0, total: 0 })).toBe(0)
    expect(jobPercent({ status: 'running', done: 1, total: 3 })).toBe(33)
    expect(jobPercent({ status: 'running', done: 5, total: 4 })).toBe(100)
    expect(jobPercent({ status: 'done', done: 3, total: 4 })).toBe(100)
    expect(jobPercent({ status: 'failed', done: 2, total: 4 })).toBe(50)
    expect(jobFinished({ status: 'running' })).toBe(false)
    expect(jobFinished({ status: 'queued' })).toBe(false)
    expect(jobFinished({ status: 'done' })).toBe(true)
    expect(jobFinished({ status: 'failed' })).toBe(true)
    expect(jobText({ status: 'running', done: 2, total: 5, message: null })).toBe('正在生成 2 / 5 份证明…')
    expect(jobText({ status: 'done', done: 5, total: 5, message: null })).toBe('已生成 5 份证明，可下载压缩包')
    expect(jobText({ status: 'failed', done: 1, total: 5, message: '任务已中断（服务重启），请重新发起' })).toBe(
      '任务已中断（服务重启），请重新发起',
    )
  })

  it('sends only well-formed filters', () => {
    expect(certificateQuery(emptyCertificateFilters())).toEqual({})
    expect(certificateQuery({ year: '2026', status: 'revoked', unit_id: 'u1', q: ' ZJ2026 ' })).toEqual({
      year: 2026,
      status: 'revoked',
      unit_id: 'u1',
      q: 'ZJ2026',
    })
    expect(certificateQuery({ ...emptyCertificateFilters(), year: 'x', status: 'lost' })).toEqual({})
  })

  it('reads a typed number in its printed form', () => {
    expect(normalizeNumber(' zj2026-7k3m-9qxd-r2tb ')).toBe('ZJ2026-7K3M-9QXD-R2TB')
    expect(normalizeNumber('ZJ2026 7K3M 9QXD R2TB')).toBe('ZJ2026-7K3M-9QXD-R2TB')
    expect(normalizeNumber('zj20267k3m9qxdr2tb')).toBe('ZJ2026-7K3M-9QXD-R2TB')
    // O, I and L are never used: they are the digits they look like.
    expect(normalizeNumber('ZJ2026-OILO-0000-1111')).toBe('ZJ2026-0110-0000-1111')
    expect(normalizeNumber(' abc ')).toBe('ABC')
    expect(normalizeNumber('   ')).toBe('')
  })

  it('dates an issue in China Standard Time and links the public page', () => {
    expect(issueDate('2026-11-24T17:30:00Z')).toBe('2026年11月25日')
    expect(issueDate(null)).toBe('—')
    expect(verifyPath('ZJ2026-7K3M-9QXD-R2TB')).toBe('/verify/ZJ2026-7K3M-9QXD-R2TB')
  })
})
