import { View } from '@tarojs/components'
import { CheckInMethod, type CheckInResult } from '@lp/shared'
import { formatDayTime, studyHoursText } from '../../../../utils/time'
import CheckOutButton from '../../components/CheckOutButton'

interface Props {
  result: CheckInResult
  onChanged: (result: CheckInResult) => void
}

/** 签到成功: what for, how many 学时, and anything the resident should know about it. */
export default function ResultCard({ result, onChanged }: Props) {
  return (
    <View className={result.flagged ? 'checkin-result card checkin-result--flagged' : 'checkin-result card'} id='checkin-result'>
      <View className='checkin-result__mark'>✓</View>
      <View className='checkin-result__title'>签到成功</View>
      <View className='checkin-result__offering'>{result.offeringTitle}</View>
      <View className='checkin-result__hours'>
        {result.requiresCheckOut && !result.checkedOutAt ? '最多记' : '记'} {studyHoursText(result.minutes)}
      </View>
      <View className='checkin-result__line'>
        签到时间 {formatDayTime(result.checkedInAt)}
        {result.method === CheckInMethod.Proxy ? '（老师代签）' : ''}
      </View>
      {result.walkIn ? <View className='checkin-result__line'>您没有提前报名，已经为您现场报名。</View> : null}
      {result.offline ? <View className='checkin-result__line'>这是没有网络时扫的码，按扫码的时间签到。</View> : null}
      {result.flagged ? (
        <View className='checkin-result__flag' id='checkin-result-flag'>
          已经记下您的签到，老师会再核对一下{result.flagReason ? `（${result.flagReason}）` : ''}。
        </View>
      ) : null}
      {result.requiresCheckOut ? (
        result.checkedOutAt ? (
          <View className='checkin-result__line' id='checkin-result-checked-out'>
            已签退 {formatDayTime(result.checkedOutAt)}
          </View>
        ) : (
          <CheckOutButton checkIn={result} onCheckedOut={onChanged} />
        )
      ) : null}
      <View className='checkin-result__line muted'>学时在老师结束签到后记入您的学习账户。</View>
    </View>
  )
}
