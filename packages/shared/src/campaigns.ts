import type { AreaSummary } from './api';

/**
 * 活动周 and 开放日 as campaigns: a campaign groups activities under one landing page with its own
 * figures. 开放日's day each year comes from the district's date rule, which is data (this file's
 * `CampaignDateRule`) so a district can read it in words and change it.
 */
export const CAMPAIGN_KINDS = ['learning_week', 'open_day', 'other'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_KIND_LABELS: Record<CampaignKind, string> = {
  learning_week: '活动周',
  open_day: '开放日',
  other: '其他主题活动',
};

export const CAMPAIGN_STATUSES = ['draft', 'published'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = { draft: '草稿', published: '已发布' };

/**
 * How a yearly day is found in a month. Weekdays are 1 (星期一) … 7 (星期日).
 * - `nth_weekday`: the n-th such weekday of the month (the third Friday of November).
 * - `week_of_month`: that weekday in the n-th week of the month, where weeks run Monday to Sunday
 *   and week 1 is the one holding the 1st (so week 3 is the week holding the 15th).
 * Both only allow n = 1…4 (nth_weekday) or 2…4 (week_of_month), so the day always lies in the month.
 */
export type CampaignRuleKind = 'nth_weekday' | 'week_of_month';
export const CAMPAIGN_RULE_KINDS: CampaignRuleKind[] = ['nth_weekday', 'week_of_month'];
export interface CampaignDateRule {
  kind: CampaignRuleKind;
  month: number;
  n: number;
  weekday: number;
}

/** Seed 003's 开放日, "每年11月第三周的周五", read as the third Friday of November. */
export const DEFAULT_OPEN_DAY_RULE: CampaignDateRule = { kind: 'nth_weekday', month: 11, n: 3, weekday: 5 };

export const CAMPAIGN_RULE_LIMITS: Record<CampaignRuleKind, { min: number; max: number }> = {
  nth_weekday: { min: 1, max: 4 },
  week_of_month: { min: 2, max: 4 },
};

const WEEKDAY_NAMES = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
const ORDINALS = ['', '一', '二', '三', '四', '五'];

/** What is wrong with a rule, in words for the form; empty when it is usable. */
export function campaignRuleProblems(rule: CampaignDateRule): string[] {
  const problems: string[] = [];
  if (!CAMPAIGN_RULE_KINDS.includes(rule.kind)) problems.push('请选择算日子的方法');
  if (!Number.isInteger(rule.month) || rule.month < 1 || rule.month > 12) problems.push('月份要在1到12之间');
  if (!Number.isInteger(rule.weekday) || rule.weekday < 1 || rule.weekday > 7) problems.push('请选择星期几');
  const limits = CAMPAIGN_RULE_LIMITS[rule.kind];
  if (limits && (!Number.isInteger(rule.n) || rule.n < limits.min || rule.n > limits.max)) {
    problems.push(rule.kind === 'nth_weekday' ? '只能选第一到第四个' : '只能选第二到第四周');
  }
  return problems;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
function isoWeekday(year: number, month: number, day: number): number {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

/** The day a rule gives in a year, as YYYY-MM-DD. The rule must be free of problems. */
export function campaignRuleDate(rule: CampaignDateRule, year: number): string {
  const first = isoWeekday(year, rule.month, 1);
  let day: number;
  if (rule.kind === 'nth_weekday') {
    // the first such weekday, then whole weeks on
    day = 1 + ((rule.weekday - first + 7) % 7) + (rule.n - 1) * 7;
  } else {
    // the Monday of week 1 may lie in the month before (day ≤ 0); week n starts 7·(n−1) days later
    const mondayOfWeekOne = 1 - (first - 1);
    day = mondayOfWeekOne + (rule.n - 1) * 7 + (rule.weekday - 1);
  }
  return `${year}-${pad(rule.month)}-${pad(day)}`;
}

/** 11月第三个星期五, or 11月第三周的星期五 (周一到周日算一周，含1日的是第一周). */
export function describeCampaignRule(rule: CampaignDateRule): string {
  const weekday = WEEKDAY_NAMES[rule.weekday] ?? '';
  if (rule.kind === 'nth_weekday') return `${rule.month}月第${ORDINALS[rule.n]}个${weekday}`;
  return `${rule.month}月第${ORDINALS[rule.n]}周的${weekday}（周一到周日算一周，含1日的是第一周）`;
}

/** 2026-11-20 → 2026年11月20日 */
export function formatChineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 11月第三个星期五：2026年11月20日 */
export function campaignRuleInWords(rule: CampaignDateRule, year: number): string {
  return `${describeCampaignRule(rule)}：${formatChineseDate(campaignRuleDate(rule, year))}`;
}

/** A campaign's dates in words: one day, or a span. */
export function campaignDatesInWords(startsOn: string, endsOn: string): string {
  if (startsOn === endsOn) return formatChineseDate(startsOn);
  const [y1] = startsOn.split('-');
  const [y2, m2, d2] = endsOn.split('-').map(Number);
  return `${formatChineseDate(startsOn)}至${String(y2) === y1 ? '' : `${y2}年`}${m2}月${d2}日`;
}

/** The district's 开放日 rule and, for the years around now, the day it gives and any day set by hand. */
export interface CampaignRuleSettings {
  district: AreaSummary;
  rule: CampaignDateRule;
  /** the rule in words */
  ruleText: string;
  /** true while the district keeps the default rule */
  isDefault: boolean;
  years: CampaignRuleYear[];
}

export interface CampaignRuleYear {
  year: number;
  /** what the rule gives */
  ruleDate: string;
  /** a day the district set instead, if any */
  overrideDate: string | null;
  /** the day that holds: the override, else the rule's */
  date: string;
}

/** What a campaign's activities added up to over its dates. Hours are minutes of learning records. */
export interface CampaignFigures {
  activities: number;
  sessionsHeld: number;
  participants: number;
  minutes: number;
}

export interface CampaignActivity {
  offeringId: number;
  title: string;
  areaName: string;
  schoolName: string;
  startsAt: string | null;
  endsAt: string | null;
  coverUrl: string | null;
}

export interface CampaignListItem {
  id: number;
  area: AreaSummary;
  kind: CampaignKind;
  title: string;
  year: number;
  startsOn: string;
  endsOn: string;
  /** the dates come from the district's 开放日 rule (and follow it when it changes) */
  followsRule: boolean;
  status: CampaignStatus;
  activityCount: number;
}

export interface CampaignView extends CampaignListItem {
  description: string;
  activities: CampaignActivity[];
  figures: CampaignFigures;
  /** the admin asking may change the campaign itself (its area is theirs) */
  editable?: boolean;
}

/** A published campaign as a teacher sees it for one of their offerings. */
export interface OfferingCampaignChoice {
  campaign: CampaignListItem;
  joined: boolean;
}
