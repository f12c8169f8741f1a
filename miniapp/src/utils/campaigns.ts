import { CAMPAIGN_KIND_LABELS, CAMPAIGN_STATUS_LABELS, campaignDatesInWords, campaignRuleDate, describeCampaignRule, formatChineseDate } from '@lp/shared'
import type { CampaignListItem, CampaignRuleSettings } from '../services/api/types'

/** 活动周 · 甲街道 · 2026年11月2日至11月8日 */
export function campaignLine(c: CampaignListItem): string {
  return `${CAMPAIGN_KIND_LABELS[c.kind]} · ${c.area.name} · ${campaignDatesInWords(c.startsOn, c.endsOn)}`
}

export const campaignStatusText = (c: CampaignListItem): string => CAMPAIGN_STATUS_LABELS[c.status]

/** The district's 开放日 of a year in words: 11月第三个星期五：2026年11月20日, or the day set by hand. */
export function ruleDayText(settings: CampaignRuleSettings, year: number): string {
  const set = settings.years.find((y) => y.year === year)
  if (set?.overrideDate) return `全区单独定的日子：${formatChineseDate(set.overrideDate)}`
  return `${describeCampaignRule(settings.rule)}：${formatChineseDate(set?.ruleDate ?? campaignRuleDate(settings.rule, year))}`
}
