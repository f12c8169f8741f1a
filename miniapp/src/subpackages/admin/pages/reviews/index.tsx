import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import OfferingCard from '../../../../components/OfferingCard'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { listReviews } from '../../../../services/reviews'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { withQuery } from '../../../../utils/url'
import type { ReviewItem } from '../../../../services/api/types'
import './index.scss'

function Submitted({ item }: { item: ReviewItem }) {
  return (
    <View className='review-item__by'>
      {item.schoolName} · {item.authorName} · {formatDayTime(item.submittedAt)} 提交
    </View>
  )
}

/** 课程活动审核: what teachers in the admin's area have submitted, oldest first. */
export default function ReviewsPage() {
  const user = useCurrentUser()
  const reviews = useLoader(listReviews, [user?.id], isAdmin(user))

  // Back from deciding one: it is gone from the list.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) reviews.reload()
    shownOnce.current = true
  })

  if (!user || !isAdmin(user)) {
    return (
      <PageShell className='reviews-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const items = [...(reviews.data ?? [])].sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt))
  const open = (offering: { id: number }) => void Taro.navigateTo({ url: withQuery(ROUTES.adminReview, { id: offering.id }) })
  return (
    <PageShell className='reviews-page'>
      <View className='muted reviews-page__note'>{user.area?.name}的教师提交的课程和活动。通过后居民就能看到并报名。</View>
      {reviews.error ? <ErrorNotice error={reviews.error} onRetry={reviews.reload} /> : null}
      {reviews.loading && !reviews.data ? <LoadingNotice /> : null}
      {reviews.data ? (
        items.length ? (
          <View id='reviews-list'>
            {items.map((item) => (
              <View key={item.id} id={`review-item-${item.id}`}>
                <OfferingCard offering={item} onOpen={open} hidePlaces extra={<Submitted item={item} />} />
              </View>
            ))}
          </View>
        ) : (
          <EmptyNotice id='reviews-empty' text='现在没有等待审核的课程和活动。' />
        )
      ) : null}
    </PageShell>
  )
}
