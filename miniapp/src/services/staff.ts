import type { Role, StaffStatus } from '@lp/shared'
import type { StaffListItem, StaffListItemPage, StaffPasswordIssued } from './api/types'
import { api } from './request'

export const STAFF_PAGE_SIZE = 20

/** The roles a staff account may have: everyone but residents. */
export type StaffRole = Exclude<Role, typeof Role.Resident>

/** What the staff table shows: an area (subtree), maybe a role, school or status, maybe a search. */
export interface StaffQuery {
  areaId: number
  role: StaffRole | null
  schoolId: number | null
  status: StaffStatus | null
  /** Part of a name or username; empty for the plain list. */
  q: string
}

/** Where a staff member works: a teacher's school, or the node an admin manages. */
export type StaffPlace = { role: StaffRole; schoolId: number; areaId?: undefined } | { role: StaffRole; areaId: number; schoolId?: undefined }

export function listStaff(query: StaffQuery, cursor: string | null): Promise<StaffListItemPage> {
  return api.get('/api/admin/staff', {
    query: {
      areaId: query.areaId,
      role: query.role ?? undefined,
      schoolId: query.schoolId ?? undefined,
      status: query.status ?? undefined,
      q: query.q || undefined,
      cursor: cursor ?? undefined,
      limit: STAFF_PAGE_SIZE
    }
  })
}

/** A new account; the answer holds its temporary password, shown once. */
export function createStaff(account: { username: string; displayName: string } & StaffPlace): Promise<StaffPasswordIssued> {
  return api.post('/api/admin/staff', { body: account })
}

export function resetStaffPassword(userId: string): Promise<StaffPasswordIssued> {
  return api.post('/api/admin/staff/{userId}/password-reset', { path: { userId }, body: {} })
}

export function setStaffDisabled(userId: string, disabled: boolean): Promise<StaffListItem> {
  return disabled
    ? api.post('/api/admin/staff/{userId}/disable', { path: { userId } })
    : api.post('/api/admin/staff/{userId}/enable', { path: { userId } })
}

export function changeStaffScope(userId: string, place: StaffPlace): Promise<StaffListItem> {
  return api.put('/api/admin/staff/{userId}/scope', { path: { userId }, body: place })
}
