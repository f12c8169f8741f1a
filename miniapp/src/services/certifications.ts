import type { AchievementView, CertificationStatus, CertificationView } from '@lp/shared'
import { api } from './request'
import { downloadFile, fetchFileBlob } from './files'

/** 学分认定: residents submit certificates and awards with evidence; admins of their area decide. */

/** What the server accepts as evidence; it checks the bytes too, these only spare a pointless upload. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
export type EvidenceType = 'image/jpeg' | 'image/png' | 'application/pdf'
export const EVIDENCE_RULE = '证书照片（JPG、PNG）或 PDF 文件，不超过 5 MB。请拍清楚证书编号和发证单位。'

export interface UploadedEvidence {
  id: string
  contentType: EvidenceType
  sizeBytes: number
}

export interface CertificationRequest {
  achievementCode: string
  certificateNo: string
  issuer: string
  /** YYYY-MM-DD */
  issuedOn: string
  evidenceUploadId: string
}

/** "1.2 MB", "350 KB" */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(Math.round((bytes / 1024 / 1024) * 10) / 10).toString()} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** What can be certified in the resident's district, with the credits each is worth. */
export function listAchievements(): Promise<AchievementView[]> {
  return api.get<AchievementView[]>('/api/certifications/achievements')
}

/** The evidence file's own bytes; answers with the id to attach to the request. */
export function uploadEvidence(bytes: ArrayBuffer, contentType: EvidenceType): Promise<UploadedEvidence> {
  return api.postBytes<UploadedEvidence>('/api/uploads', bytes, contentType)
}

/** 409 `certificate_duplicate` when this certificate number was submitted before. */
export function submitCertification(body: CertificationRequest): Promise<CertificationView> {
  return api.post<CertificationView>('/api/me/certifications', body)
}

export function listMyCertifications(): Promise<CertificationView[]> {
  return api.get<CertificationView[]>('/api/me/certifications')
}

/** Admins: requests from residents of their area, pending ones first. */
export function listCertifications(status: CertificationStatus | null): Promise<CertificationView[]> {
  return api.get<CertificationView[]>('/api/certifications', { status })
}

export function getCertification(id: string): Promise<CertificationView> {
  return api.get<CertificationView>(`/api/certifications/${encodeURIComponent(id)}`)
}

export function approveCertification(id: string): Promise<CertificationView> {
  return api.post<CertificationView>(`/api/certifications/${encodeURIComponent(id)}/approve`)
}

/** The resident reads the reason. */
export function rejectCertification(id: string, reason: string): Promise<CertificationView> {
  return api.post<CertificationView>(`/api/certifications/${encodeURIComponent(id)}/reject`, { reason })
}

const EVIDENCE_FAILED = '证明材料没有打开，请稍后再试。'

/** Browser: the evidence in memory, for an <img> or a new tab. */
export function fetchEvidence(uploadId: string): Promise<Blob> {
  return fetchFileBlob(`/api/uploads/${encodeURIComponent(uploadId)}`, EVIDENCE_FAILED)
}

/** Mini program: the evidence as a temporary file on the phone. */
export function downloadEvidence(uploadId: string): Promise<string> {
  return downloadFile(`/api/uploads/${encodeURIComponent(uploadId)}`, EVIDENCE_FAILED)
}
