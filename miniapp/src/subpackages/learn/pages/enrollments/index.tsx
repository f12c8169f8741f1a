import { View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { EnrollmentStatus, OfferingStatus, Role } from '@lp/shared'
import { useRef, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import OfferingCard from '../../../../components/OfferingCard'
import PageShell from '../../../../components/PageShell'
import { usePagedList } from '../../../../hooks/usePagedList'
import { cancelEnrollment, listMyEnrollments } from '../../../../services/enrollments'
import { useCurrentUser } from '../../../../services/session'
import { tellDone, tellError } from '../../../../utils/feedback'
import { ROUTES } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import type { MyEnrollment } from '../../../../services/api/types'
import './index.scss'

function statusText(enrollment: MyEnrollment): string {
  if (enrollment.status === EnrollmentStatus.Cancelled) return '已取消报名'
  if (enrollment.offering.status === OfferingStatus.Cancelled) return '这个课程或活动已取消'
  if (enrollment.offering.status === OfferingStatus.Finished) return '已结束'
  if (enrollment.status === EnrollmentStatus.Waitlisted) return `候补第 ${enrollment.waitlistPosition ?? '-'} 位`
  return '已报名'
}

function canCancel(enrollment: MyEnrollment): boolean {
  return enrollment.status !== EnrollmentStatus.Cancelled && enrollment.offering.status === OfferingStatus.Published
}

/** 我的报名: what the resident signed up for, courses not over first (soonest first), finished ones after (latest first), and a way to drop out. */
export default function MyEnrollmentsPage() {
  const user = useCurrentUser()
  const isResident = user?.role === Role.Resident && user.profileBound
  const list = usePagedList(listMyEnrollments, [user?.id], isResident)
  const [cancelling, setCancelling] = useState<number | null>(null)

  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) list.reload()
    shownOnce.current = true
  })
  useReachBottom(list.loadMore)

  if (!user || !isResident) {
    return (
      <PageShell className='my-enrollments'>
        <EmptyNotice
          text={!user ? '登录后可以看到您报名的课程和活动。' : user.role === Role.Resident ? '请先填一次您的基本信息。' : '只有居民账号可以报名。'}
          actionText={!user ? '登录' : user.role === Role.Resident ? '去填写' : undefined}
          onAction={() => void Taro.navigateTo({ url: user ? ROUTES.bind : ROUTES.login })}
        />
      </PageShell>
    )
  }

  const cancel = async (enrollment: MyEnrollment) => {
    const waitlisted = enrollment.status === EnrollmentStatus.Waitlisted
    const { confirm } = await Taro.showModal({
      title: waitlisted ? '取消候补' : '取消报名',
      content: `确定不参加“${enrollment.offering.title}”了吗？`,
      confirmText: '确定取消',
      cancelText: '再想想'
    })
    if (!confirm) return
    setCancelling(enrollment.offeringId)
    try {
      await cancelEnrollment(enrollment.offeringId)
      tellDone('已取消')
      list.reload()
    } catch (error) {
      tellError(error)
    } finally {
      setCancelling(null)
    }
  }

  return (
    <PageShell className='my-enrollments'>
      <View id='my-enrollments'>
        {list.items.map((enrollment) => {
          const done = enrollment.status === EnrollmentStatus.Cancelled || enrollment.offering.status !== OfferingStatus.Published
          return (
            <View key={enrollment.id} id={`my-enrollment-${enrollment.offeringId}`} className={done ? 'my-enrollment my-enrollment--done' : 'my-enrollment'}>
              <OfferingCard
                offering={enrollment.offering}
                hidePlaces
                extra={
                  <View className='my-enrollment__footer'>
                    <View
                      className={
                        enrollment.status === EnrollmentStatus.Waitlisted ? 'my-enrollment__status my-enrollment__status--waiting' : 'my-enrollment__status'
                      }
                    >
                      {statusText(enrollment)}
                    </View>
                    {canCancel(enrollment) ? (
                      <Button
                        id={`my-enrollment-${enrollment.offeringId}-cancel`}
                        fill='outline'
                        loading={cancelling === enrollment.offeringId}
                        onClick={(event) => {
                          event.stopPropagation()
                          void cancel(enrollment)
                        }}
                      >
                        {enrollment.status === EnrollmentStatus.Waitlisted ? '取消候补' : '取消报名'}
                      </Button>
                    ) : null}
                  </View>
                }
              />
            </View>
          )
        })}
      </View>

      {list.error ? <ErrorNotice error={list.error} onRetry={list.loadMore} /> : null}
      {list.loading ? <LoadingNotice /> : null}

      {list.started && !list.items.length && !list.error ? (
        <EmptyNotice
          id='my-enrollments-empty'
          text='您还没有报名课程或活动。'
          actionText='去找课程和活动'
          onAction={() => void Taro.navigateTo({ url: ROUTES.learnList })}
        />
      ) : null}
      {list.hasMore && !list.loading && !list.error ? (
        <Button id='my-enrollments-more' block fill='outline' size='large' onClick={list.loadMore}>
          加载更多
        </Button>
      ) : null}
    </PageShell>
  )
}
