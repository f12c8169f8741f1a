import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, type OrganisationKind } from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import OrganisationFields, { EMPTY_ORGANISATION_DRAFT, organisationDetails, type OrganisationDraft } from '../../../../components/OrganisationFields'
import { registerOrganisation } from '../../../../services/learning-organisations'
import { useCurrentUser } from '../../../../services/session'
import { errorText, tellDone } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import AreaDrill from '../../components/AreaDrill'
import { useAreaTrail } from '../../components/AreaDrill/useAreaTrail'
import './index.scss'

const KINDS = ORGANISATION_KINDS.map((value) => ({ value, label: ORGANISATION_KIND_LABELS[value] }))

/**
 * 登记学习型组织: an organisation of the admin's area or below, with its members and plan. It then
 * waits for the admin of the area above it; the server says in Chinese what is missing.
 */
export default function OrganisationFormPage() {
  const user = useCurrentUser()
  const ownAreaId = isAdmin(user) ? (user?.area?.id ?? null) : null
  const { trail, setTrail, error: treeError } = useAreaTrail(ownAreaId)
  const [kind, setKind] = useState<OrganisationKind>('society')
  const [draft, setDraft] = useState<OrganisationDraft>(EMPTY_ORGANISATION_DRAFT)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  if (!user || ownAreaId === null) {
    return (
      <PageShell className='organisation-form'>
        <EmptyNotice text='请用管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const area = trail.length ? trail[trail.length - 1] : null
  const submit = async () => {
    if (!area) return
    setBusy(true)
    setProblem(null)
    try {
      const made = await registerOrganisation({ areaId: area.id, kind, ...organisationDetails(draft) })
      tellDone('已登记，等上一级评估')
      void Taro.redirectTo({ url: withQuery(ROUTES.adminOrganisation, { id: made.id }) })
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className='organisation-form'>
      <View className='organisation-form__title'>登记学习型组织</View>
      <View className='muted organisation-form__note'>登记后，由它所在区域的上一级管理员按评估标准打分，认定或退回。联系电话只显示部分数字。</View>
      {problem ? (
        <View className='organisation-form__problem card' id='organisation-form-error'>
          {problem}
        </View>
      ) : null}
      <View className='card'>
        <FormField label='组织类型'>
          <ChipGroup id='organisation-form-kind' options={KINDS} isOn={(v) => v === kind} onTap={setKind} />
        </FormField>
        <FormField label='所在区域' hint='选到组织所在的街道或社区'>
          {treeError ? <ErrorNotice error={treeError} /> : null}
          {trail.length ? <AreaDrill trail={trail} onChange={setTrail} idPrefix='organisation-form' label='已选' /> : <LoadingNotice />}
        </FormField>
        <OrganisationFields idPrefix='organisation-form' draft={draft} onChange={setDraft} />
        <Button id='organisation-form-submit' type='primary' size='large' block loading={busy} disabled={!area} onClick={() => void submit()}>
          登记，交上一级评估
        </Button>
      </View>
    </PageShell>
  )
}
