import type { AccessLogEntryPage, AccountClosed, MyAccessLogEntry, MyDataCopy } from './api/types'
import { api } from './request'
import { session } from './session'

/** Residents' rights over their data: who on the staff looked at it, and a copy of all of it. */

export function listMyAccessLog(): Promise<MyAccessLogEntry[]> {
  return api.get('/api/me/access-log')
}

/** Everything the portal holds about the resident; a few copies an hour (429 beyond). */
export function getMyDataCopy(): Promise<MyDataCopy> {
  return api.get('/api/me/data-export')
}

export interface AccessLogFilter {
  residentId?: string
  staffId?: string
  from?: string
  to?: string
}

export function listAccessLog(filter: AccessLogFilter, cursor: string | null): Promise<AccessLogEntryPage> {
  return api.get('/api/admin/access-log', { query: { ...filter, cursor: cursor ?? undefined } })
}

/** Closes the resident's own account for good; this phone is signed out at once (the server ends every other login). */
export async function closeMyAccount(): Promise<AccountClosed> {
  const closed = await api.post('/api/me/account/close', { body: { confirm: true } })
  session.clear()
  return closed
}
