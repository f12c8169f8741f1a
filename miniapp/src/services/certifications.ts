import { UPLOAD_MAX_BYTES, type CertificationStatus, type UploadType } from '@lp/shared'
import type { Schema } from './api/client'
import type { AchievementView, CertificationView, UploadedFile } from './api/types'
import { downloadFile, fetchFile, sizeText } from './files'
import { api } from './request'

/** 学分认定: residents submit certificates and awards with evidence; admins of their area decide. */

export const EVIDENCE_RULE = `证书照片（JPG、PNG）或 PDF 文件，不超过 ${sizeText(UPLOAD_MAX_BYTES)}。请拍清楚证书编号和发证单位。`

export type CertificationRequest = Schema<'SubmitCertificationDto'>

/** What can be certified in the resident's district, with the credits each is worth. */
export function listAchievements(): Promise<AchievementView[]> {
  return api.get('/api/certifications/achievements')
}

/** The evidence file's own bytes; answers with the id to attach to the request. */
export function uploadEvidence(bytes: ArrayBuffer, contentType: UploadType): Promise<UploadedFile> {
  return api.postBytes('/api/uploads', bytes, contentType)
}

/** 409 `certificate_duplicate` when this certificate number was submitted before. */
export function submitCertification(body: CertificationRequest): Promise<CertificationView> {
  return api.post('/api/me/certifications', { body })
}

export function listMyCertifications(): Promise<CertificationView[]> {
  return api.get('/api/me/certifications')
}

/** Admins: requests from residents of their area, pending ones first. */
export function listCertifications(status: CertificationStatus | null): Promise<CertificationView[]> {
  return api.get('/api/certifications', { query: { status: status ?? undefined } })
}

export function getCertification(id: string): Promise<CertificationView> {
  return api.get('/api/certifications/{id}', { path: { id } })
}

export function approveCertification(id: string): Promise<CertificationView> {
  return api.post('/api/certifications/{id}/approve', { path: { id } })
}

/** The resident reads the reason. */
export function rejectCertification(id: string, reason: string): Promise<CertificationView> {
  return api.post('/api/certifications/{id}/reject', { path: { id }, body: { reason } })
}

const EVIDENCE_FAILED = '证明材料没有打开，请稍后再试。'

/** Browser: the evidence in memory, for an <img> or a new tab. */
export function fetchEvidence(uploadId: string): Promise<Blob> {
  return fetchFile('/api/uploads/{id}', { path: { id: uploadId } }, EVIDENCE_FAILED)
}

/** Mini program: the evidence as a temporary file on the phone. */
export function downloadEvidence(uploadId: string): Promise<string> {
  return downloadFile('/api/uploads/{id}', { path: { id: uploadId } }, EVIDENCE_FAILED)
}
