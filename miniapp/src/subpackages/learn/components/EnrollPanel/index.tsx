import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { EnrollmentStatus } from '@lp/shared'
import { useState } from 'react'
import { askForReminder, cancelEnrollment, enroll } from '../../../../services/enrollments'
import { ApiError, toApiError } from '../../../../services/request'
import { tellDone, tellError } from '../../../../utils/feedback'
import { ROUTES } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import { enrollChoice, enrollmentSentence, isActive } from './state'
import type { CurrentUser, EnrollmentView, OfferingDetail } from '../../../../services/api/types'
import './index.scss'

interface Props {
  offering: OfferingDetail
  user: CurrentUser | null
  /** WeChat template for reminders (mini program only), or null. */
  reminderTemplate: string | null
  /** After enrolling or cancelling, to read the offering again. */
  onChanged: () => void
}

type Reminder = 'none' | 'offer' | 'asking' | 'accepted' | 'declined'

/** 报名 and 取消报名, and what the resident's place is; explains plainly when neither is possible. */
export default function EnrollPanel({ offering, user, reminderTemplate, onChanged }: Props) {
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<ApiError | null>(null)
  // The answer of the last 报名, shown until the offering is read again.
  const [justDone, setJustDone] = useState<EnrollmentView | null>(null)
  const [reminder, setReminder] = useState<Reminder>('none')

  const choice = enrollChoice(offering, user, Date.now())
  const open = choice.kind === 'cancel' || choice.kind === 'enroll'
  // Right after 报名 the answer is shown while the offering is read again.
  const known = isActive(offering.myEnrollment) ? offering.myEnrollment : justDone && isActive(justDone) ? justDone : null
  const mine = open ? known : null

  const doEnroll = async () => {
    setBusy(true)
    setRefusal(null)
    try {
      const result = await enroll(offering.id)
      setJustDone(result)
      tellDone(result.status === EnrollmentStatus.Waitlisted ? '已排上候补' : '报名成功')
      if (reminderTemplate) setReminder('offer')
      onChanged()
    } catch (error) {
      setRefusal(toApiError(error))
    } finally {
      setBusy(false)
    }
  }

  const doCancel = async () => {
    const waitlisted = mine?.status === EnrollmentStatus.Waitlisted
    const { confirm } = await Taro.showModal({
      title: waitlisted ? '取消候补' : '取消报名',
      content: waitlisted ? '确定不再候补了吗？' : '确定不参加了吗？取消后名额会让给候补的人。',
      confirmText: '确定取消',
      cancelText: '再想想'
    })
    if (!confirm) return
    setBusy(true)
    setRefusal(null)
    try {
      await cancelEnrollment(offering.id)
      setJustDone(null)
      setReminder('none')
      tellDone('已取消')
      onChanged()
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }

  const askReminder = async () => {
    if (!reminderTemplate) return
    setReminder('asking')
    try {
      setReminder((await askForReminder(reminderTemplate)) ? 'accepted' : 'declined')
    } catch (error) {
      setReminder('offer')
      tellError(error)
    }
  }

  return (
    <View className='enroll-panel card' id='detail-enroll-panel'>
      {mine ? (
        <View
          className={mine.status === EnrollmentStatus.Waitlisted ? 'enroll-panel__status enroll-panel__status--waiting' : 'enroll-panel__status'}
          id='detail-enrollment-status'
        >
          <View className='enroll-panel__status-title'>{mine.status === EnrollmentStatus.Waitlisted ? `候补第 ${mine.waitlistPosition ?? '-'} 位` : '已报名'}</View>
          <View>{enrollmentSentence(mine, offering)}</View>
        </View>
      ) : null}

      {refusal ? (
        <View className='enroll-panel__refusal' id='detail-enroll-refusal'>
          <View>{refusal.message}</View>
          {refusal.details.map((line) => (
            <View key={line}>{line}</View>
          ))}
        </View>
      ) : null}

      {reminder !== 'none' && mine ? (
        <View className='enroll-panel__reminder' id='detail-reminder'>
          {reminder === 'accepted' ? (
            '好的，上课前会在微信里提醒您。'
          ) : reminder === 'declined' ? (
            '您没有允许提醒，上课前不会在微信里提醒您。'
          ) : (
            <>
              <View>要在上课前用微信提醒您吗？</View>
              <View className='button-row'>
                <Button id='detail-remind' type='primary' fill='outline' block loading={reminder === 'asking'} onClick={askReminder}>
                  上课前提醒我
                </Button>
              </View>
            </>
          )}
        </View>
      ) : null}

      {mine ? (
        <Button id='detail-cancel' size='large' block loading={busy} onClick={doCancel}>
          {mine.status === EnrollmentStatus.Waitlisted ? '取消候补' : '取消报名'}
        </Button>
      ) : choice.kind === 'enroll' ? (
        <>
          {choice.full ? <View className='enroll-panel__note'>名额已经满了。现在报名会排进候补，有人取消时按先后补上。</View> : null}
          <Button id='detail-enroll' type='primary' size='large' block loading={busy} onClick={doEnroll}>
            {choice.full ? '排候补' : '报名'}
          </Button>
        </>
      ) : choice.kind === 'closed' ? (
        <View className='enroll-panel__note' id='detail-closed'>
          {choice.reason}
        </View>
      ) : choice.kind === 'login' ? (
        <Button id='detail-login' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.login })}>
          登录后报名
        </Button>
      ) : choice.kind === 'bind' ? (
        <>
          <View className='enroll-panel__note'>报名前请先填一次您的基本信息。</View>
          <Button id='detail-bind' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.bind })}>
            去填写
          </Button>
        </>
      ) : (
        <View className='enroll-panel__note' id='detail-staff'>
          教师和管理员账号不能报名。居民请用自己的微信报名。
        </View>
      )}
    </View>
  )
}
