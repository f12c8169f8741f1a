import { REAL_NAME_LENGTH, checkIdCardNumber, isMobilePhone, type IdCardProblem, type ResidentGroup } from '@lp/shared'
import type { BindProfileRequest } from '../../services/profile'

export interface BindForm {
  realName: string
  phone: string
  /** From 手机号快速验证: the server asks WeChat for the number, and the typed one is not needed. */
  phoneCode: string | null
  idNumber: string
  birthDate: string
  streetId: number | null
  communityId: number | null
  groups: ResidentGroup[]
}

export type BindField = 'realName' | 'phone' | 'idNumber' | 'birthDate' | 'community'
export type BindProblems = Partial<Record<BindField, string>>

/** Which red message a form value belongs to. */
export function problemFieldOf(key: keyof BindForm): BindField | null {
  switch (key) {
    case 'realName':
    case 'phone':
    case 'idNumber':
    case 'birthDate':
      return key
    case 'phoneCode':
      return 'phone'
    case 'streetId':
    case 'communityId':
      return 'community'
    default:
      return null
  }
}

export const EMPTY_FORM: BindForm = {
  realName: '',
  phone: '',
  phoneCode: null,
  idNumber: '',
  birthDate: '',
  streetId: null,
  communityId: null,
  groups: []
}

const ID_PROBLEMS: Record<IdCardProblem, string> = {
  format: '身份证号是 18 位，最后一位可能是 X，请核对。',
  birth_date: '身份证号里的出生日期不对，请核对。',
  checksum: '身份证号有一位不对，请核对。'
}

export function realNameProblem(value: string): string | undefined {
  const name = value.trim()
  if (!name) return '请填写您的真实姓名。'
  if (name.length < REAL_NAME_LENGTH.min) return `姓名至少${REAL_NAME_LENGTH.min}个字。`
  return undefined
}

export function phoneProblem(value: string): string | undefined {
  if (!value.trim()) return '请填写手机号。'
  return isMobilePhone(value) ? undefined : '手机号是 11 位数字，以 1 开头，请核对。'
}

/** The ID number may be left empty; when given it must be a real one. */
export function idNumberProblem(value: string): string | undefined {
  if (!value.trim()) return undefined
  const problem = checkIdCardNumber(value)
  return problem ? ID_PROBLEMS[problem] : undefined
}

export function validate(form: BindForm): BindProblems {
  const problems: BindProblems = {
    realName: realNameProblem(form.realName),
    phone: form.phoneCode ? undefined : phoneProblem(form.phone),
    idNumber: idNumberProblem(form.idNumber),
    birthDate: form.birthDate ? undefined : '请选择出生日期。',
    community: form.communityId === null ? '请选择您所在的社区。' : undefined
  }
  return Object.fromEntries(Object.entries(problems).filter(([, text]) => text)) as BindProblems
}

export function toRequest(form: BindForm): BindProfileRequest {
  const idNumber = form.idNumber.trim().toUpperCase()
  return {
    realName: form.realName.trim(),
    ...(form.phoneCode ? { phoneCode: form.phoneCode } : { phone: form.phone.trim() }),
    ...(idNumber ? { idNumber } : {}),
    birthDate: form.birthDate,
    communityId: form.communityId ?? 0,
    groups: form.groups
  }
}
