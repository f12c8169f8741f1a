import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, toApiError } from '../services/request'

export interface CursorPages<T> {
  items: T[]
  /** 0 for the first page. */
  index: number
  hasNext: boolean
  loading: boolean
  error: ApiError | null
  next: () => void
  previous: () => void
  retry: () => void
}

/** One page of a table as the server answers it. */
interface Paged<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * A table's pages for a query, one at a time (上一页/下一页). The server pages with cursors, so the
 * cursors of the pages seen are kept to go back; a new query starts again at the first page, and an
 * answer to an older query is dropped. `fetchPage` must not change between renders (a module function).
 */
export function useCursorPages<Q, T>(query: Q | null, fetchPage: (query: Q, cursor: string | null) => Promise<Paged<T>>): CursorPages<T> {
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const [index, setIndex] = useState(0)
  const [items, setItems] = useState<T[]>([])
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const ticket = useRef(0)

  const load = useCallback(
    (at: number, known: (string | null)[]) => {
      if (!query) return
      const mine = ++ticket.current
      setLoading(true)
      setError(null)
      fetchPage(query, known[at]).then(
        (page) => {
          if (mine !== ticket.current) return
          setItems(page.items)
          setIndex(at)
          setCursors([...known.slice(0, at + 1), page.nextCursor])
          setLoading(false)
        },
        (failure: unknown) => {
          if (mine !== ticket.current) return
          setItems([])
          setError(toApiError(failure))
          setLoading(false)
        }
      )
    },
    [query, fetchPage]
  )

  useEffect(() => load(0, [null]), [load])

  return {
    items,
    index,
    hasNext: cursors[index + 1] != null,
    loading,
    error,
    next: () => load(index + 1, cursors),
    previous: () => load(Math.max(0, index - 1), cursors),
    retry: () => load(index, cursors)
  }
}
