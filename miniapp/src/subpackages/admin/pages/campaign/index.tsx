import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import CampaignFigures from '../../../../components/CampaignFigures'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { useReloadOnReturn } from '../../../../hooks/useReloadOnReturn'
import type { CampaignView } from '../../../../services/api/types'
import { addCampaignActivity, getCampaign, publishCampaign, removeCampaignActivity } from '../../../../services/campaigns'
import { listOfferings } from '../../../../services/offerings'
import { useCurrentUser } from '../../../../services/session'
import { campaignLine, campaignStatusText } from '../../../../utils/campaigns'
import { tellDone, tellError } from '../../../../utils/feedback'
import { textParam } from '../../../../utils/params'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import './index.scss'

/** The campaign's activities, and the published offerings of the admin's area that could join it. */
function Activities({ campaign, areaId, onChanged }: { campaign: CampaignView; areaId: number; onChanged: (c: CampaignView) => void }) {
  const offerings = useLoader(() => listOfferings({ areaId, limit: 20 }), [areaId])
  const [busy, setBusy] = useState<number | null>(null)
  const inside = new Set(campaign.activities.map((a) => a.offeringId))
  const toggle = async (offeringId: number) => {
    setBusy(offeringId)
    try {
      onChanged(await (inside.has(offeringId) ? removeCampaignActivity(campaign.id, offeringId) : addCampaignActivity(campaign.id, offeringId)))
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(null)
    }
  }
  const candidates = (offerings.data?.items ?? []).filter((o) => !inside.has(o.id))
  return (
    <>
      <Section id='campaign-activities' title={`参加的课程活动（${campaign.activities.length} 个）`}>
        <View className='card'>
          {campaign.activities.length ? null : <View className='muted'>还没有课程活动，请从下面加入。</View>}
          {campaign.activities.map((a) => (
            <View className='campaign-page__row' key={a.offeringId} id={`campaign-activity-${a.offeringId}`}>
              <View>
                <View className='campaign-page__name'>{a.title}</View>
                <View className='muted'>
                  {a.schoolName}
                  {a.startsAt ? ` · ${formatDayTime(a.startsAt)}` : ''}
                </View>
              </View>
              <Button id={`campaign-remove-${a.offeringId}`} size='small' fill='outline' loading={busy === a.offeringId} onClick={() => void toggle(a.offeringId)}>
                移出
              </Button>
            </View>
          ))}
        </View>
      </Section>
      <Section id='campaign-candidates' title='可以加入的课程活动' note='本辖区已发布的课程和活动。'>
        <View className='card'>
          {offerings.error ? <ErrorNotice error={offerings.error} onRetry={offerings.reload} /> : null}
          {offerings.loading && !offerings.data ? <LoadingNotice /> : null}
          {offerings.data && !candidates.length ? <View className='muted'>没有可以加入的课程活动。</View> : null}
          {candidates.map((o) => (
            <View className='campaign-page__row' key={o.id}>
              <View className='campaign-page__name'>{o.title}</View>
              <Button id={`campaign-add-${o.id}`} size='small' loading={busy === o.id} onClick={() => void toggle(o.id)}>
                加入
              </Button>
            </View>
          ))}
        </View>
      </Section>
    </>
  )
}

/** One campaign: its facts and figures, publish or withdraw, edit, and its activities. */
export default function CampaignPage() {
  const user = useCurrentUser()
  const id = Number(textParam(useRouter().params.id)) || 0
  const allowed = id > 0 && isAdmin(user)
  const found = useLoader(() => getCampaign(id), [id], allowed)
  const [changed, setChanged] = useState<CampaignView | null>(null)
  const [publishing, setPublishing] = useState(false)

  // back from editing it: what it says may have changed
  useReloadOnReturn(() => {
    setChanged(null)
    found.reload()
  })

  if (!allowed) {
    return (
      <PageShell className='campaign-page'>
        <EmptyNotice text='请用管理员账号，从“活动周和开放日”进入。' actionText='返回' onAction={() => void Taro.navigateBack()} />
      </PageShell>
    )
  }
  const campaign = changed ?? found.data
  if (!campaign) {
    return <PageShell className='campaign-page'>{found.error ? <ErrorNotice error={found.error} onRetry={found.reload} /> : <LoadingNotice />}</PageShell>
  }

  const published = campaign.status === 'published'
  const togglePublished = async () => {
    setPublishing(true)
    try {
      setChanged(await publishCampaign(campaign.id, !published))
      tellDone(published ? '已撤回' : '已发布，居民可以看到了')
    } catch (error) {
      tellError(error)
    } finally {
      setPublishing(false)
    }
  }
  // an admin above the campaign's area picks from the campaign's area; one below it from their own
  const pickFrom = campaign.editable ? campaign.area.id : (user?.area?.id ?? campaign.area.id)

  return (
    <PageShell className='campaign-page'>
      <View className='card' id='campaign-facts' data-status={campaign.status}>
        <View className='card__title'>{campaign.title}</View>
        <View>{campaignLine(campaign)}</View>
        <InfoRow label='状态' value={campaignStatusText(campaign)} />
        {campaign.followsRule ? <InfoRow label='日子' value='按全区规定的开放日' /> : null}
        {campaign.description ? <View className='campaign-page__description'>{campaign.description}</View> : null}
        <CampaignFigures id='campaign-figures' figures={campaign.figures} />
        {campaign.editable ? (
          <View className='button-row'>
            <Button id='campaign-publish' type={published ? 'default' : 'primary'} size='large' block loading={publishing} onClick={() => void togglePublished()}>
              {published ? '撤回，改成草稿' : '发布'}
            </Button>
            <Button id='campaign-edit' size='large' block onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.adminCampaignForm, { id: campaign.id }) })}>
              修改
            </Button>
          </View>
        ) : (
          <View className='muted'>这是上级区域的活动。您可以把本辖区的课程活动加进来。</View>
        )}
        {published ? (
          <Button id='campaign-landing' size='large' block onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.campaign, { id: campaign.id }) })}>
            看居民看到的活动页
          </Button>
        ) : null}
      </View>
      <Activities campaign={campaign} areaId={pickFrom} onChanged={setChanged} />
    </PageShell>
  )
}
