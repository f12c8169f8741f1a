import Taro from '@tarojs/taro'
import { OFFLINE_GRACE_HOURS, Role } from '@lp/shared'
import type { Schema } from './api/client'
import type { CheckInResult, LearnerCode, LocationConsentView, MyUpcomingSession } from './api/types'
import { ApiError, NETWORK_ERROR, api } from './request'
import { session } from './session'

/**
 * A resident's check-in, and what the phone keeps about it: the last result of each session
 * (so 签退 knows the attendance), a scan waiting for the person to sign in, and scans made
 * without network, sent when it returns.
 */

export type CheckInRequest = Schema<'CheckInDto'>
export type GeoPoint = Schema<'GeoPointDto'>

/** 签到: by the scanned QR content, or by session and spoken code. 201 and 200 both mean checked in. */
export function checkIn(body: CheckInRequest): Promise<CheckInResult> {
  return api.post('/api/check-ins', { body })
}

/** The resident's enrolled sessions not ended and starting within two days, soonest first. */
export function listMyUpcomingSessions(): Promise<MyUpcomingSession[]> {
  return api.get('/api/me/upcoming-sessions')
}

/** The check-in as it stands now: its minutes once the session closed, and the teacher's review of a 待核对 one. */
export function getCheckIn(attendanceId: number): Promise<CheckInResult> {
  return api.get('/api/check-ins/{id}', { path: { id: attendanceId } })
}

export function checkOut(attendanceId: number): Promise<CheckInResult> {
  return api.post('/api/check-ins/{id}/check-out', { path: { id: attendanceId } })
}

/** The resident's own 学习码, for a teacher to scan when the resident has no smartphone. */
export function getLearnerCode(): Promise<LearnerCode> {
  return api.get('/api/me/learner-code')
}

export const isNetworkError = (error: unknown): boolean => error instanceof ApiError && error.code === NETWORK_ERROR

/** Whether what storage gave back is an object with `key` of this JavaScript type: this file wrote it, an older version may have. */
function hasField(value: unknown, key: string, type: 'number' | 'string'): boolean {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, key) === type
}

// ---------- the last result of each session ----------

const RESULTS_KEY = 'lp.checkIn.results'
const RESULTS_KEPT = 30

function storedResults(): CheckInResult[] {
  const raw: unknown = Taro.getStorageSync(RESULTS_KEY)
  return Array.isArray(raw) ? raw.filter((kept): kept is CheckInResult => hasField(kept, 'sessionId', 'number')) : []
}

export function rememberResult(result: CheckInResult): void {
  const others = storedResults().filter((r) => r.sessionId !== result.sessionId)
  Taro.setStorageSync(RESULTS_KEY, [result, ...others].slice(0, RESULTS_KEPT))
}

export function resultOfSession(sessionId: number): CheckInResult | null {
  return storedResults().find((r) => r.sessionId === sessionId) ?? null
}

// ---------- a scan waiting for the person to sign in ----------

export interface PendingCheckIn {
  request: CheckInRequest
  /** Phone time of the scan: only to drop what is too old; the server judges validity. */
  scannedAt: number
}

const PENDING_KEY = 'lp.checkIn.pending'
/** Signing in or filling in the profile takes a few minutes at most. */
const PENDING_FOR_MS = 30 * 60_000

export function keepPending(pending: PendingCheckIn): void {
  Taro.setStorageSync(PENDING_KEY, pending)
}

export function pendingCheckIn(): PendingCheckIn | null {
  const raw: unknown = Taro.getStorageSync(PENDING_KEY)
  if (!isPending(raw) || Date.now() - raw.scannedAt > PENDING_FOR_MS) return null
  return raw
}

const isPending = (kept: unknown): kept is PendingCheckIn => hasField(kept, 'scannedAt', 'number')

export function clearPending(): void {
  Taro.removeStorageSync(PENDING_KEY)
}

// ---------- scans made without network ----------

export interface OfflineScan {
  qr: string
  scannedAt: number
  location: GeoPoint | null
}

const OFFLINE_KEY = 'lp.checkIn.offline'
const OFFLINE_FOR_MS = OFFLINE_GRACE_HOURS * 3600_000

const isScan = (kept: unknown): kept is OfflineScan => hasField(kept, 'qr', 'string') && hasField(kept, 'scannedAt', 'number')

/** Kept scans that can still be sent; older ones are forgotten (the server would refuse them). */
export function offlineScans(): OfflineScan[] {
  const raw: unknown = Taro.getStorageSync(OFFLINE_KEY)
  const all = Array.isArray(raw) ? raw.filter(isScan) : []
  return all.filter((scan) => Date.now() - scan.scannedAt < OFFLINE_FOR_MS)
}

function saveOffline(scans: OfflineScan[]): void {
  if (scans.length) Taro.setStorageSync(OFFLINE_KEY, scans)
  else Taro.removeStorageSync(OFFLINE_KEY)
}

export function keepOffline(scan: OfflineScan): void {
  saveOffline([...offlineScans().filter((s) => s.qr !== scan.qr), scan])
}

export interface FlushReport {
  checkedIn: CheckInResult[]
  /** The server's reasons for kept scans it would not accept; those scans are dropped. */
  refused: string[]
}

let flushing: Promise<FlushReport> | null = null

/**
 * Sends the kept scans, oldest first, marked offline so the server counts each at its QR's
 * own time. Stops at the first network failure and keeps the rest for the next try.
 */
export function flushOfflineCheckIns(): Promise<FlushReport> {
  if (!flushing) {
    flushing = sendKept().finally(() => {
      flushing = null
    })
  }
  return flushing
}

async function sendKept(): Promise<FlushReport> {
  const report: FlushReport = { checkedIn: [], refused: [] }
  let left = offlineScans()
  saveOffline(left)
  // Only a signed-in resident can send them; otherwise they wait (a sign-in page would interrupt).
  if (!left.length || session.user()?.role !== Role.Resident) return report
  for (const scan of [...left].sort((a, b) => a.scannedAt - b.scannedAt)) {
    try {
      const result = await checkIn({ qr: scan.qr, offline: true, location: scan.location })
      rememberResult(result)
      report.checkedIn.push(result)
    } catch (error) {
      if (isNetworkError(error) || (error instanceof ApiError && (error.status === 401 || error.status >= 500))) break
      report.refused.push(error instanceof ApiError ? error.message : '有一次离线签到没有成功。')
    }
    left = left.filter((s) => s !== scan)
    saveOffline(left)
  }
  return report
}

// ---------- the resident's answer about location ----------

const LOCATION_NO_KEY = 'lp.checkIn.locationRefused'

/**
 * Records the resident's one-time answer to "may check-in use your location" (asked before their
 * first check-in at an activity that checks where they are). After a no this phone never reads the
 * position for a check-in.
 */
export async function answerLocationQuestion(given: boolean): Promise<LocationConsentView> {
  const answer = await api.put('/api/me/location-consent', { body: { given } })
  if (given) Taro.removeStorageSync(LOCATION_NO_KEY)
  else Taro.setStorageSync(LOCATION_NO_KEY, true)
  return answer
}

/** The resident's answer as the server has it: null while they have not been asked. */
export function getLocationAnswer(): Promise<LocationConsentView> {
  return api.get('/api/me/location-consent')
}

export function locationRefused(): boolean {
  return Taro.getStorageSync(LOCATION_NO_KEY) === true
}
