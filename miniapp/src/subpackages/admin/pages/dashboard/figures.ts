import {
  INDICATOR_BY_CODE, IndicatorCode, type IndicatorDefinition, LEARNER_SEGMENT_LABELS, POPULATION_LABELS, REGISTER_COUNT_LABELS, formatIndicatorProgress, formatIndicatorTarget, formatIndicatorValue, isRegisterCount,
} from '@lp/shared'
import { MINUTES_PER_STUDY_HOUR } from '../../../../utils/time'
import { formatCount } from '../../population-fields'
import type { IndicatorValue } from '../../../../services/api/types'

/** How an indicator stands: met, not met, or not to be judged (and why). */
export type Standing = 'met' | 'unmet' | 'none'

export function standingOf(v: IndicatorValue): Standing {
  if (v.met === true) return 'met'
  if (v.met === false) return 'unmet'
  return 'none'
}

export const STANDING_WORDS: Record<Standing, string> = { met: '达标', unmet: '未达标', none: '无法判断' }

/** What an indicator divides by: a population figure, or a count of the 成人教育工作者 register. */
function denominatorLabel(def: IndicatorDefinition): string {
  return isRegisterCount(def.denominator) ? REGISTER_COUNT_LABELS[def.denominator] : POPULATION_LABELS[def.denominator]
}

/** The reason an indicator cannot be judged, in words an administrator can act on. */
export function whyNotJudged(v: IndicatorValue): string {
  const def = INDICATOR_BY_CODE[v.code]
  if (!v.applicable && def.scope === 'urban') return '这一项只考核城市社区'
  if (!v.applicable && def.scope === 'rural') return '这一项只考核农村社区'
  if (v.denominator === null) return '这一年的人口数据还没有填写，无法计算'
  if (v.denominator === 0) return `${denominatorLabel(def)}为 0，无法计算`
  return '无法计算'
}

/**
 * "已服务 12,345 人 / 常住人口 20,000 人", "已创建学习型组织 9 个 / 各类组织 12 个": the numerator
 * and denominator in words.
 */
export function fractionText(v: IndicatorValue): string {
  const def = INDICATOR_BY_CODE[v.code]
  if (v.code === IndicatorCode.LearningOrganisations) {
    const over = v.denominator === null ? '组织数未填写' : `各类组织 ${formatCount(v.denominator)} 个`
    return `已创建学习型组织 ${formatCount(v.numerator)} 个 / ${over}`
  }
  if (v.code === IndicatorCode.StaffTraining) {
    return `继续教育学时达到要求 ${formatCount(v.numerator)} 人 / ${denominatorLabel(def)} ${formatCount(v.denominator ?? 0)} 人`
  }
  let counted: string
  if (v.code === IndicatorCode.Participation) counted = '已服务'
  else if (def.segment === null) counted = '在册专职工作者'
  else counted = LEARNER_SEGMENT_LABELS[def.segment]
  const over = v.denominator === null ? '人口未填写' : `${denominatorLabel(def)} ${formatCount(v.denominator)} 人`
  return `${counted} ${formatCount(v.numerator)} 人 / ${over}`
}

export const valueText = formatIndicatorValue

/** "完成目标的 62%": the value as a share of the target, never to be read as a share of the people. */
export const progressText = formatIndicatorProgress

export function targetText(v: IndicatorValue): string {
  return `目标 ${formatIndicatorTarget(v)}`
}

/** A change between two years: "+1.2 个百分点", "−0.30/万人", "持平". */
export function changeText(change: number, unit: IndicatorValue['unit']): string {
  const size = unit === 'rate' ? Math.round(change * 1000) / 10 : Math.round(change * 100) / 100
  if (size === 0) return '持平'
  const sign = size > 0 ? '+' : '−'
  const amount = unit === 'rate' ? `${Math.abs(size).toFixed(1)} 个百分点` : `${Math.abs(size).toFixed(2)}/万人`
  return `${sign}${amount}`
}

/** A count that went from `previous` to `current`: "+12%", "与去年持平", or null when there is nothing to compare with. */
export function growthText(current: number, previous: number): string | null {
  if (previous === 0) return null
  const percent = Math.round(((current - previous) / previous) * 1000) / 10
  if (percent === 0) return '持平'
  return `${percent > 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)}%`
}

/** 学时 with two decimals when small, so 人均 0.7 分钟 does not read as "0 学时". */
export function hoursText(minutes: number): string {
  const hours = minutes / MINUTES_PER_STUDY_HOUR
  if (hours >= 100) return `${formatCount(Math.round(hours))} 学时`
  if (hours >= 1) return `${Math.round(hours * 10) / 10} 学时`
  return `${Math.round(hours * 100) / 100} 学时`
}

export function percentText(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`
}

/**
 * Where a value sits on the bar, 0–100: rates on a 0–100% scale, per-10,000 figures on a scale
 * twice the target wide (or wider when the value is beyond it).
 */
export function barScale(v: IndicatorValue): { fill: number; mark: number } {
  const value = v.value ?? 0
  if (v.unit === 'rate') return { fill: clamp(value * 100), mark: clamp(v.target * 100) }
  const top = Math.max(v.target * 2, value * 1.1)
  return { fill: clamp((value / top) * 100), mark: clamp((v.target / top) * 100) }
}

const clamp = (n: number): number => Math.max(0, Math.min(100, n))

/** How a child area's tile is coloured by the 60% indicator: met, at least half way, further off, or unknown. */
export type Shade = 'met' | 'near' | 'far' | 'none'

export const SHADE_WORDS: Record<Shade, string> = { met: '达标', near: '过半', far: '差距大', none: '无数据' }

export function participationShade(v: IndicatorValue | undefined): Shade {
  if (!v || v.met === null || v.value === null) return 'none'
  if (v.met) return 'met'
  return v.value >= v.target / 2 ? 'near' : 'far'
}
