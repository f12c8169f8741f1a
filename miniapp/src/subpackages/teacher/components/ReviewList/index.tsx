import { View } from '@tarojs/components'
import { REVIEW_REASON_MAX, type CheckInDecision } from '@lp/shared'
import { useEffect, useState } from 'react'
import ReasonForm from '../../../../components/ReasonForm'
import { listAwaitingReview, reviewCheckIns } from '../../../../services/attendance'
import { tellDone, tellError } from '../../../../utils/feedback'
import { formatClock, formatDayTime } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import type { CheckInAwaitingReview } from '../../../../services/api/types'
import './index.scss'

interface Props {
  sessionId: number
  /** How many the roster says are waiting: the list is read again when it changes. */
  waiting: number
  /** After a decision, e.g. to read the roster again where it is not pushed. */
  onDecided: () => void
}

/**
 * 待核对: check-ins that could not be placed at the venue (no location, a poor fix, too far) earn
 * nothing until the teacher confirms them. 不通过 needs a reason, which the resident reads.
 */
export default function ReviewList({ sessionId, waiting, onDecided }: Props) {
  const [items, setItems] = useState<CheckInAwaitingReview[]>([])
  const [busy, setBusy] = useState(false)
  const [rejecting, setRejecting] = useState<number | null>(null)

  useEffect(() => {
    let live = true
    const load = waiting > 0 ? listAwaitingReview(sessionId) : Promise.resolve([])
    load.then(
      (list) => {
        if (live) setItems(list)
      },
      (error: unknown) => {
        if (live) tellError(error)
      }
    )
    return () => {
      live = false
    }
  }, [sessionId, waiting])

  if (!items.length) return null

  const decide = async (ids: number[], decision: CheckInDecision, reason?: string) => {
    setBusy(true)
    try {
      await reviewCheckIns(sessionId, { attendanceIds: ids, decision, reason })
      setItems((now) => now.filter((item) => !ids.includes(item.attendanceId)))
      setRejecting(null)
      tellDone(decision === 'confirm' ? '已确认' : '已标为不通过')
      onDecided()
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='card review-list' id='review-list'>
      <View className='card__title'>待核对 {items.length} 人</View>
      <View className='muted'>
        这些居民签到时没能确认在现场。确认后才记学时；不通过要写原因，居民会收到通知。到 {formatDayTime(items[0].decideBy)} 还没核对的，按本区规定处理。
      </View>
      {items.map((item) => (
        <View key={item.attendanceId} className='review-row' id={`review-${item.attendanceId}`}>
          <View className='review-row__name'>{item.residentName}</View>
          <View className='muted'>
            {item.phoneMasked} · {formatClock(item.checkedInAt)} 签到 · {item.flagReason}
          </View>
          {rejecting === item.attendanceId ? (
            <ReasonForm
              id={`review-reason-${item.attendanceId}`}
              label='不通过的原因'
              placeholder='例如：签到时不在活动现场'
              confirmText='不通过'
              busy={busy}
              maxLength={REVIEW_REASON_MAX}
              onConfirm={(reason) => void decide([item.attendanceId], 'reject', reason)}
              onBack={() => setRejecting(null)}
            />
          ) : (
            <View className='review-row__actions'>
              <Button id={`review-confirm-${item.attendanceId}`} type='primary' size='large' loading={busy} onClick={() => void decide([item.attendanceId], 'confirm')}>
                确认
              </Button>
              <Button id={`review-reject-${item.attendanceId}`} type='danger' fill='outline' size='large' disabled={busy} onClick={() => setRejecting(item.attendanceId)}>
                不通过
              </Button>
            </View>
          )}
        </View>
      ))}
      {items.length > 1 ? (
        <View className='button-row'>
          <Button id='review-confirm-all' type='primary' fill='outline' size='large' block loading={busy} onClick={() => void decide(items.map((i) => i.attendanceId), 'confirm')}>
            全部确认
          </Button>
        </View>
      ) : null}
    </View>
  )
}
