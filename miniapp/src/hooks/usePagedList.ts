import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, toApiError } from '../services/request'

export interface PagedList<T> {
  items: T[]
  /** The first page has arrived (so an empty list really is empty). */
  started: boolean
  /** Another page can be asked for. */
  hasMore: boolean
  loading: boolean
  error: ApiError | null
  loadMore: () => void
  /** Starts again from the first page, e.g. when the page is shown again. */
  reload: () => void
}

interface State<T> {
  items: T[]
  cursor: string | null
  started: boolean
}

/** One page of a list as the server answers it (an OfferingSummaryPage, a MyEnrollmentPage…). */
interface Paged<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * A list read a page at a time with the API's cursors. Changing `deps` starts over; an
 * answer that arrives after the filters changed is dropped.
 */
export function usePagedList<T>(load: (cursor: string | null) => Promise<Paged<T>>, deps: readonly unknown[], enabled = true): PagedList<T> {
  const [state, setState] = useState<State<T>>({ items: [], cursor: null, started: false })
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const ticket = useRef(0)
  const busy = useRef(false)
  const loadRef = useRef(load)
  loadRef.current = load
  const stateRef = useRef(state)
  stateRef.current = state

  const fetchPage = useCallback((cursor: string | null) => {
    const mine = ++ticket.current
    busy.current = true
    setLoading(true)
    setError(null)
    loadRef.current(cursor).then(
      (page) => {
        if (mine !== ticket.current) return
        setState((current) => ({
          items: cursor ? [...current.items, ...page.items] : page.items,
          cursor: page.nextCursor,
          started: true
        }))
        busy.current = false
        setLoading(false)
      },
      (failure: unknown) => {
        if (mine !== ticket.current) return
        setError(toApiError(failure))
        busy.current = false
        setLoading(false)
      }
    )
  }, [])

  useEffect(() => {
    if (!enabled) {
      ticket.current++
      busy.current = false
      setLoading(false)
      return
    }
    setState({ items: [], cursor: null, started: false })
    fetchPage(null)
  }, [...deps, enabled])

  const loadMore = useCallback(() => {
    if (busy.current) return
    const current = stateRef.current
    // A failed first page is retried from the start; otherwise carry on from the cursor.
    if (!current.started) fetchPage(null)
    else if (current.cursor) fetchPage(current.cursor)
  }, [fetchPage])

  const reload = useCallback(() => {
    if (enabled) fetchPage(null)
  }, [enabled, fetchPage])

  return {
    items: state.items,
    started: state.started,
    hasMore: state.started && state.cursor !== null,
    loading,
    error,
    loadMore,
    reload
  }
}
