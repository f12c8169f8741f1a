import Taro from '@tarojs/taro'
import { httpStatusError, type ApiError as ApiErrorBody } from '@lp/shared'
import { ApiError, NETWORK_ERROR, freshAccessToken } from './request'

/*
 * Files that need the Authorization header (evidence photos, transcript PDFs), so a plain
 * link or <image src> will not do: the browser fetches them into memory, the mini program
 * downloads them to a temporary file.
 */

const OFFLINE = new ApiError(0, { code: NETWORK_ERROR, message: '连不上服务器，请检查网络后再试。' })

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'message') === 'string'
}

/** Browser only: the file's bytes as a Blob. */
export async function fetchFileBlob(path: string, failed: string): Promise<Blob> {
  const token = await freshAccessToken()
  let res: Response
  try {
    res = await fetch(API_BASE + path, { headers: { Authorization: `Bearer ${token}` } })
  } catch {
    throw OFFLINE
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null)
    throw new ApiError(res.status, isErrorBody(body) ? body : { code: httpStatusError(res.status), message: failed })
  }
  return res.blob()
}

/** Mini program only: the file downloaded to a temporary path on the phone. */
export async function downloadFile(path: string, failed: string): Promise<string> {
  const token = await freshAccessToken()
  let file: Taro.downloadFile.FileSuccessCallbackResult
  try {
    file = await Taro.downloadFile({ url: API_BASE + path, header: { Authorization: `Bearer ${token}` } })
  } catch {
    throw OFFLINE
  }
  if (file.statusCode !== 200) throw new ApiError(file.statusCode, { code: httpStatusError(file.statusCode), message: failed })
  return file.tempFilePath
}

/** Mini program: a downloaded PDF in WeChat's document viewer, where it can be forwarded or saved. */
export async function openPdf(filePath: string): Promise<void> {
  await Taro.openDocument({ filePath, fileType: 'pdf', showMenu: true })
}
