import { useEffect, useState } from 'react'
import type { LiveRoster } from '../../../services/api/types'
import { getLiveRoster, openRosterStream } from '../../../services/attendance'
import { ApiError, NETWORK_ERROR, toApiError } from '../../../services/request'
import { session } from '../../../services/session'
import { usePageShown } from './usePageShown'

export interface LiveRosterState {
  roster: LiveRoster | undefined
  /** A refusal that trying again will not change (e.g. not this teacher's session). */
  error: ApiError | null
  /** The connection dropped: what is shown may be behind until it is back. */
  behind: boolean
  /** Reads it again now (e.g. after a 代签 in the mini program). */
  refresh: () => void
}

const POLL_MS = 5000
const RETRY_FIRST_MS = 2000
const RETRY_MOST_MS = 30_000

interface Listener {
  roster: (roster: LiveRoster) => void
  /** Returns whether to keep trying. */
  trouble: (error: ApiError) => boolean
}

/**
 * Who has arrived, kept current while the page is on screen: in a browser over Server-Sent
 * Events (each check-in pushes the new roster), in the mini program by asking every 5 seconds.
 */
export function useLiveRoster(sessionId: number | null): LiveRosterState {
  const shown = usePageShown()
  const [roster, setRoster] = useState<LiveRoster | undefined>(undefined)
  const [error, setError] = useState<ApiError | null>(null)
  const [behind, setBehind] = useState(false)
  const [round, setRound] = useState(0)

  useEffect(() => {
    if (sessionId === null || !shown) return undefined
    const listener: Listener = {
      roster: (next) => {
        setRoster(next)
        setError(null)
        setBehind(false)
      },
      trouble: (failure) => {
        const passing = failure.code === NETWORK_ERROR || failure.status >= 500
        if (passing) setBehind(true)
        else setError(failure)
        return passing
      }
    }
    return process.env.TARO_ENV === 'h5' ? stream(sessionId, listener) : poll(sessionId, listener)
  }, [sessionId, shown, round])

  return { roster, error, behind, refresh: () => setRound((n) => n + 1) }
}

function poll(sessionId: number, listener: Listener): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const tick = async () => {
    try {
      const roster = await getLiveRoster(sessionId)
      if (stopped) return
      listener.roster(roster)
    } catch (failure) {
      if (stopped || !listener.trouble(toApiError(failure))) return
    }
    if (!stopped) timer = setTimeout(() => void tick(), POLL_MS)
  }
  void tick()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}

/**
 * Each (re)connection first reads the roster through the request layer, which refreshes an
 * expired access token (they last 15 minutes) and finds out at once when access is refused;
 * then the stream opens with the token that is now valid.
 */
function stream(sessionId: number, listener: Listener): () => void {
  let stopped = false
  let source: EventSource | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let wait = RETRY_FIRST_MS

  const retry = () => {
    timer = setTimeout(() => void open(), wait)
    wait = Math.min(wait * 2, RETRY_MOST_MS)
  }

  const open = async () => {
    try {
      const roster = await getLiveRoster(sessionId)
      if (stopped) return
      listener.roster(roster)
    } catch (failure) {
      if (!stopped && listener.trouble(toApiError(failure))) retry()
      return
    }
    const token = session.accessToken()
    if (!token) return
    // a garbled event is skipped: the next one carries the whole roster again
    const events = openRosterStream(sessionId, token, (next) => {
      wait = RETRY_FIRST_MS
      listener.roster(next)
    })
    source = events
    events.onerror = () => {
      events.close()
      source = null
      if (stopped) return
      listener.trouble(new ApiError(0, { code: NETWORK_ERROR, message: '实时名单断开了，正在重新连接。' }))
      retry()
    }
  }

  void open()
  return () => {
    stopped = true
    clearTimeout(timer)
    source?.close()
  }
}
