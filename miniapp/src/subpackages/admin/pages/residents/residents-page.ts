import { useCursorPages, type CursorPages } from '../../../../hooks/useCursorPages'
import { listResidents, type ResidentQuery } from '../../../../services/admin'
import type { ResidentListItem } from '../../../../services/api/types'

export type ResidentPages = CursorPages<ResidentListItem>

/** The residents table's pages for a query (see useCursorPages). */
export function useResidentPages(query: ResidentQuery | null): ResidentPages {
  return useCursorPages(query, listResidents)
}
