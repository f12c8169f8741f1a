import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { AREA_LEVEL_LABELS, ROLE_LABELS } from '@lp/shared'
import { useRef } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import PageShell from '../../../../components/PageShell'
import WechatLinkButton from '../../../../components/WechatLinkButton'
import { useLoader } from '../../../../hooks/useLoader'
import { listCertifications } from '../../../../services/certifications'
import { listReviews } from '../../../../services/reviews'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import DashboardEntry from '../../components/DashboardEntry'
import { adminEntries } from './entries'
import './index.scss'

/** The admin's area and the work that can be done for it. */
export default function AdminHomePage() {
  const user = useCurrentUser()
  const reviews = useLoader(listReviews, [user?.id], isAdmin(user) && !!user?.area)
  const certifications = useLoader(() => listCertifications('pending'), [user?.id], isAdmin(user) && !!user?.area)
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) {
      reviews.reload()
      certifications.reload()
    }
    shownOnce.current = true
  })

  if (!user || !isAdmin(user)) {
    return (
      <PageShell className='admin-home'>
        <EmptyNotice text='这里是管理后台，请用管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  if (!user.area) {
    return (
      <PageShell className='admin-home'>
        <EmptyNotice text='您的账号还没有设置管理的地区，请联系区级管理员。' />
      </PageShell>
    )
  }

  return (
    <PageShell className='admin-home'>
      <View className='card' id='admin-who'>
        <View className='admin-home__name'>{user.displayName}，您好！</View>
        <View className='admin-home__area'>
          {ROLE_LABELS[user.role]} · {user.area.name}（{AREA_LEVEL_LABELS[user.area.level]}）
        </View>
      </View>

      <DashboardEntry areaId={user.area.id} />

      {adminEntries(user.area.name, user.area.level).map((entry) => {
        const waiting = entry.waiting ? (entry.waiting === 'reviews' ? reviews.data?.length : certifications.data?.length) : 0
        return (
          <View key={entry.key} className='admin-home__entry card'>
            <View className='card__title'>{entry.title}</View>
            <View className='muted'>{entry.text}</View>
            {waiting ? (
              <View className='admin-home__waiting' id={`admin-${entry.waiting}-waiting`}>
                有 {waiting} {entry.waiting === 'reviews' ? '项等待审核' : '份等待审核'}
              </View>
            ) : null}
            <View className='button-row'>
              {entry.buttons.map((b) => (
                <Button key={b.id} id={b.id} type={b.primary ? 'primary' : 'default'} size='large' block onClick={() => void Taro.navigateTo({ url: b.url })}>
                  {b.text}
                </Button>
              ))}
            </View>
          </View>
        )
      })}

      <WechatLinkButton />
    </PageShell>
  )
}
