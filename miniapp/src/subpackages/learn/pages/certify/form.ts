import { CERTIFICATION_LIMITS as LIMITS, shanghaiDate } from '@lp/shared'
import type { CertificationRequest } from '../../../../services/certifications'

/** What the resident types; the evidence is uploaded on its own. */
export type CertifyForm = Omit<CertificationRequest, 'evidenceUploadId'>

export type CertifyField = keyof CertifyForm | 'evidence'
export type CertifyProblems = Partial<Record<CertifyField, string>>

export const EMPTY_CERTIFY_FORM: CertifyForm = { achievementCode: '', certificateNo: '', issuer: '', issuedOn: '' }

/** The same limits the server keeps, said before the trip there. */
export function certifyProblems(form: CertifyForm, evidenceUploaded: boolean): CertifyProblems {
  const problems: CertifyProblems = {}
  if (!form.achievementCode) problems.achievementCode = '请选一项要认定的证书或奖项。'
  const number = form.certificateNo.trim()
  if (number.length < LIMITS.certificateNoMin || number.length > LIMITS.certificateNoMax) {
    problems.certificateNo = `证书编号应为 ${LIMITS.certificateNoMin} 到 ${LIMITS.certificateNoMax} 位，照着证书上的抄。`
  } else if (!/^[A-Za-z0-9\-_/ ]+$/.test(number)) {
    problems.certificateNo = '证书编号只能有字母、数字和横线。'
  }
  const issuer = form.issuer.trim()
  if (issuer.length < LIMITS.issuerMin || issuer.length > LIMITS.issuerMax) problems.issuer = `请写发证单位，${LIMITS.issuerMin} 到 ${LIMITS.issuerMax} 个字。`
  else if (/[<>]/.test(issuer)) problems.issuer = '发证单位里不能有尖括号（< 和 >）。'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.issuedOn)) problems.issuedOn = '请选发证日期。'
  else if (form.issuedOn > shanghaiDate()) problems.issuedOn = '发证日期不能晚于今天。'
  if (!evidenceUploaded) problems.evidence = '请交一张证书照片或 PDF，等它上传好再提交。'
  return problems
}
