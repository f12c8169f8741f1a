import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { listNotifications, markNotificationsRead } from '../../../../services/notifications'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { withQuery } from '../../../../utils/url'
import type { NotificationView } from '../../../../services/api/types'
import './index.scss'

function NotificationItem({ item }: { item: NotificationView }) {
  const open = () => {
    if (item.offeringId !== null) void Taro.navigateTo({ url: withQuery(ROUTES.learnDetail, { id: item.offeringId }) })
  }
  return (
    <View role='button' className={item.read ? 'notification card' : 'notification notification--unread card'} id={`notification-${item.id}`} onClick={open}>
      <View className='notification__title'>
        {item.read ? null : <View className='notification__dot'>新</View>}
        {item.title}
      </View>
      <View className='notification__body'>{item.body}</View>
      <View className='notification__footer'>
        <View className='muted'>{formatDayTime(item.createdAt)}</View>
        {item.offeringId !== null ? <View className='notification__link'>查看详情 ›</View> : null}
      </View>
    </View>
  )
}

/** 消息: changes to what the resident enrolled in; opening the page marks them read. */
export default function NotificationsPage() {
  const user = useCurrentUser()
  const messages = useLoader(listNotifications, [user?.id], user !== null)

  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) messages.reload()
    shownOnce.current = true
  })

  // Seen is read: the unread ones keep their mark on screen until the next visit.
  useEffect(() => {
    const unread = (messages.data ?? []).filter((m) => !m.read).map((m) => m.id)
    if (unread.length) {
      markNotificationsRead(unread).catch(() => {
        // Not marked this time; they stay unread and are marked on the next visit.
      })
    }
  }, [messages.data])

  if (!user) {
    return (
      <PageShell className='notifications-page'>
        <EmptyNotice text='登录后可以看到给您的消息。' actionText='登录' onAction={() => void Taro.navigateTo({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  return (
    <PageShell className='notifications-page'>
      {messages.error ? <ErrorNotice error={messages.error} onRetry={messages.reload} /> : null}
      {messages.loading && !messages.data ? <LoadingNotice /> : null}
      {messages.data ? (
        messages.data.length ? (
          <View id='notifications'>
            {messages.data.map((item) => (
              <NotificationItem key={item.id} item={item} />
            ))}
          </View>
        ) : (
          <EmptyNotice id='notifications-empty' text='还没有消息。您报名的课程和活动有变动时，会在这里告诉您。' />
        )
      ) : null}
    </PageShell>
  )
}
