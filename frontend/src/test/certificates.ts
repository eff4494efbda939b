// Certificates and verifications as the API sends them, for the certificate specs.
import type { Certificate, Verification } from '@/views/certificates/certificates'

const hours = { professional: 60, industry_public: 20, general_public: 10, public: 30, total: 90 }

export function certificate(overrides: Partial<Certificate> = {}): Certificate {
  return {
    id: 'cert-1',
    number: 'ZJ2026-7K3M-9QXD-R2TB',
    version: 1,
    status: 'valid',
    status_label: '有效',
    year: 2026,
    person_id: 'p1',
    person_name: '张伟',
    id_number_masked: '3301**********1238',
    unit_name: '浙江省建工集团有限责任公司',
    registered: hours,
    issued_at: '2026-11-25T03:56:58Z',
    superseded_by: null,
    superseded_by_number: null,
    revoked_at: null,
    revoked_reason: null,
    reissue_pending: false,
    pdf_url: '/api/v1/files/certificates/2026/zj2026-7k3m-9qxd-r2tb.pdf?exp=1&ct=application%2Fpdf&sig=00',
    pdf_size: 52072,
    pdf_sha256: '00',
    verify_url: 'http://127.0.0.1:8080/verify/ZJ2026-7K3M-9QXD-R2TB?t=token',
    ...overrides,
  }
}

export function verification(overrides: Partial<Verification> = {}): Verification {
  return {
    number: 'ZJ2026-7K3M-9QXD-R2TB',
    status: 'valid',
    status_label: '有效',
    version: 1,
    person_name_masked: '张*',
    id_number_masked: '3301**********1238',
    unit_name: '浙江省建工集团有限责任公司',
    year: 2026,
    registered: hours,
    issued_at: '2026-11-25T03:56:58Z',
    superseded_by_number: null,
    revoked_at: null,
    revoked_reason: null,
    token_valid: null,
    token_message: null,
    ...overrides,
  }
}
