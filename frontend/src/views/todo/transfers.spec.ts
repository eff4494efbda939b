import { describe, expect, it } from 'vitest'
import { transferActions, transferStage, type TransferView } from './transfers'

const transfer = (patch: Partial<TransferView> = {}): TransferView => ({
  id: 't1',
  person_id: 'p1',
  person_name: '张伟',
  id_number_masked: '3301**********1238',
  from_unit_id: 'jg',
  from_unit_name: '浙江省建工集团有限责任公司',
  to_unit_id: 'sjy',
  to_unit_name: '浙江省建筑设计研究院',
  status: 'pending',
  released: false,
  accepted: true,
  created_at: '2026-11-24T10:00:00Z',
  ...patch,
})

describe('transferActions', () => {
  it('lets the old unit release a requested transfer, or cancel it', () => {
    expect(transferActions(transfer(), new Set(['jt', 'jg']))).toEqual(['release', 'cancel'])
  })

  it('lets the new unit accept a released transfer, or cancel it', () => {
    const released = transfer({ released: true, accepted: false })

    expect(transferActions(released, new Set(['sjy']))).toEqual(['accept', 'cancel'])
    expect(transferActions(released, new Set(['jg']))).toEqual(['cancel'])
  })

  it('offers both sides to an admin over both units', () => {
    expect(transferActions(transfer({ accepted: false, released: true }), new Set(['jg', 'sjy']))).toEqual([
      'accept',
      'cancel',
    ])
  })

  it('offers nothing outside the scope or once closed', () => {
    expect(transferActions(transfer(), new Set(['ej']))).toEqual([])
    expect(transferActions(transfer({ status: 'completed' }), new Set(['jg']))).toEqual([])
  })

  it('says where the transfer stands', () => {
    expect(transferStage({ released: true, accepted: false })).toBe('原单位已同意调出，待调入单位同意')
    expect(transferStage({ released: false, accepted: true })).toBe('调入单位已申请，待原单位同意调出')
  })
})
