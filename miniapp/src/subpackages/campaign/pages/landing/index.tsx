import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CAMPAIGN_KIND_LABELS, campaignDatesInWords } from '@lp/shared'
import { useEffect } from 'react'
import CampaignFigures from '../../../../components/CampaignFigures'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { getPublicCampaign } from '../../../../services/campaigns'
import { textParam } from '../../../../utils/params'
import { ROUTES } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import './index.scss'

/**
 * 活动周 or 开放日 landing page, open to anyone signed in or not (首页's banner, a shared link):
 * its dates and words, what it has added up to so far, and a card for each activity.
 */
export default function CampaignLandingPage() {
  const id = Number(textParam(useRouter().params.id)) || 0
  const found = useLoader(() => getPublicCampaign(id), [id], id > 0)
  const campaign = found.data

  useEffect(() => {
    if (campaign) void Taro.setNavigationBarTitle({ title: CAMPAIGN_KIND_LABELS[campaign.kind] })
  }, [campaign])

  if (!id) {
    return (
      <PageShell className='campaign-landing'>
        <EmptyNotice text='没有找到这个活动。' actionText='回首页' onAction={() => void Taro.reLaunch({ url: ROUTES.home })} />
      </PageShell>
    )
  }
  if (!campaign) {
    return <PageShell className='campaign-landing'>{found.error ? <ErrorNotice error={found.error} onRetry={found.reload} /> : <LoadingNotice />}</PageShell>
  }

  return (
    <PageShell className='campaign-landing'>
      <View className='campaign-landing__head' id='campaign-landing-head'>
        <View className='campaign-landing__kind'>
          {CAMPAIGN_KIND_LABELS[campaign.kind]} · {campaign.area.name}
        </View>
        <View className='campaign-landing__title' role='heading' aria-level={1}>
          {campaign.title}
        </View>
        <View className='campaign-landing__dates' id='campaign-landing-dates'>
          {campaignDatesInWords(campaign.startsOn, campaign.endsOn)}
        </View>
      </View>
      {campaign.description ? <View className='card campaign-landing__description'>{campaign.description}</View> : null}
      <Section id='campaign-landing-figures-section' title='活动开展情况'>
        <CampaignFigures id='campaign-landing-figures' figures={campaign.figures} />
      </Section>
      <Section id='campaign-landing-activities' title='有哪些课程和活动' note='点一个看详情和报名。'>
        {campaign.activities.length ? (
          campaign.activities.map((a) => (
            <View
              key={a.offeringId}
              role='link'
              className='card campaign-landing__activity'
              id={`campaign-landing-activity-${a.offeringId}`}
              onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.learnDetail, { id: a.offeringId }) })}
            >
              <View className='campaign-landing__activity-title'>{a.title}</View>
              <View>
                {a.schoolName} · {a.areaName}
              </View>
              {a.startsAt ? <View className='muted'>{formatDayTime(a.startsAt)} 开始</View> : null}
            </View>
          ))
        ) : (
          <EmptyNotice id='campaign-landing-empty' text='活动还在安排中，过几天再来看看。' />
        )}
      </Section>
      <View className='button-row'>
        <Button id='campaign-landing-home' size='large' block onClick={() => void Taro.reLaunch({ url: ROUTES.home })}>
          回首页
        </Button>
      </View>
    </PageShell>
  )
}
