import { View } from '@tarojs/components'
import { campaignDatesInWords, CAMPAIGN_KIND_LABELS } from '@lp/shared'
import { useState } from 'react'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import type { OfferingCampaignChoice } from '../../../../services/api/types'
import { getOfferingCampaigns, joinCampaign, leaveCampaign } from '../../../../services/campaigns'
import { tellDone, tellError } from '../../../../utils/feedback'
import { Button } from '../../../../ui/nutui'
import './index.scss'

/** The published 活动周 and 开放日 of the offering's area: the teacher joins the offering to one, or takes it out. */
export default function CampaignChoices({ offeringId }: { offeringId: number }) {
  const loaded = useLoader(() => getOfferingCampaigns(offeringId), [offeringId])
  const [changed, setChanged] = useState<OfferingCampaignChoice[] | null>(null)
  const [busy, setBusy] = useState<number | null>(null)
  const choices = changed ?? loaded.data
  const toggle = async (choice: OfferingCampaignChoice) => {
    setBusy(choice.campaign.id)
    try {
      setChanged(await (choice.joined ? leaveCampaign(offeringId, choice.campaign.id) : joinCampaign(offeringId, choice.campaign.id)))
      tellDone(choice.joined ? '已退出' : '已加入')
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(null)
    }
  }
  return (
    <Section id='offering-campaigns' title='活动周·开放日' note='加入后，居民在活动页上能看到这门课程或活动。'>
      {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
      {!choices && !loaded.error ? <LoadingNotice /> : null}
      {choices && !choices.length ? <View className='card muted'>现在没有可以加入的活动周或开放日。</View> : null}
      {choices?.map((choice) => (
        <View className='card campaign-choice' key={choice.campaign.id} id={`offering-campaign-${choice.campaign.id}`} data-joined={choice.joined}>
          <View className='campaign-choice__title'>{choice.campaign.title}</View>
          <View>
            {CAMPAIGN_KIND_LABELS[choice.campaign.kind]} · {campaignDatesInWords(choice.campaign.startsOn, choice.campaign.endsOn)}
          </View>
          {choice.joined ? <View className='campaign-choice__joined'>已加入</View> : null}
          <Button
            id={`offering-campaign-${choice.campaign.id}-toggle`}
            size='large'
            block
            type={choice.joined ? 'default' : 'primary'}
            loading={busy === choice.campaign.id}
            onClick={() => void toggle(choice)}
          >
            {choice.joined ? '退出这个活动' : '加入这个活动'}
          </Button>
        </View>
      ))}
    </Section>
  )
}
