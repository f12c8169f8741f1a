import { View } from '@tarojs/components'
import { useMemo } from 'react'
import { useElderMode } from '../../../../hooks/useElderMode'
import EChart from '../../components/EChart'
import { gaugeOption } from './chart-options'
import { IndicatorWarnings } from './IndicatorList'
import { STANDING_WORDS, changeText, fractionText, progressText, standingOf, targetText, valueText, whyNotJudged } from './figures'
import type { IndicatorValue, YearOverYear } from '../../../../services/api/types'

interface Props {
  indicator: IndicatorValue
  yoy: YearOverYear | undefined
}

/** 全年接受教育服务成员占常住人口比例, the indicator the policy puts first: a dial, the figure and the numbers behind it. */
export default function HeadlineCard({ indicator, yoy }: Props) {
  const elder = useElderMode()
  const option = useMemo(() => gaugeOption(indicator, elder), [indicator, elder])
  const standing = standingOf(indicator)
  const row = yoy?.comparable ? yoy.rows.find((r) => r.code === indicator.code) : undefined
  return (
    <View
      className={`card dashboard-headline dashboard-standing--${standing}`}
      id={`dashboard-indicator-${indicator.code}`}
      data-value={indicator.value ?? ''}
      data-numerator={indicator.numerator}
      data-denominator={indicator.denominator ?? ''}
      data-target={indicator.target}
      data-met={standing}
    >
      <View className='card__title'>{indicator.label}</View>
      <EChart id='dashboard-gauge' className='dashboard-headline__gauge' option={option} label={`${valueText(indicator)}，${targetText(indicator)}`} />
      <View className='dashboard-headline__figure'>
        <View className='dashboard-headline__value'>{valueText(indicator)}</View>
        <View className='dashboard-standing'>{STANDING_WORDS[standing]}</View>
      </View>
      <View className='dashboard-headline__target'>{targetText(indicator)}</View>
      <View className='dashboard-headline__progress' id={`dashboard-progress-${indicator.code}`}>
        {progressText(indicator)}
      </View>
      <View className='dashboard-headline__fraction'>{fractionText(indicator)}</View>
      <IndicatorWarnings indicator={indicator} />
      {standing === 'none' ? <View className='muted'>{whyNotJudged(indicator)}</View> : null}
      {row && row.change !== null ? (
        <View className='dashboard-headline__change muted'>
          比{yoy?.previousYear}年（{valueText(row.previous)}）{changeText(row.change, indicator.unit)}
        </View>
      ) : null}
    </View>
  )
}
