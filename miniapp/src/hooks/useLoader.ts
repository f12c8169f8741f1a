import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, toApiError } from '../services/request'

export interface Loaded<T> {
  data: T | undefined
  error: ApiError | null
  loading: boolean
  reload: () => void
}

/**
 * Runs `load` when the deps change (and on `reload`), keeping only the newest answer.
 * Pass `enabled = false` to wait, e.g. until the person has signed in.
 */
export function useLoader<T>(load: () => Promise<T>, deps: readonly unknown[], enabled = true): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(enabled)
  const [round, setRound] = useState(0)
  const latest = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    if (!enabled) {
      setLoading(false)
      return
    }
    const ticket = ++latest.current
    setLoading(true)
    setError(null)
    loadRef.current().then(
      (value) => {
        if (ticket !== latest.current) return
        setData(value)
        setLoading(false)
      },
      (failure: unknown) => {
        if (ticket !== latest.current) return
        setError(toApiError(failure))
        setLoading(false)
      }
    )
  }, [...deps, enabled, round])

  const reload = useCallback(() => setRound((n) => n + 1), [])
  return { data, error, loading, reload }
}
