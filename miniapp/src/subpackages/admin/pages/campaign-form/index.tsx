import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_KINDS, shanghaiDate, type CampaignKind } from '@lp/shared'
import { useEffect, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import TextBox from '../../../../components/TextBox'
import { useLoader } from '../../../../hooks/useLoader'
import { createCampaign, getCampaign, getCampaignRules, updateCampaign } from '../../../../services/campaigns'
import { useCurrentUser } from '../../../../services/session'
import { ruleDayText } from '../../../../utils/campaigns'
import { errorText, tellDone } from '../../../../utils/feedback'
import { textParam } from '../../../../utils/params'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button, Input } from '../../../../ui/nutui'
import AreaDrill from '../../components/AreaDrill'
import { useAreaTrail } from '../../components/AreaDrill/useAreaTrail'
import './index.scss'

const KINDS = CAMPAIGN_KINDS.map((value) => ({ value, label: CAMPAIGN_KIND_LABELS[value] }))
const DATE_SOURCES = [
  { value: 'rule', label: '按全区规定的日子' },
  { value: 'own', label: '自己定日子' }
] as const

/**
 * 新建或修改活动周、开放日: its area and kind (fixed once made), name, words, year and days. A 开放日
 * may take the district's day, shown in words with the date it gives that year.
 */
export default function CampaignFormPage() {
  const user = useCurrentUser()
  const id = Number(textParam(useRouter().params.id)) || null
  const ownAreaId = isAdmin(user) ? (user?.area?.id ?? null) : null
  const { trail, setTrail, error: treeError } = useAreaTrail(id === null ? ownAreaId : null)
  const existing = useLoader(() => getCampaign(id!), [id], id !== null && ownAreaId !== null)
  const rules = useLoader(() => getCampaignRules(), [user?.id], ownAreaId !== null)
  const thisYear = Number(shanghaiDate().slice(0, 4))
  const [kind, setKind] = useState<CampaignKind>('learning_week')
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [year, setYear] = useState(String(thisYear))
  const [followsRule, setFollowsRule] = useState(false)
  const [startsOn, setStartsOn] = useState('')
  const [endsOn, setEndsOn] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const loaded = existing.data
  useEffect(() => {
    if (!loaded) return
    setKind(loaded.kind)
    setTitle(loaded.title)
    setDescription(loaded.description)
    setYear(String(loaded.year))
    setFollowsRule(loaded.followsRule)
    setStartsOn(loaded.startsOn)
    setEndsOn(loaded.endsOn)
  }, [loaded])

  if (!user || ownAreaId === null) {
    return (
      <PageShell className='campaign-form'>
        <EmptyNotice text='请用管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  if (id !== null && !loaded) {
    return <PageShell className='campaign-form'>{existing.error ? <ErrorNotice error={existing.error} onRetry={existing.reload} /> : <LoadingNotice />}</PageShell>
  }

  const area = trail.length ? trail[trail.length - 1] : null
  const yearNumber = Number(year)
  const usesRule = kind === 'open_day' && followsRule
  const submit = async () => {
    setBusy(true)
    setProblem(null)
    const details = {
      title: title.trim(),
      description: description.trim(),
      year: yearNumber,
      followsRule: usesRule,
      ...(usesRule ? {} : { startsOn: startsOn.trim(), endsOn: endsOn.trim() })
    }
    try {
      const saved = id !== null ? await updateCampaign(id, details) : await createCampaign({ ...details, areaId: area!.id, kind })
      tellDone(id !== null ? '已保存' : '已建好，还没有发布')
      void Taro.redirectTo({ url: withQuery(ROUTES.adminCampaign, { id: saved.id }) })
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className='campaign-form'>
      <View className='campaign-form__title'>{id !== null ? '修改活动' : '新建活动周或开放日'}</View>
      {problem ? (
        <View className='campaign-form__problem card' id='campaign-form-error'>
          {problem}
        </View>
      ) : null}
      <View className='card'>
        {id === null ? (
          <>
            <FormField label='活动类型'>
              <ChipGroup id='campaign-form-kind' options={KINDS} isOn={(v) => v === kind} onTap={setKind} />
            </FormField>
            <FormField label='哪个区域的活动' hint='本辖区，或选到下面的街道、社区'>
              {treeError ? <ErrorNotice error={treeError} /> : null}
              {trail.length ? <AreaDrill trail={trail} onChange={setTrail} idPrefix='campaign-form' label='已选' /> : <LoadingNotice />}
            </FormField>
          </>
        ) : (
          <View className='campaign-form__fixed'>
            {CAMPAIGN_KIND_LABELS[kind]} · {loaded?.area.name}
          </View>
        )}
        <FormField label='活动名称' hint='2到40个字'>
          <Input id='campaign-form-title' value={title} placeholder='例如：2026年全民终身学习活动周' maxLength={40} onChange={setTitle} />
        </FormField>
        <FormField label='介绍' hint='可以不写'>
          <TextBox id='campaign-form-description' value={description} onChange={setDescription} maxLength={2000} placeholder='例如：这一周各社区学校开放课堂，欢迎大家来听课。' />
        </FormField>
        <FormField label='年份'>
          <Input id='campaign-form-year' type='number' value={year} placeholder='例如：2026' maxLength={4} onChange={setYear} />
        </FormField>
        {kind === 'open_day' ? (
          <FormField label='日子怎么定'>
            <ChipGroup id='campaign-form-date-source' options={DATE_SOURCES} isOn={(v) => (v === 'rule') === followsRule} onTap={(v) => setFollowsRule(v === 'rule')} />
          </FormField>
        ) : null}
        {usesRule ? (
          <View className='campaign-form__rule' id='campaign-form-rule'>
            {rules.data && yearNumber >= 2000 && yearNumber <= 2100 ? ruleDayText(rules.data, yearNumber) : rules.error ? <ErrorNotice error={rules.error} /> : <LoadingNotice />}
          </View>
        ) : (
          <>
            <FormField label='开始日期' hint='例如 2026-11-02'>
              <Input id='campaign-form-starts' value={startsOn} placeholder='例如：2026-11-02' maxLength={10} onChange={setStartsOn} />
            </FormField>
            <FormField label='结束日期' hint='只办一天的，和开始日期填一样'>
              <Input id='campaign-form-ends' value={endsOn} placeholder='例如：2026-11-08' maxLength={10} onChange={setEndsOn} />
            </FormField>
          </>
        )}
        <Button id='campaign-form-submit' type='primary' size='large' block loading={busy} disabled={id === null && !area} onClick={() => void submit()}>
          保存
        </Button>
      </View>
    </PageShell>
  )
}
