import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { WORKER_KIND_LABELS, WorkerKind, shanghaiDate } from '@lp/shared'
import { useCallback, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import type { EducationWorkerView, EducationWorkerViewPage } from '../../../../services/api/types'
import { listEducationWorkers, recordWorkerTraining, registerEducationWorker, splitWords } from '../../../../services/registers'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { tellDone, tellError } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import ChoiceButtons from '../../components/ChoiceButtons'
import RegisterEntryForm, { type EntryField } from '../../components/RegisterEntryForm'
import RegisterPager from '../../components/RegisterPager'
import './index.scss'

const KINDS = Object.values(WorkerKind).map((k) => ({ value: k, label: WORKER_KIND_LABELS[k] }))
const hours = (minutes: number) => `${Math.round((minutes / 60) * 10) / 10} 学时`

const TRAINING_FIELDS: EntryField<'trainedOn' | 'hours' | 'what'>[] = [
  { key: 'trainedOn', id: 'training-date', label: '培训日期', hint: '格式如 2026-05-20，不能晚于今天', maxLength: 10 },
  { key: 'hours', id: 'training-hours', label: '学时', hint: '1学时按60分钟算，可以填 1.5', maxLength: 5, type: 'digit' },
  { key: 'what', id: 'training-what', label: '内容', hint: '例如：社区教育工作者岗位培训', maxLength: 60 }
]

/** One worker of the list: kind, place, masked phone, this year's continuing-education hours against the requirement. */
function WorkerRow({ worker, onTrain }: { worker: EducationWorkerView; onTrain: () => void }) {
  return (
    <View className='card register-row' id={`worker-${worker.id}`} data-phone={worker.phoneMasked}>
      <View className='card__title'>
        {worker.name}（{WORKER_KIND_LABELS[worker.kind]}）
      </View>
      <View>{worker.school ? worker.school.name : worker.area.name}</View>
      <View>手机：{worker.phoneMasked}</View>
      {worker.qualifications.length ? <View>资格：{worker.qualifications.join('、')}</View> : null}
      <View>入册：{worker.joinedOn}{worker.leftOn ? `，${worker.leftOn} 离册` : ''}</View>
      <View className={worker.metRequirement ? 'register-row__met' : 'register-row__unmet'} id={`worker-${worker.id}-training`}>
        {worker.year}年继续教育 {hours(worker.yearMinutes)}，要求 {hours(worker.requiredMinutes)}：{worker.metRequirement ? '已达到' : '还未达到'}
      </View>
      {worker.leftOn ? null : (
        <Button id={`worker-${worker.id}-train`} size='large' block onClick={onTrain}>
          记一次继续教育
        </Button>
      )}
    </View>
  )
}

/** 成人教育工作者名册: the admin's area's 专职 and 兼职 workers, registering one, recording their continuing education. */
export default function RegistersWorkersPage() {
  const user = useCurrentUser()
  const areaId = isAdmin(user) ? (user?.area?.id ?? null) : null
  const year = Number(shanghaiDate().slice(0, 4))
  const [page, setPage] = useState(1)
  const [list, setList] = useState<EducationWorkerViewPage | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [form, setForm] = useState({ name: '', phone: '', kind: WorkerKind.FullTime as WorkerKind, qualifications: '', joinedOn: shanghaiDate() })
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [training, setTraining] = useState<{ worker: EducationWorkerView; trainedOn: string; hours: string; what: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(
    async (to: number) => {
      if (areaId === null) return
      setLoadError(null)
      try {
        setList(await listEducationWorkers({ areaId, year, page: to }))
        setPage(to)
      } catch (error) {
        setLoadError(toApiError(error))
      }
    },
    [areaId, year]
  )
  useDidShow(() => void load(page))

  if (!user || areaId === null) {
    return (
      <PageShell className='admin-page registers-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const register = async () => {
    setBusy(true)
    setProblem(null)
    try {
      await registerEducationWorker({
        name: form.name.trim(), phone: form.phone.trim(), kind: form.kind, areaId, qualifications: splitWords(form.qualifications), joinedOn: form.joinedOn.trim()
      })
      tellDone('已登记入册')
      setForm({ ...form, name: '', phone: '', qualifications: '' })
      await load(1)
    } catch (error) {
      setProblem(toApiError(error))
    } finally {
      setBusy(false)
    }
  }

  const saveTraining = async () => {
    if (!training) return
    setBusy(true)
    try {
      await recordWorkerTraining(training.worker.id, { trainedOn: training.trainedOn.trim(), minutes: Math.round(Number(training.hours) * 60), what: training.what.trim() })
      tellDone('已记下')
      setTraining(null)
      await load(page)
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }

  const pages = list ? Math.max(1, Math.ceil(list.total / list.limit)) : 1
  return (
    <PageShell className='admin-page registers-page'>
      <View className='admin-page__title'>{user.area?.name}的成人教育工作者</View>
      <View className='muted admin-page__note'>
        专职工作者计入“成人教育专职工作者（每万人）”；当年继续教育学时达到要求的人数计入“继续教育参与率”。手机号已隐去中间四位。
      </View>

      <Section id='workers-list' title={`名册（共 ${list?.total ?? 0} 人）`}>
        {loadError ? <ErrorNotice error={loadError} onRetry={() => void load(page)} /> : null}
        {!list && !loadError ? <LoadingNotice /> : null}
        {list && !list.items.length ? <EmptyNotice id='workers-empty' text='名册里还没有工作者。可以在下面登记。' /> : null}
        {list?.items.map((w) => (
          <WorkerRow key={w.id} worker={w} onTrain={() => setTraining({ worker: w, trainedOn: shanghaiDate(), hours: '', what: '' })} />
        ))}
        <RegisterPager idPrefix='workers' page={page} pages={pages} onPage={(to) => void load(to)} />
      </Section>

      {training ? (
        <RegisterEntryForm
          id='worker-training'
          idPrefix='training'
          title={`给${training.worker.name}记继续教育`}
          fields={TRAINING_FIELDS}
          values={training}
          onChange={(key, v) => setTraining({ ...training, [key]: v })}
          busy={busy}
          onSave={() => void saveTraining()}
          onCancel={() => setTraining(null)}
        />
      ) : null}

      <Section id='worker-form' title='登记一位工作者' note={`登记在${user.area?.name}。学校的工作者也可以由学校的老师登记。`}>
        <View className='card'>
          <FormField label='姓名'>
            <Input id='worker-name' value={form.name} maxLength={32} onChange={(v) => setForm({ ...form, name: v })} />
          </FormField>
          <FormField label='手机号' hint='11位，只在名册里隐去中间四位显示'>
            <Input id='worker-phone' type='number' value={form.phone} maxLength={11} onChange={(v) => setForm({ ...form, phone: v })} />
          </FormField>
          <ChoiceButtons id='worker-kind' label='专职还是兼职' options={KINDS} value={form.kind} onChange={(k) => setForm({ ...form, kind: k ?? WorkerKind.FullTime })} />
          <FormField label='资格或职称' hint='可不填；几项之间用顿号隔开，如 高级讲师、心理咨询师'>
            <Input id='worker-qualifications' value={form.qualifications} maxLength={200} onChange={(v) => setForm({ ...form, qualifications: v })} />
          </FormField>
          <FormField label='入册日期' hint='格式如 2026-03-01'>
            <Input id='worker-joined' value={form.joinedOn} maxLength={10} onChange={(v) => setForm({ ...form, joinedOn: v })} />
          </FormField>
          {problem ? <ErrorNotice error={problem} /> : null}
          <Button id='worker-register' type='primary' size='large' block loading={busy} onClick={() => void register()}>
            登记入册
          </Button>
        </View>
      </Section>
    </PageShell>
  )
}
