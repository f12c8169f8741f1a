import type { Category } from '@lp/shared'
import type { CreditEstimate, LearningAccountView, LearningRecordViewPage, RankingOptOut, RuleSetView } from './api/types'
import { api } from './request'

/** 学分银行 as the resident reads it: the account, the full history, the rules and what hours are worth. */

export const RECORDS_PAGE_SIZE = 20

export function getLearningAccount(): Promise<LearningAccountView> {
  return api.get('/api/me/learning-account')
}

/** Every learning record, newest first. */
export function listLearningRecords(cursor: string | null): Promise<LearningRecordViewPage> {
  return api.get('/api/me/learning-records', { query: { cursor: cursor ?? undefined, limit: RECORDS_PAGE_SIZE } })
}

/** 百姓学习之星: take part in the community ranking or not. */
export function setRankingOptOut(optOut: boolean): Promise<RankingOptOut> {
  return api.put('/api/me/ranking-opt-out', { body: { optOut } })
}

/** All versions of a district's rules (the default district when no area is given). Public. */
export function listRuleSets(areaId?: number): Promise<RuleSetView[]> {
  return api.get('/api/credit-rules', { query: { areaId } })
}

/** What these minutes would be worth today; for a signed-in resident also the room left under this year's caps. */
export function estimateCredits(category: Category, minutes: number): Promise<CreditEstimate> {
  return api.get('/api/credit-rules/estimate', { query: { category, minutes } })
}
