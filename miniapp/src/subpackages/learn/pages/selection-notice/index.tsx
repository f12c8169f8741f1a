import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { ClientError, SELECTION_LIMITS, shanghaiDate } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import TextBox from '../../../../components/TextBox'
import { useLoader } from '../../../../hooks/useLoader'
import type { SelectionNotice, SelectionView } from '../../../../services/api/types'
import { ApiError, toApiError } from '../../../../services/request'
import { getPublicSelections, getSelectionNotice, objectToSelection } from '../../../../services/selections'
import { ROUTES } from '../../../../utils/routes'
import { periodText, selectionHeading } from '../../../../utils/selections'
import { Button, Input } from '../../../../ui/nutui'
import './index.scss'

/** Anyone may object to an entry while 公示 runs; the contact reaches the admins only. */
function ObjectionForm({ notice }: { notice: SelectionNotice }) {
  const id = notice.selection.id
  const [nominationId, setNominationId] = useState<number | null>(null)
  const [contact, setContact] = useState('')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [receipt, setReceipt] = useState<string | null>(null)

  if (receipt) {
    return (
      <View className='notice-receipt' id={`notice-${id}-receipt`}>
        {receipt}
      </View>
    )
  }
  const send = async () => {
    if (nominationId === null) {
      setProblem(new ApiError(0, { code: ClientError.Client, message: '请先点选对哪一位有异议。' }))
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      setReceipt((await objectToSelection(id, { nominationId, contact: contact.trim(), reason: reason.trim() })).message)
    } catch (error) {
      setProblem(toApiError(error))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='notice-objection' id={`notice-${id}-objection`}>
      <View className='card__title'>对名单有异议？</View>
      <View className='muted'>请写明理由和联系方式，管理员核实后会联系您。联系方式只给管理员看。</View>
      <FormField label='对哪一位'>
        {notice.entries.map((e) => (
          <View
            key={e.nominationId}
            id={`notice-${id}-object-${e.nominationId}`}
            className={e.nominationId === nominationId ? 'notice-option notice-option--on' : 'notice-option'}
            role='radio'
            aria-checked={e.nominationId === nominationId}
            onClick={() => setNominationId(e.nominationId)}
          >
            {e.maskedName}（{e.community}）
          </View>
        ))}
      </FormField>
      <FormField label='您的联系方式' hint='手机号或微信号'>
        <Input id={`notice-${id}-contact`} placeholder='手机号或微信号' value={contact} maxLength={SELECTION_LIMITS.contactMax} onChange={setContact} />
      </FormField>
      <FormField label='理由' hint={`${SELECTION_LIMITS.objectionMin}到${SELECTION_LIMITS.objectionMax}个字`}>
        <TextBox id={`notice-${id}-reason`} placeholder='例如：据我所知，这位居民今年很少参加学习' value={reason} maxLength={SELECTION_LIMITS.objectionMax} onChange={setReason} />
      </FormField>
      {problem ? <ErrorNotice error={problem} /> : null}
      <Button id={`notice-${id}-send`} type='primary' size='large' block loading={busy} onClick={() => void send()}>
        提交异议
      </Button>
    </View>
  )
}

/** One selection's public list: the partly masked name, community and 事迹 of each entry. */
function NoticeCard({ selection }: { selection: SelectionView }) {
  const notice = useLoader(() => getSelectionNotice(selection.id), [selection.id])
  const today = shanghaiDate()
  const objecting = selection.status === 'notice' && today >= selection.noticeStart && today <= selection.noticeEnd
  return (
    <View className='card notice-selection' id={`notice-${selection.id}`} data-status={selection.status}>
      <View className='card__title'>{selectionHeading(selection)}</View>
      <View id={`notice-${selection.id}-state`}>
        {selection.status === 'final' ? '最终名单' : `公示期：${periodText(selection.noticeStart, selection.noticeEnd)}`}
      </View>
      {notice.error ? <ErrorNotice error={notice.error} onRetry={notice.reload} /> : null}
      {notice.loading && !notice.data ? <LoadingNotice /> : null}
      {notice.data && !notice.data.entries.length ? <View className='muted'>名单里没有人。</View> : null}
      {notice.data?.entries.map((e) => (
        <View key={e.nominationId} className='notice-entry' id={`notice-entry-${e.nominationId}`}>
          <View className='notice-entry__name'>{e.maskedName}</View>
          <View>{e.community}</View>
          <View className='notice-entry__story'>{e.story}</View>
        </View>
      ))}
      {objecting && notice.data?.entries.length ? <ObjectionForm notice={notice.data} /> : null}
    </View>
  )
}

/**
 * 评选公示: open to anyone, signed in or not (a shareable link, ?areaId= for one area): the
 * selections of the area in 公示 or with a final list.
 */
export default function SelectionNoticePage() {
  const raw = Number(useRouter().params.areaId)
  const areaId = Number.isInteger(raw) && raw > 0 ? raw : undefined
  const selections = useLoader(() => getPublicSelections(areaId), [areaId])
  return (
    <PageShell className='notice-page'>
      <View className='muted notice-page__intro'>
        百姓学习之星和终身学习品牌项目经推荐、本人同意、评审后在这里公示。为保护个人信息，姓名只显示部分。公示期间对名单有异议的，可以在下面提出。
      </View>
      {selections.error ? <ErrorNotice error={selections.error} onRetry={selections.reload} /> : null}
      {selections.loading && !selections.data ? <LoadingNotice /> : null}
      {selections.data && !selections.data.length ? <EmptyNotice id='notice-empty' text='现在没有正在公示的评选。' /> : null}
      {selections.data?.map((s) => <NoticeCard key={s.id} selection={s} />)}
      <View className='button-row'>
        <Button id='notice-home' size='large' block onClick={() => void Taro.reLaunch({ url: ROUTES.home })}>
          回首页
        </Button>
      </View>
    </PageShell>
  )
}
