import { View } from '@tarojs/components'
import { CATEGORY_LABELS, CREDIT_ROUNDING_LABELS, RuleChange, formatCredits } from '@lp/shared'
import type { RuleSetView } from '../../../../services/api/types'
import { studyHoursText } from '../../../../utils/time'
import { ROUNDING_STEP_OPTIONS } from './rule-form'

const stepText = (step: number) => ROUNDING_STEP_OPTIONS.find((o) => o.value === String(step))?.label ?? String(step)

/** What one version says: each category's rule, the yearly caps, the certificate table and its note. */
export function RuleSetTables({ set }: { set: RuleSetView }) {
  return (
    <View id={`rule-set-${set.version}`}>
      <View className='credit-rules__line'>每人每年合计最多 {formatCredits(set.overallYearlyCapMilli)} 学分</View>
      <View className='admin-table'>
        <View className='admin-table__row admin-table__head'>
          <View className='admin-table__cell'>学习类别</View>
          <View className='admin-table__cell'>多少学时记 1 学分</View>
          <View className='admin-table__cell'>每年最多</View>
          <View className='admin-table__cell'>保留到</View>
          <View className='admin-table__cell'>取整方式</View>
        </View>
        {set.rules.map((r) => (
          <View key={r.category} className='admin-table__row'>
            <View className='admin-table__cell'>{CATEGORY_LABELS[r.category]}</View>
            <View className='admin-table__cell'>{studyHoursText(r.minutesPerCredit)}</View>
            <View className='admin-table__cell'>{formatCredits(r.yearlyCapMilli)} 学分</View>
            <View className='admin-table__cell'>{stepText(r.roundingStepMilli)}</View>
            <View className='admin-table__cell'>{CREDIT_ROUNDING_LABELS[r.rounding]}</View>
          </View>
        ))}
      </View>
      {set.achievements.length ? (
        <View className='admin-table'>
          <View className='admin-table__row admin-table__head'>
            <View className='admin-table__cell admin-table__cell--wide'>证书、获奖</View>
            <View className='admin-table__cell'>计入类别</View>
            <View className='admin-table__cell'>认定学分</View>
          </View>
          {set.achievements.map((a) => (
            <View key={a.code} className='admin-table__row'>
              <View className='admin-table__cell admin-table__cell--wide'>
                {a.name}（{a.level}）
              </View>
              <View className='admin-table__cell'>{CATEGORY_LABELS[a.category]}</View>
              <View className='admin-table__cell'>{formatCredits(a.creditsMilli)} 学分</View>
            </View>
          ))}
        </View>
      ) : null}
      {set.note ? <View className='credit-rules__note'>{set.note}</View> : null}
    </View>
  )
}

/** "What changes": one row an item, as it read before and as it will read. */
export function ChangeTable({ changes }: { changes: RuleChange[] }) {
  return (
    <View className='admin-table' id='rule-changes'>
      <View className='admin-table__row admin-table__head'>
        <View className='admin-table__cell admin-table__cell--wide'>改了什么</View>
        <View className='admin-table__cell'>原来</View>
        <View className='admin-table__cell'>改为</View>
      </View>
      {changes.map((c, i) => (
        <View key={c.item} className='admin-table__row' id={`rule-change-${i}`}>
          <View className='admin-table__cell admin-table__cell--wide'>{c.item}</View>
          <View className='admin-table__cell credit-rules__before'>{c.before || '（空）'}</View>
          <View className='admin-table__cell credit-rules__after'>{c.after || '（空）'}</View>
        </View>
      ))}
    </View>
  )
}
