import Taro from '@tarojs/taro'
import type {
  CheckInAwaitingReview,
  CheckInDisplay,
  CheckInResult,
  CheckInReviewRequest,
  CheckInReviewResult,
  LiveRoster,
  Page,
  ProxyAuditEntry,
  ProxyLookupRequest,
  ProxyLookupResult,
  SessionCloseResult
} from '@lp/shared'
import { httpStatusError } from '@lp/shared'
import { ApiError, NETWORK_ERROR, api, freshAccessToken } from './request'

/** 考勤 for teachers (the QR screen, the live roster, 代签, closing) and the admins' 代签 audit. */

/** What the teacher's screen shows now; ask again at `refreshAt`. */
export function getCheckInDisplay(sessionId: number): Promise<CheckInDisplay> {
  return api.get<CheckInDisplay>(`/api/teacher/sessions/${sessionId}/qr`)
}

export function getLiveRoster(sessionId: number): Promise<LiveRoster> {
  return api.get<LiveRoster>(`/api/teacher/sessions/${sessionId}/roster`)
}

/** The roster as Server-Sent Events (browser only): EventSource cannot send headers, so the token rides in the URL. */
export function rosterStreamUrl(sessionId: number, accessToken: string): string {
  return `${API_BASE}/api/teacher/sessions/${sessionId}/roster/stream?access_token=${encodeURIComponent(accessToken)}`
}

/** 代签, first step: who is this (masked), and may they be checked in here; by exactly one of phone, ID number or 学习码. */
export function proxyLookup(sessionId: number, body: ProxyLookupRequest): Promise<ProxyLookupResult> {
  return api.post<ProxyLookupResult>(`/api/teacher/sessions/${sessionId}/proxy-lookups`, body)
}

/** 代签, second step: saves the person the teacher saw, by the lookup's token (good for 10 minutes). */
export function proxyCheckIn(sessionId: number, lookupToken: string): Promise<CheckInResult> {
  return api.post<CheckInResult>(`/api/teacher/sessions/${sessionId}/proxy-check-ins`, { lookupToken })
}

/** 待核对: the session's flagged check-ins still waiting for the teacher. */
export function listAwaitingReview(sessionId: number): Promise<CheckInAwaitingReview[]> {
  return api.get<CheckInAwaitingReview[]>(`/api/teacher/sessions/${sessionId}/check-in-reviews`)
}

/** 确认 or 不通过 (with a reason the resident will read), for one or many check-ins of the session. */
export function reviewCheckIns(sessionId: number, body: CheckInReviewRequest): Promise<CheckInReviewResult> {
  return api.post<CheckInReviewResult>(`/api/teacher/sessions/${sessionId}/check-in-reviews`, body)
}

/** 结束签到: fixes attendance and hands the hours to the credit bank. Closing twice changes nothing. */
export function closeSession(sessionId: number): Promise<SessionCloseResult> {
  return api.post<SessionCloseResult>(`/api/teacher/sessions/${sessionId}/close`)
}

/** 代签记录 of an area, newest first. */
export function listProxyAudit(areaId: number, cursor: string | null): Promise<Page<ProxyAuditEntry>> {
  return api.get<Page<ProxyAuditEntry>>('/api/admin/proxy-check-ins', { areaId, cursor })
}

const SHEET_FAILED = '签到表没有下载成功，请稍后再试。'

/**
 * 导出签到表 (.xlsx). The download needs the Authorization header, so a plain link will not do:
 * the browser fetches it and saves it from memory; the mini program downloads it and opens it
 * in WeChat's document viewer, where it can be forwarded or saved.
 */
export async function saveSignInSheet(sessionId: number): Promise<void> {
  const path = `/api/teacher/sessions/${sessionId}/sign-in-sheet`
  const token = await freshAccessToken()
  const fileName = `签到表-${sessionId}.xlsx`
  if (process.env.TARO_ENV === 'h5') {
    let res: Response
    try {
      res = await fetch(API_BASE + path, { headers: { Authorization: `Bearer ${token}` } })
    } catch {
      throw new ApiError(0, { code: NETWORK_ERROR, message: '连不上服务器，请检查网络后再试。' })
    }
    if (!res.ok) throw new ApiError(res.status, { code: httpStatusError(res.status), message: SHEET_FAILED })
    const href = URL.createObjectURL(await res.blob())
    const link = document.createElement('a')
    link.href = href
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(href), 60_000)
    return
  }
  let file: Taro.downloadFile.FileSuccessCallbackResult
  try {
    file = await Taro.downloadFile({ url: API_BASE + path, header: { Authorization: `Bearer ${token}` } })
  } catch {
    throw new ApiError(0, { code: NETWORK_ERROR, message: '连不上服务器，请检查网络后再试。' })
  }
  if (file.statusCode !== 200) throw new ApiError(file.statusCode, { code: httpStatusError(file.statusCode), message: SHEET_FAILED })
  await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true })
}
