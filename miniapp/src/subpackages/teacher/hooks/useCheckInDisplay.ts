import { useEffect, useState } from 'react'
import { getCheckInDisplay } from '../../../services/attendance'
import { ApiError, NETWORK_ERROR, toApiError } from '../../../services/request'
import { usePageShown } from './usePageShown'
import type { CheckInDisplay } from '../../../services/api/types'

export interface DisplayState {
  display: CheckInDisplay | undefined
  /** A refusal that asking again will not change. */
  error: ApiError | null
  /** The last request failed and is being retried: the QR on screen may have expired. */
  behind: boolean
}

/** Lands just inside the next window rather than a hair before it. */
const AFTER_CHANGE_MS = 300
const SOONEST_MS = 1000
const LATEST_MS = 60_000
const RETRY_MS = 3000

/**
 * The QR and 6-digit code, asked for again when the server says they change. The wait is the
 * server's own `refreshAt − serverTime`: the phone's clock may be minutes off and is never used.
 */
export function useCheckInDisplay(sessionId: number | null): DisplayState {
  const shown = usePageShown()
  const [display, setDisplay] = useState<CheckInDisplay | undefined>(undefined)
  const [error, setError] = useState<ApiError | null>(null)
  const [behind, setBehind] = useState(false)

  useEffect(() => {
    if (sessionId === null || !shown) return undefined
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const load = async () => {
      try {
        const next = await getCheckInDisplay(sessionId)
        if (stopped) return
        setDisplay(next)
        setError(null)
        setBehind(false)
        if (next.state === 'closed') return
        const wait = Date.parse(next.refreshAt) - Date.parse(next.serverTime) + AFTER_CHANGE_MS
        timer = setTimeout(() => void load(), Math.min(LATEST_MS, Math.max(SOONEST_MS, wait)))
      } catch (failure) {
        if (stopped) return
        const problem = toApiError(failure)
        if (problem.code === NETWORK_ERROR || problem.status >= 500) {
          setBehind(true)
          timer = setTimeout(() => void load(), RETRY_MS)
        } else {
          setError(problem)
        }
      }
    }
    void load()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [sessionId, shown])

  return { display, error, behind }
}
