import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PARTNER_SCOPE_LABELS, type PartnerScope } from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { issueConsent, listConsents, listPartners, revokeConsent } from '../../../../services/conversions'
import { useCurrentUser } from '../../../../services/session'
import { tellDone, tellError } from '../../../../utils/feedback'
import { formatDay } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import ResidentOnly from '../../components/ResidentOnly'
import type { ConsentView, IssuedConsent } from '../../../../services/api/types'
import { copyText } from '../../../../utils/privacy'
import './index.scss'

const SCOPES = Object.keys(PARTNER_SCOPE_LABELS) as PartnerScope[]
const DAY_CHOICES = [
  { value: '7', label: '7 天' },
  { value: '30', label: '30 天' },
  { value: '90', label: '3 个月' },
  { value: '365', label: '1 年' }
] as const
type DayChoice = (typeof DAY_CHOICES)[number]['value']

function stateOf(consent: ConsentView): { text: string; tone: 'on' | 'off' } {
  if (consent.revokedAt) return { text: `已收回（${formatDay(consent.revokedAt)}）`, tone: 'off' }
  if (!consent.active) return { text: `已过期（${formatDay(consent.expiresAt)}）`, tone: 'off' }
  return { text: `有效，到 ${formatDay(consent.expiresAt)}`, tone: 'on' }
}

/** 授权查询: let a partner institution query the resident's credits for a while, and take it back at any time. */
export default function ConsentsPage() {
  const user = useCurrentUser()
  const bound = !!user?.profileBound
  const partners = useLoader(listPartners, [user?.id], bound)
  const consents = useLoader(listConsents, [user?.id], bound)
  const [partnerId, setPartnerId] = useState<number | null>(null)
  // Nothing is chosen for the resident: each thing a partner may see is ticked by them.
  const [scopes, setScopes] = useState<PartnerScope[]>([])
  const [days, setDays] = useState<DayChoice>('30')
  const [problem, setProblem] = useState<string | null>(null)
  const [issuing, setIssuing] = useState(false)
  const [issued, setIssued] = useState<IssuedConsent | null>(null)
  const [revoking, setRevoking] = useState<string | null>(null)

  const issue = async () => {
    if (partnerId === null) return setProblem('请选给哪个机构。')
    if (!scopes.length) return setProblem('请至少选一项能查什么。')
    setProblem(null)
    setIssuing(true)
    try {
      setIssued(await issueConsent({ partnerId, scopes, days: Number(days) }))
      consents.reload()
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    } catch (error) {
      tellError(error)
    } finally {
      setIssuing(false)
    }
  }

  const revoke = async (consent: ConsentView) => {
    const { confirm } = await Taro.showModal({
      title: '收回授权',
      content: `收回后，${consent.partner.name}就不能再查询您的学分了。`,
      confirmText: '收回',
      cancelText: '再想想'
    })
    if (!confirm) return
    setRevoking(consent.id)
    try {
      await revokeConsent(consent.id)
      tellDone('已收回')
      if (issued?.consent.id === consent.id) setIssued(null)
      consents.reload()
    } catch (error) {
      tellError(error)
    } finally {
      setRevoking(null)
    }
  }

  const partnerOptions = (partners.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))
  const list = [...(consents.data ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || Date.parse(b.createdAt) - Date.parse(a.createdAt))

  return (
    <ResidentOnly className='consents-page' what='授权合作机构查询学分'>
      <PageShell className='consents-page'>
        {issued ? (
          <View className='card consent-token' id='consent-issued'>
            <View className='card__title'>给{issued.consent.partner.name}的授权码</View>
            <View className='consent-token__value' id='consent-token' data-token={issued.token}>
              {issued.token}
            </View>
            <View className='consent-token__how'>
              把这串授权码交给合作机构，它就能在有效期内查询您的学分；随时可以收回。
            </View>
            <View className='muted'>授权码只显示这一次，离开这页就看不到了。有效期到 {formatDay(issued.consent.expiresAt)}。</View>
            <View className='button-row'>
              <Button id='consent-token-copy' type='primary' size='large' block onClick={() => void copyText(issued.token)}>
                复制授权码
              </Button>
            </View>
            <View className='button-row'>
              <Button id='consent-token-done' size='large' block onClick={() => setIssued(null)}>
                已经交给对方了
              </Button>
            </View>
          </View>
        ) : null}

        <Section title='新的授权' note='只有您同意，合作机构才能查询您的学分。'>
          <View className='card'>
            {partners.error ? <ErrorNotice error={partners.error} onRetry={partners.reload} /> : null}
            {partners.loading && !partners.data ? <LoadingNotice /> : null}
            {partners.data && !partners.data.length ? <View className='muted'>现在还没有合作机构。</View> : null}
            {partnerOptions.length ? (
              <>
                <FormField label='给哪个机构'>
                  <ChipGroup
                    id='consent-partner'
                    options={partnerOptions}
                    isOn={(v) => v === String(partnerId)}
                    onTap={(v) => setPartnerId(Number(v))}
                  />
                </FormField>
                <FormField label='能查什么' hint='点一下选上，再点一下取消。'>
                  <ChipGroup
                    id='consent-scope'
                    kind='many'
                    options={SCOPES.map((s) => ({ value: s, label: PARTNER_SCOPE_LABELS[s] }))}
                    isOn={(v) => scopes.includes(v)}
                    onTap={(v) => setScopes((current) => (current.includes(v) ? current.filter((s) => s !== v) : [...current, v]))}
                  />
                </FormField>
                <FormField label='多长时间'>
                  <ChipGroup id='consent-days' options={DAY_CHOICES} isOn={(v) => v === days} onTap={setDays} />
                </FormField>
                {problem ? (
                  <View className='consents-page__problem' id='consent-problem'>
                    {problem}
                  </View>
                ) : null}
                <Button id='consent-issue' type='primary' size='large' block loading={issuing} onClick={() => void issue()}>
                  生成授权码
                </Button>
              </>
            ) : null}
          </View>
        </Section>

        <Section title='我给过的授权'>
          {consents.error ? <ErrorNotice error={consents.error} onRetry={consents.reload} /> : null}
          {consents.loading && !consents.data ? <LoadingNotice /> : null}
          {consents.data && !list.length ? <EmptyNotice id='consents-empty' text='您还没有授权过任何机构。' /> : null}
          {list.length ? (
            <View className='card' id='consents-list'>
              {list.map((consent) => {
                const state = stateOf(consent)
                return (
                  <View key={consent.id} className='consent-row' id={`consent-${consent.id}`} data-active={consent.active ? '1' : '0'}>
                    <View className='consent-row__name'>{consent.partner.name}</View>
                    <View className='muted'>{consent.scopes.map((s) => PARTNER_SCOPE_LABELS[s]).join('、')}</View>
                    <View className={`consent-row__state consent-row__state--${state.tone}`}>{state.text}</View>
                    {consent.active ? (
                      <Button
                        id={`consent-${consent.id}-revoke`}
                        type='danger'
                        fill='outline'
                        loading={revoking === consent.id}
                        onClick={() => void revoke(consent)}
                      >
                        收回授权
                      </Button>
                    ) : null}
                  </View>
                )
              })}
            </View>
          ) : null}
        </Section>
      </PageShell>
    </ResidentOnly>
  )
}
