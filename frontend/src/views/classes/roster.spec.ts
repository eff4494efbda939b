import { describe, expect, it } from 'vitest'
import {
  countsText,
  feeText,
  filterRows,
  isVideoLink,
  postBlocker,
  readRosterPreview,
  rosterFilters,
  videoProblem,
  type RosterCounts,
  type RosterRow,
} from './roster'

const counts = (patch: Partial<RosterCounts> = {}): RosterCounts => ({
  total: 0,
  ok: 0,
  create: 0,
  unchanged: 0,
  update: 0,
  remove: 0,
  error: 0,
  non_provincial: 0,
  ...patch,
})

const row = (n: number, status: RosterRow['status'], non_provincial = false): RosterRow => ({
  row: n,
  name: `学员${n}`,
  id_number_masked: '3301**********1238',
  hours: 16,
  status,
  non_provincial,
  message: status === 'error' ? '身份证号校验位不正确' : '',
  columns: [],
})

describe('rosterFilters', () => {
  it('always offers 全部 and 错误, then the statuses and 非省属 that occur', () => {
    const options = rosterFilters(counts({ total: 12, ok: 8, create: 3, error: 1, non_provincial: 2 }))
    expect(options.map((o) => `${o.label} ${o.count}`)).toEqual([
      '全部 12',
      '错误 1',
      '新建人员 3',
      '可登记 8',
      '非省属 2',
    ])
  })

  it('counts the attendees a correction removes under 全部, as they are listed too', () => {
    const options = rosterFilters(counts({ total: 1, update: 1, remove: 2 }))
    expect(options.map((o) => `${o.label} ${o.count}`)).toEqual(['全部 3', '错误 0', '更新学时 1', '移除 2'])
  })
})

describe('filterRows', () => {
  const rows = [row(4, 'ok'), row(5, 'error'), row(6, 'create', true), row(7, 'ok', true)]

  it('narrows by status or by the 非省属 flag', () => {
    expect(filterRows(rows, 'all').map((r) => r.row)).toEqual([4, 5, 6, 7])
    expect(filterRows(rows, 'error').map((r) => r.row)).toEqual([5])
    expect(filterRows(rows, 'non_provincial').map((r) => r.row)).toEqual([6, 7])
  })
})

describe('postBlocker', () => {
  it('blocks posting while any row has an error', () => {
    expect(postBlocker({ status: 'previewed', summary: counts({ total: 2, ok: 1, error: 1 }) })).toBe(
      '还有 1 行错误，请修改文件后重新上传',
    )
  })

  it('blocks a correction that changes nothing, and a roster already handled', () => {
    expect(postBlocker({ status: 'previewed', summary: counts({ total: 2, unchanged: 2 }) })).toBe(
      '名单与已登记的相同，没有需要登记的变化',
    )
    expect(postBlocker({ status: 'posted', summary: counts({ total: 2, ok: 2 }) })).toBe('该名单已处理')
    expect(postBlocker(null)).toBe('请先上传名单')
  })

  it('offers posting a clean roster', () => {
    expect(postBlocker({ status: 'previewed', summary: counts({ total: 3, ok: 2, create: 1 }) })).toBe('')
  })
})

describe('countsText', () => {
  it('sums the preview up', () => {
    expect(countsText(counts({ total: 12, ok: 8, create: 3, error: 1, non_provincial: 2 }))).toBe(
      '共 12 行：错误 1，新建人员 3，可登记 8；其中非省属 2',
    )
  })
})

describe('readRosterPreview', () => {
  it('reads the server’s answer, counting unknown statuses as errors', () => {
    const preview = readRosterPreview({
      id: 'r1',
      class_id: 'c1',
      status: 'previewed',
      correction: false,
      summary: { total: 2, ok: 1, create: 0, unchanged: 0, update: 0, remove: 0, error: 1, non_provincial: 0 },
      rows: [
        { row: 4, name: '张伟', id_number_masked: '3301**********1238', hours: 16, status: 'ok', message: '' },
        { row: 5, name: '某人', status: 'strange', message: '?' },
      ],
      truncated: false,
      warnings: ['名单人数 2 人'],
    })
    expect(preview?.rows.map((r) => r.status)).toEqual(['ok', 'error'])
    expect(preview?.rows[1]).toMatchObject({ hours: null, id_number_masked: '', non_provincial: false, columns: [] })
    expect(preview?.summary.error).toBe(1)
    expect(preview?.warnings).toEqual(['名单人数 2 人'])
  })

  it('counts the rows when the summary is missing, and refuses what is not a preview', () => {
    const preview = readRosterPreview({ id: 'r1', rows: [{ status: 'create', non_provincial: true }] })
    expect(preview?.summary).toMatchObject({ total: 1, create: 1, non_provincial: 1 })
    expect(readRosterPreview({ detail: '无法读取文件' })).toBeNull()
    expect(readRosterPreview(null)).toBeNull()
  })
})

describe('videos', () => {
  it('takes http(s) links and MP4, WebM or MOV files up to 500 MB', () => {
    expect(isVideoLink('https://v.example.cn/abc')).toBe(true)
    expect(isVideoLink('ftp://v.example.cn/abc')).toBe(false)
    expect(videoProblem({ name: '讲座.MP4', size: 100 })).toBeNull()
    expect(videoProblem({ name: '讲座.avi', size: 100 })).toBe('「讲座.avi」不是 MP4、WebM 或 MOV 视频')
    expect(videoProblem({ name: '讲座.mov', size: 501 * 1024 * 1024 })).toBe('「讲座.mov」超过 500 MB')
  })

  it('shows the fee in 元', () => {
    expect(feeText(1200)).toBe('1,200 元')
    expect(feeText(null)).toBe('—')
  })
})
