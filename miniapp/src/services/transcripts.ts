import type { AdminTranscriptView, AdminTranscriptViewPage, TranscriptStatus, TranscriptSummary, TranscriptSummaryPage } from './api/types'
import { api } from './request'
import { downloadFile, fetchFile } from './files'

/** 成绩单: signed transcripts of the resident's learning, each with a public verification page. */

export const TRANSCRIPTS_PAGE_SIZE = 20

/** A new transcript, or the latest one when nothing has changed since. */
export function issueTranscript(): Promise<TranscriptSummary> {
  return api.post('/api/me/transcripts')
}

export function listTranscripts(cursor: string | null): Promise<TranscriptSummaryPage> {
  return api.get('/api/me/transcripts', { query: { cursor: cursor ?? undefined, limit: TRANSCRIPTS_PAGE_SIZE } })
}

const PDF_FAILED = '成绩单没有下载成功，请稍后再试。'

/** Browser: the PDF in memory. */
export function fetchTranscriptPdf(id: string): Promise<Blob> {
  return fetchFile('/api/me/transcripts/{id}/pdf', { path: { id } }, PDF_FAILED)
}

/** Mini program: the PDF as a temporary file. */
export function downloadTranscriptPdf(id: string): Promise<string> {
  return downloadFile('/api/me/transcripts/{id}/pdf', { path: { id } }, PDF_FAILED)
}

/** One resident's transcripts, newest first, for an administrator of their area. */
export function listResidentTranscripts(residentId: string, cursor: string | null): Promise<AdminTranscriptViewPage> {
  return api.get('/api/admin/transcripts', { query: { residentId, cursor: cursor ?? undefined, limit: TRANSCRIPTS_PAGE_SIZE } })
}

/** One transcript by its number, as an administrator sees it. */
export function findTranscript(id: string): Promise<AdminTranscriptView> {
  return api.get('/api/admin/transcripts/{id}', { path: { id } })
}

/** Withdraws a transcript; its verification page says 已撤销 from then on. A second revocation keeps the first reason. */
export function revokeTranscript(id: string, reason: string): Promise<TranscriptSummary> {
  return api.post('/api/transcripts/{id}/revoke', { path: { id }, body: { reason } })
}

/** What anyone verifying the transcript sees now. */
export function transcriptStatus(id: string): Promise<TranscriptStatus> {
  return api.get('/api/transcripts/{id}/status', { path: { id } })
}

/** The transcript number in a verification link (…/verify/<number>) or typed on its own; null when there is none. */
export function transcriptIdIn(text: string): string | null {
  const found = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(text)
  return found ? found[0].toLowerCase() : null
}
