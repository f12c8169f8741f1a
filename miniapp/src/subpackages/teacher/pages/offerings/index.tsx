import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { OFFERING_STATUS_LABELS, OfferingStatus } from '@lp/shared'
import { useRef } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import OfferingCard from '../../../../components/OfferingCard'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { useCurrentUser } from '../../../../services/session'
import { listMyOfferings } from '../../../../services/teaching'
import { ROUTES, isTeacher } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import type { TeacherOffering } from '../../../../services/api/types'
import '../../status-label.scss'
import './index.scss'

/** Drafts and returned ones first: they wait for the teacher. */
const ORDER: OfferingStatus[] = [
  OfferingStatus.Draft,
  OfferingStatus.PendingReview,
  OfferingStatus.Published,
  OfferingStatus.Finished,
  OfferingStatus.Cancelled
]

function sorted(offerings: TeacherOffering[]): TeacherOffering[] {
  return [...offerings].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status))
}

function StatusLine({ offering }: { offering: TeacherOffering }) {
  const returned = offering.status === OfferingStatus.Draft && offering.reviewNote
  return (
    <View className='teacher-offering__status'>
      <View className={`status-label status-label--${offering.status}`}>{returned ? '被退回' : OFFERING_STATUS_LABELS[offering.status]}</View>
      {offering.status === OfferingStatus.Published || offering.status === OfferingStatus.Finished ? (
        <View className='muted'>
          已报名 {offering.enrolledCount} 人{offering.waitlistCount ? `，候补 ${offering.waitlistCount} 人` : ''}
        </View>
      ) : null}
      {returned ? <View className='teacher-offering__note'>退回原因：{offering.reviewNote}</View> : null}
    </View>
  )
}

/** 我的课程和活动: everything of the teacher's school, in every status. */
export default function TeacherOfferingsPage() {
  const user = useCurrentUser()
  const offerings = useLoader(listMyOfferings, [user?.id], isTeacher(user))

  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) offerings.reload()
    shownOnce.current = true
  })

  if (!user || !isTeacher(user)) {
    return (
      <PageShell className='teacher-offerings'>
        <EmptyNotice text='请用教师账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const open = (offering: { id: number }) => void Taro.navigateTo({ url: withQuery(ROUTES.teacherOffering, { id: offering.id }) })
  return (
    <PageShell className='teacher-offerings'>
      <Button id='teacher-offerings-new' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.teacherOfferingForm })}>
        发布新的课程或活动
      </Button>
      <View className='teacher-offerings__gap' />

      {offerings.error ? <ErrorNotice error={offerings.error} onRetry={offerings.reload} /> : null}
      {offerings.loading && !offerings.data ? <LoadingNotice /> : null}
      {offerings.data ? (
        offerings.data.length ? (
          <View id='teacher-offerings-list'>
            {sorted(offerings.data).map((offering) => (
              <View key={offering.id} id={`teacher-offering-${offering.id}`} className='teacher-offering'>
                <OfferingCard offering={offering} onOpen={open} hidePlaces extra={<StatusLine offering={offering} />} />
              </View>
            ))}
          </View>
        ) : (
          <EmptyNotice id='teacher-offerings-empty' text={`${user.school?.name ?? '您的学校'}还没有课程和活动。点上面的按钮发布第一个。`} />
        )
      ) : null}
    </PageShell>
  )
}
