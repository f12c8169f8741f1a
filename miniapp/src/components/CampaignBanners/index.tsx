import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CAMPAIGN_KIND_LABELS, campaignDatesInWords } from '@lp/shared'
import { useLoader } from '../../hooks/useLoader'
import { getPublicCampaigns } from '../../services/campaigns'
import { ROUTES } from '../../utils/routes'
import { withQuery } from '../../utils/url'
import './index.scss'

const SHOWN = 3

interface Props {
  /** the resident's street (or the admin's area); undefined for the whole district */
  areaId: number | undefined
  /** asked for only once 首页's first cards are up */
  ready: boolean
}

/** A strip of the 活动周 and 开放日 on now or coming up near the reader; each opens its landing page. Nothing when there are none. */
export default function CampaignBanners({ areaId, ready }: Props) {
  const campaigns = useLoader(() => getPublicCampaigns(areaId), [areaId], ready)
  const shown = (campaigns.data ?? []).slice(0, SHOWN)
  if (!shown.length) return null
  return (
    <View className='campaign-banners' id='home-campaigns'>
      {shown.map((c) => (
        <View
          key={c.id}
          role='link'
          className='campaign-banner'
          id={`home-campaign-${c.id}`}
          onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.campaign, { id: c.id }) })}
        >
          <View className='campaign-banner__kind'>{CAMPAIGN_KIND_LABELS[c.kind]}</View>
          <View className='campaign-banner__title'>{c.title}</View>
          <View className='campaign-banner__when'>
            {campaignDatesInWords(c.startsOn, c.endsOn)} · {c.area.name}
          </View>
          <View className='campaign-banner__more'>看看有哪些活动 ›</View>
        </View>
      ))}
    </View>
  )
}
