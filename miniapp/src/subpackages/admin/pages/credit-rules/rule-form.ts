import { CreditRounding, MILLI_PER_CREDIT, ROUNDING_STEPS, RoundingStep, formatCredits, formatHours } from '@lp/shared'
import type { RuleSetInput } from '../../../../services/credit-rules'
import type { RuleSetView } from '../../../../services/api/types'
import { isDate } from '../../../../utils/time'

/** One category's rule as the admin types it: 学时 and 学分 as text, the rounding as chosen. */
export interface CategoryDraft {
  category: RuleSetView['rules'][number]['category']
  hours: string
  capCredits: string
  roundingStepMilli: RoundingStep
  rounding: CreditRounding
}

/** One row of the certificate table: its credits as text, and whether it stays in the new version. */
export interface AchievementDraft {
  achievement: RuleSetView['achievements'][number]
  credits: string
  kept: boolean
}

export interface RuleDraft {
  effectiveFrom: string
  overallCredits: string
  note: string
  rules: CategoryDraft[]
  achievements: AchievementDraft[]
}

/** A new version's first draft: exactly what `from` says, starting on `effectiveFrom`. */
export function draftOf(from: RuleSetView, effectiveFrom: string): RuleDraft {
  return {
    effectiveFrom,
    overallCredits: formatCredits(from.overallYearlyCapMilli),
    note: from.note,
    rules: from.rules.map((r) => ({
      category: r.category,
      hours: formatHours(r.minutesPerCredit),
      capCredits: formatCredits(r.yearlyCapMilli),
      roundingStepMilli: r.roundingStepMilli,
      rounding: r.rounding
    })),
    achievements: from.achievements.map((a) => ({ achievement: a, credits: formatCredits(a.creditsMilli), kept: true }))
  }
}

/** A positive number typed by a person with at most `decimals` places; null otherwise. */
function amount(text: string, decimals: number): number | null {
  const t = text.trim()
  if (!new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`).test(t)) return null
  return Number(t)
}

/** 2027-01-01 → 2027年1月1日 */
export function dayText(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/**
 * The request body the draft makes, or the first problem in it, said the way the admin will fix it.
 * The server checks all of this again; this only saves a round trip.
 */
export function inputOf(draft: RuleDraft, earliest: string, labelOf: (category: CategoryDraft['category']) => string): { input: RuleSetInput } | { problem: string } {
  if (!isDate(draft.effectiveFrom)) return { problem: '请选生效日期，或按 2027-01-01 的样子填写。' }
  if (draft.effectiveFrom < earliest) return { problem: `生效日期最早是 ${dayText(earliest)}（明天）：已经学过的不能按新规则重算。` }
  const overall = amount(draft.overallCredits, 3)
  if (overall === null || overall <= 0 || overall > 10_000) return { problem: '每人每年合计上限请填 0.001 到 10000 之间的学分数。' }
  const rules: RuleSetInput['rules'] = []
  for (const r of draft.rules) {
    const hours = amount(r.hours, 2)
    const minutes = hours === null ? 0 : Math.round(hours * 60)
    if (minutes < 1 || minutes > 100_000) return { problem: `${labelOf(r.category)}：多少学时记 1 学分，请填一个大于 0 的数，例如 10 或 7.5。` }
    const cap = amount(r.capCredits, 3)
    if (cap === null || cap > 1000) return { problem: `${labelOf(r.category)}：每年上限请填 0 到 1000 之间的学分数。` }
    rules.push({ category: r.category, minutesPerCredit: minutes, yearlyCapMilli: Math.round(cap * MILLI_PER_CREDIT), roundingStepMilli: r.roundingStepMilli, rounding: r.rounding })
  }
  const achievements: RuleSetInput['achievements'] = []
  for (const a of draft.achievements.filter((x) => x.kept)) {
    const credits = amount(a.credits, 3)
    if (credits === null || credits <= 0 || credits > 100) return { problem: `${a.achievement.name}（${a.achievement.level}）：学分请填 0.001 到 100 之间的数。` }
    achievements.push({ ...a.achievement, creditsMilli: Math.round(credits * MILLI_PER_CREDIT) })
  }
  return { input: { effectiveFrom: draft.effectiveFrom, overallYearlyCapMilli: Math.round(overall * MILLI_PER_CREDIT), note: draft.note.trim(), rules, achievements } }
}

/** Days an admin usually picks: tomorrow, the first of next month, 1 January next year (none before `earliest`). */
export function suggestedDays(earliest: string): { value: string; label: string }[] {
  const [y, m] = earliest.split('-').map(Number)
  const nextMonth = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`
  const newYear = `${y + 1}-01-01`
  const days = [
    { value: earliest, label: `明天（${dayText(earliest)}）` },
    { value: nextMonth, label: `下月1日（${dayText(nextMonth)}）` },
    { value: newYear, label: `明年1月1日（${dayText(newYear)}）` }
  ]
  return days.filter((d, i) => d.value >= earliest && days.findIndex((o) => o.value === d.value) === i)
}

/** The version a new one starting on `day` follows: the latest that starts on or before it. */
export function versionBefore(versions: RuleSetView[], day: string): RuleSetView | null {
  return [...versions].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom)).find((v) => v.effectiveFrom <= day) ?? null
}

export const ROUNDING_STEP_OPTIONS = ROUNDING_STEPS.map((step) => ({
  value: String(step),
  label: step === 1 ? '不取整' : step === 1000 ? '整学分' : `${formatCredits(step)} 学分`
}))

