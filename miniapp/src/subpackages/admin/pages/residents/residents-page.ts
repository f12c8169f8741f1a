import { useCallback, useEffect, useRef, useState } from 'react'
import { listResidents, type ResidentQuery } from '../../../../services/admin'
import { ApiError, toApiError } from '../../../../services/request'
import type { ResidentListItem } from '../../../../services/api/types'

export interface ResidentPages {
  items: ResidentListItem[]
  /** 0 for the first page. */
  index: number
  hasNext: boolean
  loading: boolean
  error: ApiError | null
  next: () => void
  previous: () => void
  retry: () => void
}

/**
 * The table's pages for a query, one at a time. The server pages with cursors, so the cursors of
 * the pages seen are kept to go back; a new query starts again at the first page, and an answer
 * to an older query is dropped.
 */
export function useResidentPages(query: ResidentQuery | null): ResidentPages {
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const [index, setIndex] = useState(0)
  const [items, setItems] = useState<ResidentListItem[]>([])
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const ticket = useRef(0)

  const load = useCallback(
    (at: number, known: (string | null)[]) => {
      if (!query) return
      const mine = ++ticket.current
      setLoading(true)
      setError(null)
      listResidents(query, known[at]).then(
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
    [query]
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
