import type { Schema } from './api/client'
import type { AccountTakenOver, ChildHandover, ChildView, GuardianInvitation } from './api/types'
import { api } from './request'

export type AddChildRequest = Schema<'AddChildDto'>
export type JoinAsGuardianRequest = Schema<'JoinAsGuardianDto'>

/** 我的孩子: the children a guardian added, and the guardian's consent for each. */

export function listMyChildren(): Promise<ChildView[]> {
  return api.get('/api/me/children')
}

export function addChild(body: AddChildRequest): Promise<ChildView> {
  return api.post('/api/me/children', { body })
}

/** Gives or withdraws the consent; withdrawn, nothing can be done for the child until it is given again. */
export function setChildConsent(childId: string, given: boolean): Promise<ChildView> {
  return api.put('/api/me/children/{childId}/consent', { path: { childId }, body: { given } })
}

/** A one-time code for the child's other guardian (a second parent), good for a day. */
export function inviteGuardian(childId: string): Promise<GuardianInvitation> {
  return api.post('/api/me/children/{childId}/invitations', { path: { childId } })
}

/** The invited guardian enters the code and gives their own consent. */
export function joinAsGuardian(body: JoinAsGuardianRequest): Promise<ChildView> {
  return api.post('/api/me/children/join', { body })
}

/** A one-time code that hands a child of 14 or older their own account. */
export function issueHandover(childId: string): Promise<ChildHandover> {
  return api.post('/api/me/children/{childId}/handover', { path: { childId } })
}

/** The child, logged in with their own WeChat, takes over the account their guardian kept. */
export function takeOverAccount(code: string): Promise<AccountTakenOver> {
  return api.post('/api/me/handover', { body: { code } })
}
