import { shanghaiDate } from '@lp/shared'

export interface CertifyForm {
  achievementCode: string
  certificateNo: string
  issuer: string
  /** YYYY-MM-DD */
  issuedOn: string
}

export type CertifyField = keyof CertifyForm | 'evidence'
export type CertifyProblems = Partial<Record<CertifyField, string>>

export const EMPTY_CERTIFY_FORM: CertifyForm = { achievementCode: '', certificateNo: '', issuer: '', issuedOn: '' }

/** The same limits the server keeps, said before the trip there. */
export function certifyProblems(form: CertifyForm, evidenceUploaded: boolean): CertifyProblems {
  const problems: CertifyProblems = {}
  if (!form.achievementCode) problems.achievementCode = '请选一项要认定的证书或奖项。'
  const number = form.certificateNo.trim()
  if (number.length < 4 || number.length > 64) problems.certificateNo = '证书编号应为 4 到 64 位，照着证书上的抄。'
  else if (!/^[A-Za-z0-9\-_/ ]+$/.test(number)) problems.certificateNo = '证书编号只能有字母、数字和横线。'
  const issuer = form.issuer.trim()
  if (issuer.length < 2 || issuer.length > 100) problems.issuer = '请写发证单位，2 到 100 个字。'
  else if (/[<>]/.test(issuer)) problems.issuer = '发证单位里不能有尖括号（< 和 >）。'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.issuedOn)) problems.issuedOn = '请选发证日期。'
  else if (form.issuedOn > shanghaiDate()) problems.issuedOn = '发证日期不能晚于今天。'
  if (!evidenceUploaded) problems.evidence = '请交一张证书照片或 PDF，等它上传好再提交。'
  return problems
}
