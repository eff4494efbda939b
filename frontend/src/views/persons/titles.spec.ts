import { describe, expect, it } from 'vitest'
import { levelOptions, nameOptions, reconcileTitle, seriesOptions, type TitleEntry } from './titles'

let n = 0
const entry = (series: string, level: string, name: string, active = true): TitleEntry => ({
  id: `t${++n}`,
  series,
  level,
  level_name: { ZG: '正高级', FG: '副高级', ZJ: '中级', ZL: '助理级', YJ: '员级' }[level] ?? level,
  name,
  active,
})

const DICTIONARY: TitleEntry[] = [
  entry('工程技术人员', 'ZJ', '工程师'),
  entry('工程技术人员', 'ZG', '正高级工程师'),
  entry('工程技术人员', 'YJ', '技术员'),
  entry('工程技术人员', 'FG', '高级工程师'),
  entry('工程技术人员', 'FG', '教授级高级工程师', false),
  entry('经济专业人员', 'ZJ', '经济师'),
  entry('高等学校教师', 'FG', '副教授'),
  entry('高等学校教师', 'ZG', '教授'),
  entry('统计专业人员', 'ZL', '助理统计师', false),
]

describe('the title cascade', () => {
  it('offers each active series once', () => {
    const series = seriesOptions(DICTIONARY)

    expect(series).toHaveLength(3)
    expect(series).toEqual(expect.arrayContaining(['工程技术人员', '经济专业人员', '高等学校教师']))
    expect(series).not.toContain('统计专业人员')
  })

  it("offers only the chosen series' levels, highest first", () => {
    expect(levelOptions(DICTIONARY, '工程技术人员')).toEqual([
      { code: 'ZG', name: '正高级' },
      { code: 'FG', name: '副高级' },
      { code: 'ZJ', name: '中级' },
      { code: 'YJ', name: '员级' },
    ])
    expect(levelOptions(DICTIONARY, '高等学校教师').map((l) => l.code)).toEqual(['ZG', 'FG'])
    expect(levelOptions(DICTIONARY, '')).toEqual([])
  })

  it('offers only the active names of the chosen series at the chosen level', () => {
    expect(nameOptions(DICTIONARY, '工程技术人员', 'FG')).toEqual(['高级工程师'])
    expect(nameOptions(DICTIONARY, '高等学校教师', 'FG')).toEqual(['副教授'])
    expect(nameOptions(DICTIONARY, '经济专业人员', 'FG')).toEqual([])
  })

  it('still offers a retired title the person already holds', () => {
    const held = { series: '统计专业人员', level: 'ZL', name: '助理统计师' }

    expect(seriesOptions(DICTIONARY, held)).toContain('统计专业人员')
    expect(levelOptions(DICTIONARY, '统计专业人员', held)).toEqual([{ code: 'ZL', name: '助理级' }])
    expect(nameOptions(DICTIONARY, '统计专业人员', 'ZL', held)).toEqual(['助理统计师'])
  })

  it('clears the level and the name when the new series lacks them', () => {
    const next = reconcileTitle(DICTIONARY, { series: '高等学校教师', level: 'ZJ', name: '工程师' })

    expect(next).toEqual({ series: '高等学校教师', level: '', name: '' })
  })

  it('keeps a level the new series also has and replaces a name it does not list', () => {
    const next = reconcileTitle(DICTIONARY, { series: '高等学校教师', level: 'FG', name: '高级工程师' })

    expect(next).toEqual({ series: '高等学校教师', level: 'FG', name: '副教授' })
  })

  it('picks the only level and the only name when there is no choice', () => {
    expect(reconcileTitle(DICTIONARY, { series: '经济专业人员', level: '', name: '' })).toEqual({
      series: '经济专业人员',
      level: 'ZJ',
      name: '经济师',
    })
  })

  it('keeps a complete, valid choice and clears everything with the series', () => {
    const valid = { series: '工程技术人员', level: 'ZJ', name: '工程师' }

    expect(reconcileTitle(DICTIONARY, valid)).toEqual(valid)
    expect(reconcileTitle(DICTIONARY, { ...valid, series: '' })).toEqual({ series: '', level: '', name: '' })
  })
})
