import type { NotificationView } from './api/types'
import { api } from './request'

/** Messages to the resident about what they enrolled in, newest first. */
export function listNotifications(): Promise<NotificationView[]> {
  return api.get('/api/me/notifications')
}

export function markNotificationsRead(ids: number[]): Promise<void> {
  return api.post('/api/me/notifications/read', { body: { ids } })
}
