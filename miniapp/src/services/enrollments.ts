import Taro from '@tarojs/taro'
import type { Schema } from './api/client'
import type { EnrollmentView, MyEnrollmentPage } from './api/types'
import { api } from './request'

export const ENROLLMENTS_PAGE_SIZE = 20

/** 报名: a place when there is one, otherwise a place in the waitlist. Asking twice changes nothing. */
export function enroll(offeringId: number): Promise<EnrollmentView> {
  return api.post('/api/offerings/{id}/enrollments', { path: { id: offeringId } })
}

export function cancelEnrollment(offeringId: number): Promise<EnrollmentView> {
  return api.delete('/api/offerings/{id}/enrollments/me', { path: { id: offeringId } })
}

/** The resident's enrollments, upcoming first. */
export function listMyEnrollments(cursor: string | null): Promise<MyEnrollmentPage> {
  return api.get('/api/me/enrollments', { query: { cursor: cursor ?? undefined, limit: ENROLLMENTS_PAGE_SIZE } })
}

/** The WeChat template for reminders before a session, or null when the server has none. */
export async function reminderTemplate(): Promise<string | null> {
  const { reminder } = await api.get('/api/subscriptions/templates', { auth: false })
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
  const body: Schema<'SubscriptionDto'>[] = [{ templateId, accepted }]
  await api.post('/api/me/subscriptions', { body })
  return accepted
}
