import type { Page, TranscriptSummary } from '@lp/shared'
import { api } from './request'
import { downloadFile, fetchFileBlob } from './files'

/** 成绩单: signed transcripts of the resident's learning, each with a public verification page. */

export const TRANSCRIPTS_PAGE_SIZE = 20

/** A new transcript, or the latest one when nothing has changed since. */
export function issueTranscript(): Promise<TranscriptSummary> {
  return api.post<TranscriptSummary>('/api/me/transcripts')
}

export function listTranscripts(cursor: string | null): Promise<Page<TranscriptSummary>> {
  return api.get<Page<TranscriptSummary>>('/api/me/transcripts', { cursor, limit: TRANSCRIPTS_PAGE_SIZE })
}

const PDF_FAILED = '成绩单没有下载成功，请稍后再试。'
const pdfPath = (id: string) => `/api/me/transcripts/${encodeURIComponent(id)}/pdf`

/** Browser: the PDF in memory. */
export function fetchTranscriptPdf(id: string): Promise<Blob> {
  return fetchFileBlob(pdfPath(id), PDF_FAILED)
}

/** Mini program: the PDF as a temporary file. */
export function downloadTranscriptPdf(id: string): Promise<string> {
  return downloadFile(pdfPath(id), PDF_FAILED)
}
