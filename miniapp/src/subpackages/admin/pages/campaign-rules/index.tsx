import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { campaignRuleDate, describeCampaignRule, formatChineseDate, Role, type CampaignRuleKind } from '@lp/shared'
import { useEffect, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import type { CampaignRuleSettings, CampaignRuleYear } from '../../../../services/api/types'
import { getCampaignRules, saveCampaignRule, setCampaignYear } from '../../../../services/campaigns'
import { useCurrentUser } from '../../../../services/session'
import { errorText, tellDone } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import './index.scss'

const KINDS: { value: CampaignRuleKind; label: string }[] = [
  { value: 'nth_weekday', label: '第几个星期几' },
  { value: 'week_of_month', label: '第几周的星期几' }
]
const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}月` }))
const ORDINALS = ['一', '二', '三', '四']
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => ({ value: String(i + 1), label: `星期${d}` }))

/** One year's day: what the rule gives, and for the super-admin a day of their own instead. */
function YearRow({ row, canChange, onSaved }: { row: CampaignRuleYear; canChange: boolean; onSaved: (s: CampaignRuleSettings) => void }) {
  const [day, setDay] = useState(row.overrideDate ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async (date: string | null) => {
    setBusy(true)
    setProblem(null)
    try {
      onSaved(await setCampaignYear(row.year, date))
      tellDone(date ? '已单独定好这一年的日子' : '这一年已改回按规定')
      if (!date) setDay('')
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card campaign-rules__year' id={`campaign-year-${row.year}`}>
      <View className='campaign-rules__year-head'>
        {row.year}年：{formatChineseDate(row.date)}
      </View>
      <View className='muted'>{row.overrideDate ? `单独定的日子（按规定是${formatChineseDate(row.ruleDate)}）` : '按规定'}</View>
      {canChange ? (
        <>
          <FormField label='单独定一天' hint='例如遇到节假日要调整；不填就按规定'>
            <Input id={`campaign-year-${row.year}-day`} value={day} placeholder={`例如：${row.ruleDate}`} maxLength={10} onChange={setDay} />
          </FormField>
          {problem ? <View className='campaign-rules__problem'>{problem}</View> : null}
          <View className='button-row'>
            <Button id={`campaign-year-${row.year}-save`} size='large' block loading={busy} disabled={!day.trim()} onClick={() => void save(day.trim())}>
              用这一天
            </Button>
            {row.overrideDate ? (
              <Button id={`campaign-year-${row.year}-clear`} size='large' block fill='outline' loading={busy} onClick={() => void save(null)}>
                改回按规定
              </Button>
            ) : null}
          </View>
        </>
      ) : null}
    </View>
  )
}

/**
 * 开放日的规定: the rule in words and the day it gives in the years around now. The district's
 * super-admin changes the rule or a single year's day; 开放日 that follow the rule move with it.
 */
export default function CampaignRulesPage() {
  const user = useCurrentUser()
  const loaded = useLoader(() => getCampaignRules(), [user?.id], isAdmin(user))
  const [settings, setSettings] = useState<CampaignRuleSettings | null>(null)
  const [kind, setKind] = useState<CampaignRuleKind>('nth_weekday')
  const [month, setMonth] = useState('11')
  const [n, setN] = useState('3')
  const [weekday, setWeekday] = useState('5')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const current = settings ?? loaded.data
  useEffect(() => {
    if (!loaded.data) return
    const r = loaded.data.rule
    setKind(r.kind)
    setMonth(String(r.month))
    setN(String(r.n))
    setWeekday(String(r.weekday))
  }, [loaded.data])

  if (!user || !isAdmin(user)) {
    return (
      <PageShell className='campaign-rules'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  if (!current) {
    return <PageShell className='campaign-rules'>{loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : <LoadingNotice />}</PageShell>
  }

  const canChange = user.role === Role.SuperAdmin
  const draft = { kind, month: Number(month), n: Number(n), weekday: Number(weekday) }
  const nOptions = ORDINALS.map((o, i) => ({ value: String(i + 1), label: kind === 'nth_weekday' ? `第${o}个` : `第${o}周` })).filter((o) => kind === 'nth_weekday' || o.value !== '1')
  const nextYear = current.years[2]?.year ?? new Date().getFullYear() + 1
  const save = async () => {
    setBusy(true)
    setProblem(null)
    try {
      setSettings(await saveCampaignRule(draft))
      tellDone('规定已改好')
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className='campaign-rules'>
      <View className='card' id='campaign-rule-now'>
        <View className='card__title'>{current.district.name}的开放日</View>
        <View className='campaign-rules__text' id='campaign-rule-text'>
          每年{current.ruleText}
        </View>
        <View className='muted'>{current.isDefault ? '这是默认的规定：把“11月第三周的周五”读作11月的第三个星期五。' : '这是本区自己定的规定。'}</View>
      </View>
      <Section id='campaign-rule-years' title='最近几年的开放日'>
        {current.years.map((row) => (
          <YearRow key={`${row.year}-${row.date}`} row={row} canChange={canChange} onSaved={setSettings} />
        ))}
      </Section>
      {canChange ? (
        <Section id='campaign-rule-change' title='修改规定' note='改了以后，按规定的开放日会跟着改日子；单独定过的年份不变。'>
          <View className='card'>
            <FormField label='怎么算'>
              <ChipGroup id='campaign-rule-kind' options={KINDS} isOn={(v) => v === kind} onTap={(v) => { setKind(v); if (v === 'week_of_month' && n === '1') setN('2') }} />
            </FormField>
            {kind === 'week_of_month' ? <View className='muted'>周一到周日算一周，含1日的那一周是第一周。</View> : null}
            <FormField label='几月'>
              <ChipGroup id='campaign-rule-month' options={MONTHS} isOn={(v) => v === month} onTap={setMonth} />
            </FormField>
            <FormField label={kind === 'nth_weekday' ? '第几个' : '第几周'}>
              <ChipGroup id='campaign-rule-n' options={nOptions} isOn={(v) => v === n} onTap={setN} />
            </FormField>
            <FormField label='星期几'>
              <ChipGroup id='campaign-rule-weekday' options={WEEKDAYS} isOn={(v) => v === weekday} onTap={setWeekday} />
            </FormField>
            <View className='campaign-rules__preview' id='campaign-rule-preview'>
              {describeCampaignRule(draft)}：{formatChineseDate(campaignRuleDate(draft, nextYear))}
            </View>
            {problem ? <View className='campaign-rules__problem' id='campaign-rule-error'>{problem}</View> : null}
            <Button id='campaign-rule-save' type='primary' size='large' block loading={busy} onClick={() => void save()}>
              保存规定
            </Button>
          </View>
        </Section>
      ) : (
        <View className='muted campaign-rules__note'>规定由区里定。需要调整请联系区管理员。</View>
      )}
    </PageShell>
  )
}
