import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CATEGORY_LABELS, formatCredits, formatMinutes } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import InfoRow from '../../../../components/InfoRow'
import PageShell from '../../../../components/PageShell'
import ReasonForm from '../../../../components/ReasonForm'
import type { AdminLearningRecordView, RecordVoided } from '../../../../services/api/types'
import { findLearningRecord, voidLearningRecord } from '../../../../services/learning-records'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { tellError } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import './index.scss'

function RecordFacts({ record }: { record: AdminLearningRecordView }) {
  return (
    <View id='record-facts'>
      <InfoRow label='居民' value={record.residentName} />
      <InfoRow label='内容' value={record.title} />
      <InfoRow label='类别' value={CATEGORY_LABELS[record.category]} />
      <InfoRow label='学时' value={formatMinutes(record.minutes)} />
      <InfoRow label='学分' value={`${formatCredits(record.creditsMilli)} 学分`} />
      <InfoRow label='时间' value={formatDayTime(record.occurredAt)} />
      <InfoRow label='地区' value={record.areaName} />
      {record.voided ? <InfoRow label='状态' value={`已作废：${record.voidReason ?? ''}`} /> : <InfoRow label='状态' value='有效' />}
    </View>
  )
}

/** 作废学习记录: find a wrong record by its number, check it, void it with a reason. */
export default function RecordVoidPage() {
  const user = useCurrentUser()
  const [number, setNumber] = useState('')
  const [record, setRecord] = useState<AdminLearningRecordView | null>(null)
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [done, setDone] = useState<RecordVoided | null>(null)
  const [busy, setBusy] = useState(false)

  if (!user || !isAdmin(user)) {
    return (
      <PageShell className='record-void'>
        <EmptyNotice text='请用管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  const find = async () => {
    setBusy(true)
    setDone(null)
    setRecord(null)
    setProblem(null)
    try {
      setRecord(await findLearningRecord(number.trim()))
    } catch (error) {
      setProblem(toApiError(error))
    } finally {
      setBusy(false)
    }
  }
  const confirmVoid = async (reason: string) => {
    if (!record) return
    const { confirm } = await Taro.showModal({
      title: '作废这条记录',
      content: `作废后不能恢复：这条记录的 ${formatCredits(record.creditsMilli)} 学分会从居民账户收回，居民会看到原因。`,
      confirmText: '确定作废',
      cancelText: '不作废了'
    })
    if (!confirm) return
    setBusy(true)
    try {
      setDone(await voidLearningRecord(record.id, reason))
      setRecord(await findLearningRecord(record.id))
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className='record-void'>
      <View className='record-void__title'>作废学习记录</View>
      <View className='muted record-void__note'>录错的学习记录不删除：写一条冲销记录，收回它的学分，并留下原因。</View>
      <View className='card'>
        <FormField label='记录编号' hint='居民的学习记录、导出的表格里都有编号。'>
          <Input id='record-number' type='number' value={number} placeholder='例如：12345' maxLength={18} onChange={setNumber} />
        </FormField>
        <Button id='record-find' type='primary' size='large' block loading={busy && !record} onClick={() => void find()}>
          查找
        </Button>
      </View>
      {problem ? <ErrorNotice error={problem} /> : null}
      {record ? (
        <View className='card'>
          <View className='card__title'>记录 {record.id}</View>
          <RecordFacts record={record} />
          {done ? (
            <View className='record-void__done' id='record-void-done'>
              已作废，收回 {formatCredits(done.reversedMilli)} 学分。
            </View>
          ) : null}
          {!record.voided ? (
            <ReasonForm
              id='record-void-reason'
              label='作废原因'
              hint='居民会看到这个原因。'
              placeholder='例如：重复录入'
              confirmText='作废这条记录'
              busy={busy}
              onConfirm={(reason) => void confirmVoid(reason)}
            />
          ) : null}
        </View>
      ) : null}
    </PageShell>
  )
}
