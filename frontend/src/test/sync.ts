// Platforms, keys and online records as the API sends them, for the sync specs.
import type { IssuedKey, OnlineRecord, SyncClient, SyncKey } from '@/views/sync/sync'

export function syncKey(overrides: Partial<SyncKey> = {}): SyncKey {
  return {
    id: 'key-1',
    prefix: 'xsk_1a2b3c4d5e6f7a8b',
    created_at: '2026-11-25T03:00:00Z',
    expires_at: null,
    revoked_at: null,
    last_used_at: null,
    status: 'active',
    ...overrides,
  }
}

export function syncClient(overrides: Partial<SyncClient> = {}): SyncClient {
  return {
    id: '01a248b2-2cb0-716a-82ee-6695ea6266a9',
    name: '住房城乡建设行业网络教育系统',
    note: null,
    created_at: '2026-11-25T03:00:00Z',
    keys: [syncKey()],
    records: 0,
    unmatched: 0,
    last_call_at: null,
    ...overrides,
  }
}

export function issuedKey(client: SyncClient = syncClient()): IssuedKey {
  return { client, key_id: client.keys[0]!.id, api_key: `${client.keys[0]!.prefix}_s3cr3tPart0fTheKeyXyZ` }
}

export function onlineRecord(overrides: Partial<OnlineRecord> = {}): OnlineRecord {
  return {
    id: 'rec-1',
    client_id: '01a248b2-2cb0-716a-82ee-6695ea6266a9',
    client_name: '住房城乡建设行业网络教育系统',
    external_id: 'LRN-2026-000123',
    person_id: null,
    name: '李那',
    id_number_masked: '3301**********4522',
    person_name: '李娜',
    course_id: 'C-1024',
    course_name: '城市更新与历史建筑保护',
    category: 'general_public',
    category_label: '一般公需科目',
    hours: 3,
    completed_at: '2026-11-20T06:32:00Z',
    year: 2026,
    state: 'unmatched',
    state_label: '未匹配',
    reason_code: 'name_mismatch',
    reason_label: '姓名不一致',
    note: null,
    decider_name: null,
    decided_at: null,
    version: 1,
    updated_at: '2026-11-20T06:40:00Z',
    ...overrides,
  }
}
