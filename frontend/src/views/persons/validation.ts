// Client-side checks that mirror the server's, so most mistakes are caught before a round trip.
// The server has the last word: its field errors are shown as they come.
import type { FormItemRule } from 'element-plus'

/** 18 characters: 17 digits and a digit or X. */
export const ID_NUMBER = /^\d{17}[\dXx]$/
/** A mainland mobile number. */
export const MOBILE = /^1\d{10}$/
/** At least 8 characters with letters and digits. */
export const STRONG_PASSWORD = /^(?=.*[A-Za-z])(?=.*\d).{8,}$/

/** 男/女 from the 17th digit of a well-formed 身份证号 (odd male, even female). */
export function genderOfId(id: string): 'M' | 'F' | null {
  if (!ID_NUMBER.test(id.trim())) return null
  return Number(id.trim()[16]) % 2 === 1 ? 'M' : 'F'
}

export const idNumberRules = (required = true): FormItemRule[] => [
  ...(required ? [{ required: true, whitespace: true, message: '请输入身份证号', trigger: 'blur' }] : []),
  { pattern: ID_NUMBER, message: '身份证号应为 18 位', trigger: 'blur' },
]

export const nameRules: FormItemRule[] = [
  { required: true, whitespace: true, message: '请输入姓名', trigger: 'blur' },
  { min: 2, max: 30, message: '姓名应为 2–30 个字', trigger: 'blur' },
]

export const mobileRules = (required: boolean): FormItemRule[] => [
  ...(required ? [{ required: true, whitespace: true, message: '请输入手机号', trigger: 'blur' }] : []),
  { pattern: MOBILE, message: '手机号应为 11 位数字', trigger: 'blur' },
]
