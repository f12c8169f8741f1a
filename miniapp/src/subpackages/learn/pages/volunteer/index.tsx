import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { RegisterError, VOLUNTEER_STATUS_LABELS } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import type { VolunteerView } from '../../../../services/api/types'
import { joinVolunteers, myVolunteerRecord, splitWords } from '../../../../services/registers'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { tellDone } from '../../../../utils/feedback'
import { ROUTES } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import './index.scss'

const hours = (minutes: number) => `${Math.round((minutes / 60) * 10) / 10} 小时`

/** 我当志愿者: the resident's own 志愿者 档案 and the activities they helped with, or the way to join. */
export default function VolunteerPage() {
  const user = useCurrentUser()
  const [record, setRecord] = useState<VolunteerView | null>(null)
  const [notYet, setNotYet] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [form, setForm] = useState({ skills: '', intro: '' })
  const [busy, setBusy] = useState(false)

  const load = async () => {
    setError(null)
    try {
      setRecord(await myVolunteerRecord())
      setNotYet(false)
    } catch (e) {
      const problem = toApiError(e)
      if (problem.code === RegisterError.NotVolunteer) setNotYet(true)
      else setError(problem)
    }
  }
  useDidShow(() => void load())

  if (!user) {
    return (
      <PageShell className='volunteer-page'>
        <EmptyNotice text='请先登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const join = async () => {
    setBusy(true)
    setError(null)
    try {
      setRecord(await joinVolunteers({ skills: splitWords(form.skills), intro: form.intro.trim(), agreed: true }))
      setNotYet(false)
      tellDone('报名成功，已入册')
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className='volunteer-page'>
      <View className='volunteer-page__title'>我当志愿者</View>
      {error ? <ErrorNotice error={error} onRetry={() => void load()} /> : null}
      {!record && !notYet && !error ? <LoadingNotice /> : null}
      {notYet ? (
        <Section id='volunteer-join' title='报名当志愿者' note='在您居住的社区入册。报名后，社区工作人员能看到您的姓名和电话，有活动时联系您。'>
          <View className='card'>
            <FormField label='您的特长' hint='可不填；几项之间用顿号隔开，如 摄影、讲解、教用手机'>
              <Input id='volunteer-join-skills' value={form.skills} maxLength={200} onChange={(v) => setForm({ ...form, skills: v })} />
            </FormField>
            <FormField label='想说的话' hint='可不填，例如：周末上午有空'>
              <Input id='volunteer-join-intro' value={form.intro} maxLength={200} onChange={(v) => setForm({ ...form, intro: v })} />
            </FormField>
            <Button id='volunteer-join-submit' type='primary' size='large' block loading={busy} onClick={() => void join()}>
              报名入册
            </Button>
          </View>
        </Section>
      ) : null}
      {record ? (
        <>
          <Section id='volunteer-record' title='我的志愿者档案'>
            <View className='card'>
              <InfoRow label='服务社区' value={record.area.name} />
              <InfoRow label='状态' value={VOLUNTEER_STATUS_LABELS[record.status]} />
              <InfoRow label='入册日期' value={record.joinedOn} />
              <InfoRow label='特长' value={record.skills.length ? record.skills.join('、') : '未填'} />
              <InfoRow label='累计服务' value={hours(record.totalMinutes)} />
            </View>
          </Section>
          <Section id='volunteer-services' title='参加服务的活动'>
            {record.services.length ? (
              record.services.map((s) => (
                <View key={s.id} className='card volunteer-page__service'>
                  <View className='card__title'>{s.offering.title}</View>
                  <View>
                    {s.servedOn}，{s.duty}，{hours(s.minutes)}
                  </View>
                </View>
              ))
            ) : (
              <EmptyNotice id='volunteer-services-empty' text='还没有服务记录。参加服务后，工作人员会帮您记上。' />
            )}
          </Section>
        </>
      ) : null}
    </PageShell>
  )
}
