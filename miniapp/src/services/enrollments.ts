import Taro from '@tarojs/taro'
import type { EnrollmentView, MyEnrollment, Page, SubscriptionRequest } from '@lp/shared'
import { api } from './request'

export const ENROLLMENTS_PAGE_SIZE = 20

/** 报名: a place when there is one, otherwise a place in the waitlist. Asking twice changes nothing. */
export function enroll(offeringId: number): Promise<EnrollmentView> {
  return api.post<EnrollmentView>(`/api/offerings/${offeringId}/enrollments`)
}

export function cancelEnrollment(offeringId: number): Promise<EnrollmentView> {
  return api.delete<EnrollmentView>(`/api/offerings/${offeringId}/enrollments/me`)
}

/** The resident's enrollments, upcoming first. */
export function listMyEnrollments(cursor: string | null): Promise<Page<MyEnrollment>> {
  return api.get<Page<MyEnrollment>>('/api/me/enrollments', { cursor, limit: ENROLLMENTS_PAGE_SIZE })
}

/** The WeChat template for reminders before a session, or null when the server has none. */
export async function reminderTemplate(): Promise<string | null> {
  const { reminder } = await api.get<{ reminder: string | null }>('/api/subscriptions/templates', undefined, { auth: false })
  return reminder
}

/**
 * Mini program only, and only from a tap: WeChat asks the person whether they want the
 * reminder, and the server is told the answer. Resolves to whether they accepted.
 */
export async function askForReminder(templateId: string): Promise<boolean> {
  let accepted = false
  try {
    // entityIds is Alipay's field; Taro's types ask for it everywhere.
    const answer = await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] })
    // The answer has one key per template id: 'accept', 'reject' or 'ban'.
    const verdict: unknown = Reflect.get(answer, templateId)
    accepted = verdict === 'accept'
  } catch {
    // Declined for good in WeChat's settings, or the phone cannot show the request: no reminder.
    accepted = false
  }
  const body: SubscriptionRequest[] = [{ templateId, accepted }]
  await api.post<void>('/api/me/subscriptions', body)
  return accepted
}
