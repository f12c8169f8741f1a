import type { NotificationView } from '@lp/shared'
import { api } from './request'

/** Messages to the resident about what they enrolled in, newest first. */
export function listNotifications(): Promise<NotificationView[]> {
  return api.get<NotificationView[]>('/api/me/notifications')
}

export function markNotificationsRead(ids: number[]): Promise<void> {
  return api.post<void>('/api/me/notifications/read', { ids })
}
