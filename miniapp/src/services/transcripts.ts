import type { TranscriptSummary, TranscriptSummaryPage } from './api/types'
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
