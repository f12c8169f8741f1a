import { View } from '@tarojs/components'
import { INDICATOR_BY_CODE } from '@lp/shared'
import { Fragment } from 'react'
import { STANDING_WORDS, barScale, changeText, fractionText, progressText, standingOf, targetText, valueText, whyNotJudged } from './figures'
import type { IndicatorValue, YearOverYear } from '../../../../services/api/types'

interface Props {
  /** In the order of the 任务分解表 (inTableOrder), the headline indicator left out. */
  indicators: IndicatorValue[]
  yoy: YearOverYear | undefined
}

/** Every other indicator under its 一级指标, as a bar against its target line, with 达标 or 未达标 written out. */
export default function IndicatorList({ indicators, yoy }: Props) {
  return (
    <View className='card dashboard-indicators' id='dashboard-indicators'>
      <View className='card__title'>各项指标</View>
      <View className='muted'>竖线是目标；绿色达标，红色未达标。</View>
      {indicators.map((v, i) => {
        const level1 = INDICATOR_BY_CODE[v.code].level1
        const heading = i === 0 || INDICATOR_BY_CODE[indicators[i - 1].code].level1 !== level1
        return (
          <Fragment key={v.code}>
            {heading ? <View className='dashboard-indicators__level1'>{level1}</View> : null}
            <IndicatorRow indicator={v} yoy={yoy} />
          </Fragment>
        )
      })}
    </View>
  )
}

/** The figure's warnings (a rate over 100%…), each a sentence saying what to check. */
export function IndicatorWarnings({ indicator }: { indicator: IndicatorValue }) {
  if (!indicator.warnings.length) return null
  return (
    <View className='dashboard-warning' id={`dashboard-warning-${indicator.code}`}>
      {indicator.warnings.map((w) => (
        <View key={w}>⚠ {w}</View>
      ))}
    </View>
  )
}

function IndicatorRow({ indicator, yoy }: { indicator: IndicatorValue; yoy: YearOverYear | undefined }) {
  const standing = standingOf(indicator)
  const { fill, mark } = barScale(indicator)
  const row = yoy?.comparable ? yoy.rows.find((r) => r.code === indicator.code) : undefined
  return (
    <View
      className={`dashboard-indicator dashboard-standing--${standing}`}
      id={`dashboard-indicator-${indicator.code}`}
      data-value={indicator.value ?? ''}
      data-numerator={indicator.numerator}
      data-denominator={indicator.denominator ?? ''}
      data-target={indicator.target}
      data-met={standing}
    >
      <View className='dashboard-indicator__head'>
        <View className='dashboard-indicator__label'>{indicator.label}</View>
        <View className='dashboard-standing'>{STANDING_WORDS[standing]}</View>
      </View>
      <View className='dashboard-indicator__numbers'>
        <View className='dashboard-indicator__value'>{valueText(indicator)}</View>
        <View className='muted'>{targetText(indicator)}</View>
      </View>
      <View className='dashboard-bar'>
        <View className='dashboard-bar__fill' style={{ width: `${fill > 0 ? Math.max(fill, 1) : 0}%` }} />
        <View className='dashboard-bar__mark' style={{ left: `${mark}%` }} />
      </View>
      <View className='dashboard-indicator__progress' id={`dashboard-progress-${indicator.code}`}>
        {progressText(indicator)}
      </View>
      <View className='dashboard-indicator__fraction'>{fractionText(indicator)}</View>
      <IndicatorWarnings indicator={indicator} />
      {standing === 'none' ? <View className='muted'>{whyNotJudged(indicator)}</View> : null}
      {row && row.change !== null ? (
        <View className='muted'>
          比{yoy?.previousYear}年 {changeText(row.change, indicator.unit)}
        </View>
      ) : null}
      <View className='dashboard-indicator__definition muted'>{INDICATOR_BY_CODE[indicator.code].definition}</View>
    </View>
  )
}
