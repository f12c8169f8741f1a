import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ORGANISATION_KIND_LABELS, ORGANISATION_STATUS_FOR_APPLICANT, RESIDENT_ORGANISATION_KINDS, type OrganisationKind } from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import OrganisationFields, { EMPTY_ORGANISATION_DRAFT, organisationDetails, type OrganisationDraft } from '../../../../components/OrganisationFields'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { applyForOrganisation, getOrganisation, listMyOrganisations, resubmitOrganisation } from '../../../../services/learning-organisations'
import { getMyProfile } from '../../../../services/profile'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { tellDone } from '../../../../utils/feedback'
import { formatDay } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import type { OrganisationView } from '../../../../services/api/types'
import ResidentOnly from '../../components/ResidentOnly'
import './index.scss'

const KINDS = RESIDENT_ORGANISATION_KINDS.map((value) => ({ value, label: ORGANISATION_KIND_LABELS[value] }))
const day = (date: string) => formatDay(`${date}T12:00:00+08:00`)

/** Each of the resident's organisations in full: the list leaves out the reason for a return. */
async function loadMine(): Promise<OrganisationView[]> {
  const list = await listMyOrganisations()
  return Promise.all(list.map((o) => getOrganisation(o.id)))
}

/** Where an organisation stands, in a sentence for its applicant. */
function standing(o: OrganisationView): string {
  switch (o.status) {
    case 'applied':
      return '已经交给街道，等待评估。'
    case 'recognised':
      return `${o.recognisedOn ? `${day(o.recognisedOn)}认定。` : ''}${o.reviewDueOn ? `每年复核一次，下次复核在${day(o.reviewDueOn)}以前。` : ''}`
    case 'returned':
      return `退回的原因：${o.returnReason ?? '没有写明'}。改好后可以重新提交。`
    case 'lapsed':
      return `${o.lapsedOn ? `${day(o.lapsedOn)}起` : ''}没有按时复核，认定已失效。可以重新提交申请。`
  }
}

/**
 * 学习型家庭和社团: a resident applies for one in their own community, with its members and plan,
 * and sees where each stands: 申请中, 已认定 (and the next review), 退回 with the reason, 已失效.
 */
export default function OrganisationsPage() {
  const user = useCurrentUser()
  const ready = !!user?.profileBound
  const mine = useLoader(loadMine, [user?.id], ready)
  const profile = useLoader(getMyProfile, [user?.id], ready)
  const [kind, setKind] = useState<OrganisationKind>('society')
  const [draft, setDraft] = useState<OrganisationDraft>(EMPTY_ORGANISATION_DRAFT)
  /** The returned or lapsed organisation being corrected; null: a new application. */
  const [again, setAgain] = useState<OrganisationView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const community = profile.data?.community ?? null

  const startAgain = (o: OrganisationView) => {
    setAgain(o)
    setKind(o.kind)
    // the phone is shown masked: it is typed again
    setDraft({ name: o.name, contactName: o.contactName, contactPhone: '', members: o.members.join('\n'), plan: o.plan })
    setError(null)
    void Taro.pageScrollTo({ selector: '#organisation-apply', duration: 200 })
  }

  const submit = async () => {
    if (!community) return
    setBusy(true)
    setError(null)
    try {
      if (again) await resubmitOrganisation(again.id, organisationDetails(draft))
      else await applyForOrganisation({ areaId: community.id, kind, ...organisationDetails(draft) })
      tellDone('已提交，等街道评估')
      setDraft(EMPTY_ORGANISATION_DRAFT)
      setAgain(null)
      mine.reload()
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    } catch (failure) {
      setError(toApiError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <ResidentOnly className='organisations-page' what='申请学习型家庭或社团'>
      <PageShell className='organisations-page'>
        <View className='organisations-page__intro muted'>
          一家人坚持一起学习，可以申请“学习型家庭”；大家常在一起学习的兴趣小组，可以申请“学习型社团”。由街道评估认定，以后每年复核一次。
        </View>

        <Section title='我申请的'>
          {mine.error ? <ErrorNotice error={mine.error} onRetry={mine.reload} /> : null}
          {mine.loading && !mine.data ? <LoadingNotice /> : null}
          {mine.data && !mine.data.length ? <EmptyNotice text='还没有申请过。' /> : null}
          {mine.data?.map((o) => (
            <View key={o.id} className='card organisation-item' id={`organisation-${o.id}`} data-status={o.status}>
              <View className='organisation-item__name'>{o.name}</View>
              <View className='muted'>
                {o.kindLabel} · {o.area.name} · {o.memberCount} 人
              </View>
              <View className={`organisation-item__status organisation-item__status--${o.status}`} id={`organisation-${o.id}-status`}>
                {ORGANISATION_STATUS_FOR_APPLICANT[o.status]}
              </View>
              <View className='organisation-item__standing'>{standing(o)}</View>
              {o.canResubmit ? (
                <Button id={`organisation-${o.id}-again`} size='large' fill='outline' block onClick={() => startAgain(o)}>
                  修改后重新提交
                </Button>
              ) : null}
            </View>
          ))}
        </Section>

        <View id='organisation-apply'>
          <Section title={again ? `重新提交：${again.name}` : '申请'}>
            {profile.error ? <ErrorNotice error={profile.error} onRetry={profile.reload} /> : null}
            <View className='card'>
              {again ? null : (
                <FormField label='申请什么'>
                  <ChipGroup id='organisation-kind' options={KINDS} isOn={(k) => k === kind} onTap={setKind} kind='one' />
                </FormField>
              )}
              <FormField label='所在社区' hint='只能申请您所在社区的'>
                <View className='organisation-apply__community' id='organisation-community'>
                  {community ? community.name : '正在读取…'}
                </View>
              </FormField>
              <OrganisationFields idPrefix='organisation-apply' draft={draft} onChange={setDraft} nameExample={kind === 'family' ? '李家读书屋' : '银龄书画社'} />
              {error ? (
                <View id='organisation-apply-error'>
                  <ErrorNotice error={error} />
                </View>
              ) : null}
              <Button id='organisation-apply-submit' type='primary' size='large' block loading={busy} disabled={!community} onClick={() => void submit()}>
                {again ? '重新提交' : '提交申请'}
              </Button>
              {again ? (
                <View className='button-row'>
                  <Button id='organisation-apply-cancel' fill='outline' size='large' block onClick={() => { setAgain(null); setDraft(EMPTY_ORGANISATION_DRAFT) }}>
                    不改了
                  </Button>
                </View>
              ) : null}
            </View>
          </Section>
        </View>
      </PageShell>
    </ResidentOnly>
  )
}
