import type { Schema } from './api/client'
import type { RuleSetVersions, RuleSetView } from './api/types'
import { api } from './request'

/** 转换规则 as the district's administrators keep them: every version on the calendar, and a new one. */

export type RuleSetInput = Schema<'RuleSetInputDto'>

/** The versions of the administrator's district, newest first, with today's day and the earliest allowed start. */
export function listRuleVersions(): Promise<RuleSetVersions> {
  return api.get('/api/credit-rules/versions')
}

/** Publishes a version from a future day; the server refuses a past day, a gap in the categories or no change at all. */
export function publishRuleSet(districtId: number, body: RuleSetInput): Promise<RuleSetView> {
  return api.post('/api/credit-rules/{districtId}', { path: { districtId }, body })
}
