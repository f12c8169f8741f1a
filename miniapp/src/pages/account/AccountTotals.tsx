import { View } from '@tarojs/components'
import { formatCredits } from '@lp/shared'
import { studyHoursText } from '../../utils/time'
import type { LearningAccountView } from '../../services/api/types'

/** The balance, big, and the 学时 and 学分 of this year and of all years. */
export default function AccountTotals({ account }: { account: LearningAccountView }) {
  return (
    <View className='card account-totals'>
      <View className='account-totals__balance' id='account-balance' data-milli={account.balanceMilli}>
        <View className='account-totals__label'>现在可用</View>
        <View className='account-totals__big'>{formatCredits(account.balanceMilli)} 学分</View>
      </View>
      <View className='account-totals__grid'>
        <View className='account-totals__cell'>
          <View className='account-totals__label'>{account.year}年学时</View>
          <View className='account-totals__value' id='account-year-minutes' data-minutes={account.thisYear.minutes}>
            {studyHoursText(account.thisYear.minutes)}
          </View>
        </View>
        <View className='account-totals__cell'>
          <View className='account-totals__label'>{account.year}年学分</View>
          <View className='account-totals__value' id='account-year-credits' data-milli={account.thisYear.creditsMilli}>
            {formatCredits(account.thisYear.creditsMilli)} 学分
          </View>
        </View>
        <View className='account-totals__cell'>
          <View className='account-totals__label'>累计学时</View>
          <View className='account-totals__value' id='account-all-minutes' data-minutes={account.allTime.minutes}>
            {studyHoursText(account.allTime.minutes)}
          </View>
        </View>
        <View className='account-totals__cell'>
          <View className='account-totals__label'>累计学分</View>
          <View className='account-totals__value' id='account-all-credits' data-milli={account.allTime.creditsMilli}>
            {formatCredits(account.allTime.creditsMilli)} 学分
          </View>
        </View>
      </View>
      {account.allTime.creditsMilli !== account.balanceMilli ? (
        <View className='muted'>累计学分里已经用于转换的部分，不再算在“现在可用”里。</View>
      ) : null}
    </View>
  )
}
