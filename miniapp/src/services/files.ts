import Taro from '@tarojs/taro'
import type { FilePath, FileType, UrlInit } from './api/client'
import { api, fileError, freshAccessToken, networkError } from './request'

/*
 * Files that need the Authorization header (evidence photos, transcript PDFs, spreadsheets), so
 * a plain link or <image src> will not do: the browser fetches them into memory, the mini program
 * downloads them to a temporary file. Only paths whose answer the document declares as a file fit.
 */

/** "1.2 MB", "350 KB" */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(Math.round((bytes / 1024 / 1024) * 10) / 10).toString()} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** Browser only: the file's bytes as a Blob. */
export async function fetchFile<P extends FilePath>(path: P, init: UrlInit<P>, failed: string): Promise<Blob> {
  const token = await freshAccessToken()
  let res: Response
  try {
    res = await fetch(api.url(path, init), { headers: { Authorization: `Bearer ${token}` } })
  } catch {
    throw networkError()
  }
  if (!res.ok) throw fileError(res.status, await res.json().catch(() => null), failed)
  return res.blob()
}

/** Mini program only: the file downloaded to a temporary path on the phone. */
export async function downloadFile<P extends FilePath>(path: P, init: UrlInit<P>, failed: string): Promise<string> {
  const token = await freshAccessToken()
  let file: Taro.downloadFile.FileSuccessCallbackResult
  try {
    file = await Taro.downloadFile({ url: api.url(path, init), header: { Authorization: `Bearer ${token}` } })
  } catch {
    throw networkError()
  }
  if (file.statusCode !== 200) throw fileError(file.statusCode, null, failed)
  return file.tempFilePath
}

/** What WeChat's document viewer calls each document type the server sends. */
const DOCUMENT_KINDS = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx'
} as const

type DocumentType = keyof typeof DOCUMENT_KINDS
/** `xlsx` for a path that answers a workbook, `pdf` for one that answers a PDF. */
type DocumentKind<P extends FilePath> = (typeof DOCUMENT_KINDS)[FileType<P> & DocumentType]
/** The paths that answer a document WeChat can open. */
type DocumentPath = { [P in FilePath]: FileType<P> extends DocumentType ? P : never }[FilePath]

/** Mini program: a downloaded document in WeChat's viewer, where it can be forwarded or saved. */
async function openDocument(filePath: string, kind: (typeof DOCUMENT_KINDS)[DocumentType]): Promise<void> {
  await Taro.openDocument({ filePath, fileType: kind, showMenu: true })
}

/** Mini program: a downloaded PDF in WeChat's document viewer. */
export function openPdf(filePath: string): Promise<void> {
  return openDocument(filePath, 'pdf')
}

/** Browser: hands a Blob to the browser's own download, under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
}

/**
 * A document to keep (a sign-in sheet, an indicator workbook): the browser saves it as
 * `fileName`, the mini program opens it in WeChat's viewer. `kind` must be what the path answers.
 */
export async function saveDocument<P extends DocumentPath>(path: P, init: UrlInit<P>, kind: DocumentKind<P>, fileName: string, failed: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    saveBlob(await fetchFile(path, init, failed), fileName)
    return
  }
  await openDocument(await downloadFile(path, init, failed), kind)
}
