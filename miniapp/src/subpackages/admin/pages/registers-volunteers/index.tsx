import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { VOLUNTEER_STATUS_LABELS, VolunteerStatus, shanghaiDate } from '@lp/shared'
import { useCallback, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import type { VolunteerListItem, VolunteerListItemPage } from '../../../../services/api/types'
import { enrolVolunteer, listVolunteers, recordVolunteerService, setVolunteerStatus, splitWords } from '../../../../services/registers'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { tellDone, tellError } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import ChoiceButtons from '../../components/ChoiceButtons'
import RegisterEntryForm, { type EntryField } from '../../components/RegisterEntryForm'
import RegisterPager from '../../components/RegisterPager'
import './index.scss'

const STATUSES = Object.values(VolunteerStatus).map((s) => ({ value: s, label: VOLUNTEER_STATUS_LABELS[s] }))
const hours = (minutes: number) => `${Math.round((minutes / 60) * 10) / 10} 小时`

const SERVICE_FIELDS: EntryField<'offeringId' | 'servedOn' | 'hours' | 'duty'>[] = [
  { key: 'offeringId', id: 'service-offering', label: '活动编号', hint: '活动详情页和审核页上都有编号', maxLength: 10, type: 'number' },
  { key: 'servedOn', id: 'service-date', label: '服务日期', hint: '格式如 2026-05-20，不能晚于今天', maxLength: 10 },
  { key: 'hours', id: 'service-hours', label: '服务时长（小时）', hint: '可以填 1.5', maxLength: 5, type: 'digit' },
  { key: 'duty', id: 'service-duty', label: '做了什么', hint: '例如：引导签到、摄影、讲解', maxLength: 40 }
]

/** 志愿者名册: the admin's area's volunteers (phones masked), enrolling a resident, recording the activities they helped with. */
export default function RegistersVolunteersPage() {
  const user = useCurrentUser()
  const areaId = isAdmin(user) ? (user?.area?.id ?? null) : null
  const [status, setStatus] = useState<VolunteerStatus | null>(null)
  const [page, setPage] = useState(1)
  const [list, setList] = useState<VolunteerListItemPage | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [form, setForm] = useState({ phone: '', skills: '' })
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [service, setService] = useState<{ volunteer: VolunteerListItem; offeringId: string; servedOn: string; hours: string; duty: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(
    async (to: number, which: VolunteerStatus | null) => {
      if (areaId === null) return
      setLoadError(null)
      try {
        setList(await listVolunteers(areaId, to, which))
        setPage(to)
      } catch (error) {
        setLoadError(toApiError(error))
      }
    },
    [areaId]
  )
  useDidShow(() => void load(page, status))

  if (!user || areaId === null) {
    return (
      <PageShell className='admin-page registers-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const enrol = async () => {
    setBusy(true)
    setProblem(null)
    try {
      await enrolVolunteer({ phone: form.phone.trim(), areaId, skills: splitWords(form.skills), intro: '' })
      tellDone('已登记入册')
      setForm({ phone: '', skills: '' })
      await load(1, status)
    } catch (error) {
      setProblem(toApiError(error))
    } finally {
      setBusy(false)
    }
  }

  const saveService = async () => {
    if (!service) return
    setBusy(true)
    try {
      await recordVolunteerService(service.volunteer.id, {
        offeringId: Number(service.offeringId), servedOn: service.servedOn.trim(), minutes: Math.round(Number(service.hours) * 60), duty: service.duty.trim()
      })
      tellDone('已记下')
      setService(null)
      await load(page, status)
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }

  const changeStatus = async (v: VolunteerListItem, next: VolunteerStatus) => {
    try {
      await setVolunteerStatus(v.id, next)
      await load(page, status)
    } catch (error) {
      tellError(error)
    }
  }

  const pages = list ? Math.max(1, Math.ceil(list.total / list.limit)) : 1
  return (
    <PageShell className='admin-page registers-page'>
      <View className='admin-page__title'>{user.area?.name}的志愿者</View>
      <View className='muted admin-page__note'>居民可以在小程序“我的”里报名当志愿者，也可以在这里按手机号登记。手机号已隐去中间四位。</View>

      <ChoiceButtons id='volunteers-status' label='状态' options={STATUSES} value={status} onChange={(s) => { setStatus(s); void load(1, s) }} />

      <Section id='volunteers-list' title={`名册（共 ${list?.total ?? 0} 人）`}>
        {loadError ? <ErrorNotice error={loadError} onRetry={() => void load(page, status)} /> : null}
        {!list && !loadError ? <LoadingNotice /> : null}
        {list && !list.items.length ? <EmptyNotice id='volunteers-empty' text='这里还没有志愿者。' /> : null}
        {list?.items.map((v) => (
          <View key={v.id} className='card register-row' id={`volunteer-${v.id}`}>
            <View className='card__title'>
              {v.realName}（{VOLUNTEER_STATUS_LABELS[v.status]}）
            </View>
            <View>{v.area.name}，手机：{v.phoneMasked ?? '未留'}</View>
            {v.skills.length ? <View>特长：{v.skills.join('、')}</View> : null}
            <View>
              服务过 {v.activities} 个活动，共 {hours(v.totalMinutes)}
            </View>
            <View className='button-row'>
              {v.status === VolunteerStatus.Active ? (
                <Button id={`volunteer-${v.id}-serve`} size='large' onClick={() => setService({ volunteer: v, offeringId: '', servedOn: shanghaiDate(), hours: '', duty: '' })}>
                  记一次服务
                </Button>
              ) : null}
              <Button
                id={`volunteer-${v.id}-status`}
                size='large'
                onClick={() => void changeStatus(v, v.status === VolunteerStatus.Active ? VolunteerStatus.Paused : VolunteerStatus.Active)}
              >
                {v.status === VolunteerStatus.Active ? '暂停服务' : '恢复服务'}
              </Button>
            </View>
          </View>
        ))}
        <RegisterPager idPrefix='volunteers' page={page} pages={pages} onPage={(to) => void load(to, status)} />
      </Section>

      {service ? (
        <RegisterEntryForm
          id='volunteer-service'
          idPrefix='service'
          title={`给${service.volunteer.realName}记一次服务`}
          fields={SERVICE_FIELDS}
          values={service}
          onChange={(key, v) => setService({ ...service, [key]: v })}
          busy={busy}
          onSave={() => void saveService()}
          onCancel={() => setService(null)}
        />
      ) : null}

      <Section id='volunteer-form' title='登记一位志愿者' note='居民要先在小程序里填好基本信息（含手机号）。'>
        <View className='card'>
          <FormField label='居民的手机号' hint='11位'>
            <Input id='volunteer-phone' type='number' value={form.phone} maxLength={11} onChange={(v) => setForm({ ...form, phone: v })} />
          </FormField>
          <FormField label='特长' hint='可不填；几项之间用顿号隔开，如 摄影、讲解'>
            <Input id='volunteer-skills' value={form.skills} maxLength={200} onChange={(v) => setForm({ ...form, skills: v })} />
          </FormField>
          {problem ? <ErrorNotice error={problem} /> : null}
          <Button id='volunteer-enrol' type='primary' size='large' block loading={busy} onClick={() => void enrol()}>
            登记入册
          </Button>
        </View>
      </Section>
    </PageShell>
  )
}
