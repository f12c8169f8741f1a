import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { useReloadOnReturn } from '../../../../hooks/useReloadOnReturn'
import { listCampaigns } from '../../../../services/campaigns'
import { useCurrentUser } from '../../../../services/session'
import { campaignLine, campaignStatusText } from '../../../../utils/campaigns'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import './index.scss'

/** 活动周 and 开放日: the campaigns of the admin's area, the ones above it and below it; new ones start here. */
export default function CampaignsPage() {
  const user = useCurrentUser()
  const list = useLoader(() => listCampaigns(), [user?.id], isAdmin(user))

  // back from a form or a campaign: the list may have changed
  useReloadOnReturn(list.reload)

  if (!user || !isAdmin(user)) {
    return (
      <PageShell className='campaigns-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const items = list.data ?? []
  return (
    <PageShell className='campaigns-page'>
      <View className='muted campaigns-page__note'>把课程和活动归到一个活动周或开放日下。发布以后，居民在首页能看到，点进去能看到有哪些活动、多少人参加。</View>
      <View className='button-row'>
        <Button id='campaigns-new' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminCampaignForm })}>
          新建活动周或开放日
        </Button>
        <Button id='campaigns-rules' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminCampaignRules })}>
          开放日定在哪一天
        </Button>
      </View>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <LoadingNotice /> : null}
      {list.data ? (
        items.length ? (
          <View id='campaigns-list' className='campaigns-page__list'>
            {items.map((c) => (
              <View
                role='button'
                key={c.id}
                className='card campaign-item'
                id={`campaign-item-${c.id}`}
                data-status={c.status}
                onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.adminCampaign, { id: c.id }) })}
              >
                <View className='campaign-item__head'>
                  <View className='campaign-item__title'>{c.title}</View>
                  <View className={`campaign-item__status campaign-item__status--${c.status}`}>{campaignStatusText(c)}</View>
                </View>
                <View>{campaignLine(c)}</View>
                <View className='muted'>{c.activityCount} 个课程活动</View>
              </View>
            ))}
          </View>
        ) : (
          <EmptyNotice id='campaigns-empty' text='还没有活动周或开放日。' />
        )
      ) : null}
    </PageShell>
  )
}
