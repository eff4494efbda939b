// Training classes as the API sends them, for the class specs.
import type { components } from '@/api/schema'
import type { ClassDetail } from '@/views/classes/classes'
import type { RosterPreview } from '@/views/classes/roster'

type Me = components['schemas']['Me']

export function trainingClass(overrides: Partial<ClassDetail> = {}): ClassDetail {
  return {
    id: 'class-1',
    unit_name: '浙江省建筑设计研究院',
    org_code: '123300004700051302',
    address: '杭州市西湖区文二路 1 号',
    contact_person: '王老师',
    contact_phone: '0571-88880000',
    name: '钢结构工程施工质量验收培训班',
    location: '杭州市西湖区文二路 1 号 报告厅',
    content: '钢结构工程施工质量验收规范解读。',
    start_date: '2026-12-15',
    end_date: '2026-12-16',
    days: 2,
    hours_per_day: 8,
    total_hours: 16,
    planned_headcount: 60,
    plan_kind: 'annual_plan',
    plan_ref: null,
    hours: { professional: 12, industry_public: 4, general_public: 0 },
    organiser_unit_id: 'unit-sjy',
    approved_hours: null,
    state: 'submitted',
    state_label: '待审核',
    application_deadline: '2026-12-08',
    roster_due: '2026-12-23',
    posted_count: 0,
    pending_correction: false,
    submitted_at: '2026-11-25T02:00:00Z',
    files: [
      {
        id: 'file-1',
        kind: 'notice',
        file_name: '培训通知.pdf',
        content_type: 'application/pdf',
        size: 52_000,
        created_at: '2026-11-25T01:58:00Z',
      },
    ],
    exceptions: [],
    decision: null,
    timeline: [
      { at: '2026-11-25T01:50:00Z', action: 'created', label: '创建申请', actor_name: '设计研究院培训部', note: null },
      {
        at: '2026-11-25T02:00:00Z',
        action: 'submitted',
        label: '提交申请',
        actor_name: '设计研究院培训部',
        note: null,
      },
    ],
    roster_open: false,
    roster_late: false,
    can: {
      edit: false,
      submit: false,
      decide: false,
      grant_exception: false,
      upload_roster: false,
      decide_correction: false,
      submit_video: false,
      decide_video: false,
    },
    ...overrides,
  }
}

export function rosterPreview(overrides: Partial<RosterPreview> = {}): RosterPreview {
  return {
    id: 'roster-1',
    class_id: 'class-1',
    status: 'previewed',
    correction: false,
    summary: { total: 3, ok: 1, create: 1, unchanged: 0, update: 0, remove: 0, error: 1, non_provincial: 1 },
    rows: [
      {
        row: 6,
        name: '钱多多',
        id_number_masked: '3301**********0021',
        hours: 16,
        status: 'error',
        non_provincial: true,
        message: '身份证号校验位不正确',
        columns: [],
      },
      {
        row: 4,
        name: '张伟',
        id_number_masked: '3301**********1238',
        hours: 16,
        status: 'ok',
        non_provincial: false,
        message: '',
        columns: [],
      },
      {
        row: 5,
        name: '周婷',
        id_number_masked: '3301**********0044',
        hours: 16,
        status: 'create',
        non_provincial: false,
        message: '',
        columns: [],
      },
    ],
    truncated: false,
    warnings: [],
    ...overrides,
  }
}

const binding = (role: 'organiser' | 'province', unit: string): Me['roles'][number] => ({
  role,
  role_name: role === 'province' ? '省学时办' : '培训单位',
  unit_id: `unit-${role}`,
  unit_name: unit,
  unit_tier: role === 'province' ? 'province' : 'second',
})

export const organiser: Me = {
  id: 'u-org',
  username: 'px_org',
  display_name: '设计研究院培训部',
  must_change_password: false,
  roles: [binding('organiser', '浙江省建筑设计研究院')],
}

export const province: Me = {
  id: 'u-sxb',
  username: 'sxb_admin',
  display_name: '省学时办审核员',
  must_change_password: false,
  roles: [binding('province', '浙江省住房和城乡建设行业专业技术人员继续教育学时登记管理办公室')],
}
