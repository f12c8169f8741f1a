import { HEARTBEAT_SECONDS, OnlineLearningError } from '@lp/shared'
import { useEffect, useRef, useState } from 'react'
import { sendHeartbeat, startPlayback } from '../../../../services/online-learning'
import { toApiError, type ApiError } from '../../../../services/request'
import type { PlaybackState } from '../../../../services/api/types'

interface Options {
  lessonId: number
  /** Enrolled and not yet credited: only then is anything sent. */
  counting: boolean
  /** Every answer of the server: progress, today's minutes, and whether this one credited the lesson. */
  onState: (state: PlaybackState) => void
  /** Another phone started the same lesson; the video should stop here. */
  onTakenOver: () => void
}

export interface PlaybackReporter {
  /** This phone no longer counts because another one took over. */
  takenOver: boolean
  /** The last failure other than a take-over (e.g. no network); the next report tries again. */
  problem: ApiError | null
  played: () => void
  paused: () => void
  ended: (duration: number) => void
  moved: (position: number) => void
  /** The page is hidden or closed: report what was watched and stop. */
  leave: () => void
  /** Count on this phone again, taking over from the other one. */
  takeBack: () => void
}

/**
 * Tells the server where the video is: when it starts, every HEARTBEAT_SECONDS while it plays,
 * and when it pauses, ends or the page goes away. The server alone decides what counts.
 */
export function usePlaybackReporter({ lessonId, counting, onState, onTakenOver }: Options): PlaybackReporter {
  const [takenOver, setTakenOver] = useState(false)
  const [problem, setProblem] = useState<ApiError | null>(null)
  const playbackId = useRef<string | null>(null)
  const position = useRef(0)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)
  const sending = useRef(false)
  const again = useRef(false)
  const blocked = useRef(false)
  const latest = useRef({ onState, onTakenOver, counting })
  latest.current = { onState, onTakenOver, counting }

  const stopTimer = () => {
    if (timer.current) clearInterval(timer.current)
    timer.current = null
  }

  const report = async (): Promise<void> => {
    if (!latest.current.counting || blocked.current) return
    if (sending.current) {
      again.current = true
      return
    }
    sending.current = true
    try {
      const state = playbackId.current
        ? await sendHeartbeat(lessonId, playbackId.current, position.current)
        : await startPlayback(lessonId, position.current)
      playbackId.current = state.playbackId
      setProblem(null)
      latest.current.onState(state)
    } catch (error) {
      const failure = toApiError(error)
      if (failure.code === OnlineLearningError.PlaybackTakenOver) {
        stopTimer()
        playbackId.current = null
        blocked.current = true
        setTakenOver(true)
        latest.current.onTakenOver()
      } else if (failure.code === OnlineLearningError.PlaybackNotFound) {
        playbackId.current = null
      } else {
        setProblem(failure)
      }
    } finally {
      sending.current = false
      if (again.current) {
        again.current = false
        void report()
      }
    }
  }

  const stop = () => {
    if (!timer.current) return
    stopTimer()
    void report()
  }

  useEffect(() => stopTimer, [])

  return {
    takenOver,
    problem,
    played: () => {
      void report()
      stopTimer()
      timer.current = setInterval(() => void report(), HEARTBEAT_SECONDS * 1000)
    },
    paused: stop,
    ended: (duration) => {
      position.current = duration
      stopTimer()
      void report()
    },
    moved: (at) => {
      position.current = at
    },
    leave: stop,
    takeBack: () => {
      blocked.current = false
      playbackId.current = null
      setTakenOver(false)
    }
  }
}
