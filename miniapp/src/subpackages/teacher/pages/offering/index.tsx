import { View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { EnrollmentStatus, OFFERING_STATUS_LABELS, OfferingStatus } from '@lp/shared'
import { useRef, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import OfferingFacts from '../../../../components/OfferingFacts'
import PageShell from '../../../../components/PageShell'
import ReasonForm from '../../../../components/ReasonForm'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { getOffering } from '../../../../services/offerings'
import { useCurrentUser } from '../../../../services/session'
import { cancelOffering, cancelSession, getRoster, submitOffering } from '../../../../services/teaching'
import { tellDone, tellError } from '../../../../utils/feedback'
import { idParam } from '../../../../utils/params'
import { ROUTES, isTeacher } from '../../../../utils/routes'
import { formatTimeRange } from '../../../../utils/time'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import CampaignChoices from '../../components/CampaignChoices'
import RosterList from '../../components/RosterList'
import { STATUS_EXPLAINED } from '../../status-text'
import type { OfferingDetail, SessionView } from '../../../../services/api/types'
import '../../status-label.scss'
import './index.scss'

const HAS_ROSTER: OfferingStatus[] = [OfferingStatus.Published, OfferingStatus.Cancelled, OfferingStatus.Finished]
/** Sessions of these can show the check-in QR, or (once over) their final roster. */
const HAS_CHECK_IN: OfferingStatus[] = [OfferingStatus.Published, OfferingStatus.Finished]

/** Which reason form is open: the whole offering's, or one session's. */
type Cancelling = { what: 'offering' } | { what: 'session'; sessionId: number } | null

/** One of the teacher's courses or activities: its status and next step, the roster, cancelling. */
export default function TeacherOfferingPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const id = idParam(params.id)
  const allowed = id !== null && isTeacher(user)
  const offering = useLoader(() => getOffering(id ?? 0), [id], allowed)
  const status = offering.data?.status
  const roster = useLoader(() => getRoster(id ?? 0), [id, status], allowed && status !== undefined && HAS_ROSTER.includes(status))
  const [cancelling, setCancelling] = useState<Cancelling>(null)
  const [busy, setBusy] = useState(false)

  // Back from the edit form: show what was saved.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) offering.reload()
    shownOnce.current = true
  })

  if (!allowed) {
    return (
      <PageShell className='teacher-offering'>
        <EmptyNotice text='请用教师账号，从“我的课程和活动”进入。' actionText='返回' onAction={() => void Taro.navigateBack()} />
      </PageShell>
    )
  }

  const refresh = () => {
    offering.reload()
    roster.reload()
  }

  const act = async (action: () => Promise<OfferingDetail>, done: string) => {
    setBusy(true)
    try {
      await action()
      setCancelling(null)
      tellDone(done)
      refresh()
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }

  const detail = offering.data
  if (!detail) {
    return (
      <PageShell className='teacher-offering'>
        {offering.error ? <ErrorNotice error={offering.error} onRetry={offering.reload} /> : <LoadingNotice />}
      </PageShell>
    )
  }

  const published = detail.status === OfferingStatus.Published
  const returned = detail.status === OfferingStatus.Draft && detail.reviewNote
  const now = Date.now()
  const sessionAction = (session: SessionView) => {
    const checkIn = HAS_CHECK_IN.includes(detail.status) && !session.cancelled ? (
      <Button
        id={`teacher-session-checkin-${session.id}`}
        className='teacher-offering__session-checkin'
        type='primary'
        fill='outline'
        onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.teacherCheckIn, { sessionId: session.id }) })}
      >
        签到
      </Button>
    ) : null
    const cancel = cancelPart(session)
    return checkIn || cancel ? (
      <View className='teacher-offering__session-actions'>
        {checkIn}
        {cancel}
      </View>
    ) : null
  }
  const cancelPart = (session: SessionView) => {
    if (!published || detail.sessions.length < 2 || session.cancelled || Date.parse(session.startsAt) < now) return null
    if (cancelling?.what === 'session' && cancelling.sessionId === session.id) {
      return (
        <View className='teacher-offering__reason'>
          <ReasonForm
            id={`session-${session.id}-reason`}
            confirmId={`session-${session.id}-cancel-confirm`}
            label='为什么取消这一次'
            hint='报了名的居民会收到这条消息。'
            placeholder='例如：老师生病，这次停课，下周照常。'
            confirmText='确定取消这一次'
            busy={busy}
            onConfirm={(reason) => void act(() => cancelSession(detail.id, session.id, reason), '已取消这一次')}
            onBack={() => setCancelling(null)}
            backText='不取消了'
          />
        </View>
      )
    }
    return (
      <View role='button' className='teacher-offering__session-cancel' id={`session-${session.id}-cancel`} onClick={() => setCancelling({ what: 'session', sessionId: session.id })}>
        取消这一次
      </View>
    )
  }

  // The session to open the check-in screen for without scrolling: the one running or next.
  const current = HAS_CHECK_IN.includes(detail.status) ? detail.sessions.find((s) => !s.cancelled && Date.parse(s.endsAt) > now) : undefined

  const entries = roster.data ?? []
  const enrolled = entries.filter((e) => e.status === EnrollmentStatus.Enrolled).length
  const waiting = entries.filter((e) => e.status === EnrollmentStatus.Waitlisted).length

  return (
    <PageShell className='teacher-offering'>
      <View className='card' id='offering-status'>
        <View className={`status-label status-label--${detail.status}`}>{returned ? '被退回' : OFFERING_STATUS_LABELS[detail.status]}</View>
        <View className='teacher-offering__explain'>{returned ? '管理员退回了，请按原因修改后再提交。' : STATUS_EXPLAINED[detail.status]}</View>
        {returned ? (
          <View className='teacher-offering__note' id='offering-review-note'>
            退回原因：{detail.reviewNote}
          </View>
        ) : null}

        {detail.status === OfferingStatus.Draft ? (
          <>
            <View className='button-row'>
              <Button
                id='offering-submit'
                type='primary'
                size='large'
                block
                loading={busy}
                onClick={() => void act(() => submitOffering(detail.id), '已提交审核')}
              >
                提交审核
              </Button>
            </View>
            <View className='button-row'>
              <Button
                id='offering-edit'
                size='large'
                block
                disabled={busy}
                onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.teacherOfferingForm, { id: detail.id }) })}
              >
                修改
              </Button>
            </View>
          </>
        ) : null}

        {published ? (
          cancelling?.what === 'offering' ? (
            <View className='teacher-offering__reason'>
              <ReasonForm
                id='offering-cancel-reason'
                confirmId='offering-cancel-confirm'
                label={`为什么取消整个${detail.sessions.length > 1 ? '课程' : '活动'}`}
                hint='报了名和在候补的居民都会收到这条消息。取消后不能恢复。'
                placeholder='例如：场地维修，本期暂停。'
                confirmText='确定取消'
                busy={busy}
                onConfirm={(reason) => void act(() => cancelOffering(detail.id, reason), '已取消')}
                onBack={() => setCancelling(null)}
                backText='不取消了'
              />
            </View>
          ) : (
            <View className='button-row'>
              <Button id='offering-cancel' type='danger' fill='outline' size='large' block onClick={() => setCancelling({ what: 'offering' })}>
                取消整个{detail.sessions.length > 1 ? '课程' : '活动'}
              </Button>
            </View>
          )
        ) : null}
      </View>

      {current ? (
        <View className='card teacher-offering__checkin' id='offering-checkin'>
          <View className='card__title'>签到</View>
          <View>
            {detail.sessions.length > 1 ? `第 ${current.seq} 次　` : ''}
            {formatTimeRange(current.startsAt, current.endsAt)}
          </View>
          <View className='muted'>出示签到二维码，看谁来了，给没有手机的居民代签。</View>
          <View className='button-row'>
            <Button
              id='offering-checkin-open'
              type='primary'
              size='large'
              block
              onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.teacherCheckIn, { sessionId: current.id }) })}
            >
              打开签到二维码
            </Button>
          </View>
        </View>
      ) : null}

      {HAS_ROSTER.includes(detail.status) ? (
        <Section id='offering-roster' title='报名名单' note={roster.data ? `已报名 ${enrolled} 人，名额 ${detail.capacity} 个${waiting ? `；候补 ${waiting} 人` : ''}。` : undefined}>
          {roster.error ? (
            <ErrorNotice error={roster.error} onRetry={roster.reload} />
          ) : !roster.data ? (
            <LoadingNotice />
          ) : entries.length ? (
            <View className='card'>
              <RosterList entries={entries} />
            </View>
          ) : (
            <EmptyNotice id='offering-roster-empty' text='还没有人报名。' />
          )}
        </Section>
      ) : null}

      {published ? <CampaignChoices offeringId={detail.id} /> : null}

      <Section title='居民看到的内容'>
        <OfferingFacts
          offering={detail}
          onTeacher={(teacher) => void Taro.navigateTo({ url: withQuery(ROUTES.learnTeacher, { id: teacher.id }) })}
          sessionAction={sessionAction}
        />
      </Section>
    </PageShell>
  )
}
