import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, toApiError } from '../services/request'

/** One page of a table as the server answers it. */
interface Paged {
  items: unknown[]
  nextCursor: string | null
}

/** The rows T of the page shown; P is the server's whole answer for it. */
export interface CursorPages<T, P = unknown> {
  items: T[]
  /** The whole answer of the page shown, for what comes with the items. */
  page: P | null
  /** 0 for the first page. */
  index: number
  hasNext: boolean
  loading: boolean
  error: ApiError | null
  next: () => void
  previous: () => void
  /** Loads the page shown again, e.g. after changing one of its rows. */
  retry: () => void
}

/**
 * A table's pages for a query, one at a time. The server pages with cursors, so the cursors of
 * the pages seen are kept to go back; a new query starts again at the first page, and an answer
 * to an older query is dropped. A null query loads nothing.
 */
export function useCursorPages<Q, P extends Paged>(
  query: Q | null,
  load: (query: Q, cursor: string | null) => Promise<P>
): CursorPages<P['items'][number], P> {
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const [index, setIndex] = useState(0)
  const [page, setPage] = useState<P | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const ticket = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const fetchPage = useCallback(
    (at: number, known: (string | null)[]) => {
      if (query === null) {
        setPage(null)
        return
      }
      const mine = ++ticket.current
      setLoading(true)
      setError(null)
      loadRef.current(query, known[at]).then(
        (answer) => {
          if (mine !== ticket.current) return
          setPage(answer)
          setIndex(at)
          setCursors([...known.slice(0, at + 1), answer.nextCursor])
          setLoading(false)
        },
        (failure: unknown) => {
          if (mine !== ticket.current) return
          setPage(null)
          setError(toApiError(failure))
          setLoading(false)
        }
      )
    },
    [query]
  )

  useEffect(() => fetchPage(0, [null]), [fetchPage])

  return {
    items: (page?.items ?? []) as P['items'][number][],
    page,
    index,
    hasNext: cursors[index + 1] != null,
    loading,
    error,
    next: () => fetchPage(index + 1, cursors),
    previous: () => fetchPage(Math.max(0, index - 1), cursors),
    retry: () => fetchPage(index, cursors)
  }
}
