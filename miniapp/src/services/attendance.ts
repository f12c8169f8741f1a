import type { EventData, Schema } from './api/client'
import type {
  CheckInAwaitingReview,
  CheckInDisplay,
  CheckInResult,
  CheckInReviewResult,
  LiveRoster,
  ProxyAuditEntryPage,
  ProxyLookupResult,
  SessionCloseResult,
  TeacherTodaySession
} from './api/types'
import { saveDocument } from './files'
import { api } from './request'

/** 考勤 for teachers (the QR screen, the live roster, 代签, closing) and the admins' 代签 audit. */

export type ProxyLookupRequest = Schema<'ProxyLookupDto'>
export type CheckInReviewRequest = Schema<'CheckInReviewDto'>

/** The sessions of the teacher's school today, and those past midnight whose check-in is open, soonest first. */
export function listTodaysSessions(): Promise<TeacherTodaySession[]> {
  return api.get('/api/teacher/sessions/today')
}

/** What the teacher's screen shows now; ask again at `refreshAt`. */
export function getCheckInDisplay(sessionId: number): Promise<CheckInDisplay> {
  return api.get('/api/teacher/sessions/{id}/qr', { path: { id: sessionId } })
}

export function getLiveRoster(sessionId: number): Promise<LiveRoster> {
  return api.get('/api/teacher/sessions/{id}/roster', { path: { id: sessionId } })
}

const ROSTER_STREAM = '/api/teacher/sessions/{id}/roster/stream'
export type RosterEvent = EventData<typeof ROSTER_STREAM>

/**
 * The roster as Server-Sent Events (browser only), one `roster` event per change: EventSource
 * cannot send headers, so the token rides in the URL.
 */
export function openRosterStream(sessionId: number, accessToken: string, onRoster: (roster: RosterEvent) => void): EventSource {
  return api.events(ROSTER_STREAM, { path: { id: sessionId }, query: { access_token: accessToken } }, 'roster', onRoster)
}

/** 代签, first step: who is this (masked), and may they be checked in here; by exactly one of phone, ID number or 学习码. */
export function proxyLookup(sessionId: number, body: ProxyLookupRequest): Promise<ProxyLookupResult> {
  return api.post('/api/teacher/sessions/{id}/proxy-lookups', { path: { id: sessionId }, body })
}

/** 代签, second step: saves the person the teacher saw, by the lookup's token (good for 10 minutes). */
export function proxyCheckIn(sessionId: number, lookupToken: string): Promise<CheckInResult> {
  return api.post('/api/teacher/sessions/{id}/proxy-check-ins', { path: { id: sessionId }, body: { lookupToken } })
}

/** 待核对: the session's flagged check-ins still waiting for the teacher. */
export function listAwaitingReview(sessionId: number): Promise<CheckInAwaitingReview[]> {
  return api.get('/api/teacher/sessions/{id}/check-in-reviews', { path: { id: sessionId } })
}

/** 确认 or 不通过 (with a reason the resident will read), for one or many check-ins of the session. */
export function reviewCheckIns(sessionId: number, body: CheckInReviewRequest): Promise<CheckInReviewResult> {
  return api.post('/api/teacher/sessions/{id}/check-in-reviews', { path: { id: sessionId }, body })
}

/** 结束签到: fixes attendance and hands the hours to the credit bank. Closing twice changes nothing. */
export function closeSession(sessionId: number): Promise<SessionCloseResult> {
  return api.post('/api/teacher/sessions/{id}/close', { path: { id: sessionId } })
}

/** 代签记录 of an area, newest first. */
export function listProxyAudit(areaId: number, cursor: string | null): Promise<ProxyAuditEntryPage> {
  return api.get('/api/admin/proxy-check-ins', { query: { areaId, cursor: cursor ?? undefined } })
}

/**
 * 导出签到表 (.xlsx): the browser saves it, the mini program opens it in WeChat's document
 * viewer, where it can be forwarded or saved.
 */
export function saveSignInSheet(sessionId: number): Promise<void> {
  const path = '/api/teacher/sessions/{id}/sign-in-sheet'
  return saveDocument(path, { path: { id: sessionId } }, 'xlsx', `签到表-${sessionId}.xlsx`, '签到表没有下载成功，请稍后再试。')
}
