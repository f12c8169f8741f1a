import { View } from '@tarojs/components'
import { CheckInMethod } from '@lp/shared'
import { useEffect } from 'react'
import { getCheckIn, rememberResult } from '../../../../services/check-ins'
import { formatDayTime, studyHoursText } from '../../../../utils/time'
import CheckOutButton from '../../components/CheckOutButton'
import type { CheckInResult } from '../../../../services/api/types'

interface Props {
  result: CheckInResult
  onChanged: (result: CheckInResult) => void
}

/** What the teacher's review of a flagged check-in means for the resident, in their words. */
function reviewText(result: CheckInResult): string {
  const why = result.flagReason ? `（${result.flagReason}）` : ''
  if (result.review === 'confirmed') return `老师已经核对，确认了您的签到${why}。`
  if (result.review === 'rejected') return `您的签到没有通过老师核对，不记学时。原因：${result.reviewNote ?? '未说明'}。有疑问请联系老师。`
  return `待核对：已经记下您的签到${why}，老师核对确认后才记学时，结果会通知您。`
}

/** 签到成功: what for, how many 学时, and anything the resident should know about it. */
export default function ResultCard({ result, onChanged }: Props) {
  // a check-in waiting for the teacher: show the decision if it was made meanwhile
  const waiting = result.review === 'pending'
  useEffect(() => {
    if (!waiting) return undefined
    let live = true
    getCheckIn(result.id).then(
      (now) => {
        if (!live || now.review === 'pending') return
        rememberResult(now)
        onChanged(now)
      },
      () => undefined // the stored result stays; the notification will tell the decision
    )
    return () => {
      live = false
    }
  }, [result.id, waiting, onChanged])

  return (
    <View className={result.flagged ? 'checkin-result card checkin-result--flagged' : 'checkin-result card'} id='checkin-result'>
      <View className='checkin-result__mark'>✓</View>
      <View className='checkin-result__title'>签到成功</View>
      <View className='checkin-result__offering'>{result.offeringTitle}</View>
      <View className='checkin-result__hours' id='checkin-result-hours'>
        {result.review === 'rejected' ? '不记学时' : `${result.requiresCheckOut && !result.checkedOutAt ? '最多记' : '记'} ${studyHoursText(result.minutes)}`}
      </View>
      <View className='checkin-result__line'>
        签到时间 {formatDayTime(result.checkedInAt)}
        {result.method === CheckInMethod.Proxy ? '（老师代签）' : ''}
      </View>
      {result.walkIn ? <View className='checkin-result__line'>您没有提前报名，已经为您现场报名。</View> : null}
      {result.offline ? <View className='checkin-result__line'>这是没有网络时扫的码，按扫码的时间签到。</View> : null}
      {result.flagged ? (
        <View className='checkin-result__flag' id='checkin-result-flag'>
          {reviewText(result)}
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
