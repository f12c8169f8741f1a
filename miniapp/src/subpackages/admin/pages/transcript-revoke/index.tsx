import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatCredits } from '@lp/shared'
import { useMemo, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import ReasonForm from '../../../../components/ReasonForm'
import { useCursorPages } from '../../../../hooks/useCursorPages'
import type { AdminTranscriptView, ResidentListItem, TranscriptStatus } from '../../../../services/api/types'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { TRANSCRIPTS_PAGE_SIZE, findTranscript, listResidentTranscripts, revokeTranscript, transcriptIdIn, transcriptStatus } from '../../../../services/transcripts'
import { tellError } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import Pager from '../../components/Pager'
import ResidentPicker from '../../components/ResidentPicker'
import '../../styles/admin-page.scss'
import '../../styles/admin-table.scss'
import './index.scss'

function TranscriptRow({ transcript, chosen, onChoose }: { transcript: AdminTranscriptView; chosen: boolean; onChoose: () => void }) {
  return (
    <View id={`transcript-${transcript.id}`} className={chosen ? 'admin-table__row admin-table__row--on' : 'admin-table__row'}>
      <View className='admin-table__cell admin-table__cell--wide'>{transcript.id.slice(0, 8)}…</View>
      <View className='admin-table__cell'>{formatDayTime(transcript.issuedAt)}</View>
      <View className='admin-table__cell'>{transcript.totals.hours} 学时</View>
      <View className='admin-table__cell'>{transcript.totals.credits} 学分</View>
      <View className={`admin-table__cell revoke-page__state--${transcript.state}`} id={`transcript-${transcript.id}-state`}>
        {transcript.stateLabel}
      </View>
      <View className='admin-table__cell admin-table__actions'>
        <Button id={`transcript-${transcript.id}-open`} size='small' type={chosen ? 'default' : 'primary'} onClick={onChoose}>
          {chosen ? '正在查看' : '查看'}
        </Button>
      </View>
    </View>
  )
}

/** One transcript: what it says, what verifiers see now, and revoking it with a reason. */
function TranscriptCard({ transcript, onChanged }: { transcript: AdminTranscriptView; onChanged: (next: AdminTranscriptView) => void }) {
  const [busy, setBusy] = useState(false)
  const [verified, setVerified] = useState<TranscriptStatus | null>(null)
  const revoke = async (reason: string) => {
    const { confirm } = await Taro.showModal({
      title: '撤销成绩单',
      content: `撤销后不能恢复：任何人再核验这份成绩单（扫码、JSON 或 PDF），都会看到“已撤销”。居民本人能看到原因。`,
      confirmText: '确定撤销',
      cancelText: '不撤销了'
    })
    if (!confirm) return
    setBusy(true)
    try {
      await revokeTranscript(transcript.id, reason)
      setVerified(await transcriptStatus(transcript.id))
      onChanged(await findTranscript(transcript.id))
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card' id='transcript-card'>
      <View className='card__title'>成绩单 {transcript.id}</View>
      <InfoRow label='居民' value={`${transcript.holderName}（${transcript.community}）`} />
      <InfoRow label='出具时间' value={formatDayTime(transcript.issuedAt)} />
      <InfoRow label='合计' value={`${transcript.totals.recordCount} 条记录，${transcript.totals.hours} 学时，${formatCredits(transcript.totals.creditsMilli)} 学分`} />
      <InfoRow label='状态' value={transcript.revokedAt ? `已撤销（${formatDayTime(transcript.revokedAt)}）：${transcript.revokeReason ?? ''}` : '真实有效'} />
      <InfoRow label='核验地址' value={transcript.verifyUrl} />
      {verified ? (
        <View className='revoke-page__verified' id='transcript-verified'>
          现在核验这份成绩单，结果是：{verified.stateLabel}
        </View>
      ) : null}
      {!transcript.revokedAt ? (
        <ReasonForm
          id='transcript-revoke-reason'
          label='撤销原因'
          hint='居民本人能看到这个原因；核验的人只看到“已撤销”。'
          placeholder='例如：姓名登记有误，已重新出具'
          confirmText='撤销这份成绩单'
          busy={busy}
          onConfirm={(reason) => void revoke(reason)}
        />
      ) : null}
    </View>
  )
}

/** 撤销成绩单: find a transcript by its number (or verification link) or through its holder, and revoke it. */
export default function TranscriptRevokePage() {
  const user = useCurrentUser()
  const areaId = isAdmin(user) ? (user?.area?.id ?? null) : null
  const [number, setNumber] = useState('')
  const [problem, setProblem] = useState<ApiError | string | null>(null)
  const [resident, setResident] = useState<ResidentListItem | null>(null)
  const [chosen, setChosen] = useState<AdminTranscriptView | null>(null)
  const [busy, setBusy] = useState(false)
  const query = useMemo(() => (resident ? { residentId: resident.userId } : null), [resident])
  const pages = useCursorPages(query, (q: { residentId: string }, cursor) => listResidentTranscripts(q.residentId, cursor))

  if (areaId === null) {
    return (
      <PageShell className='admin-page revoke-page'>
        <EmptyNotice text='请用管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  const findByNumber = async () => {
    const id = transcriptIdIn(number)
    if (!id) {
      setProblem('请粘贴成绩单上的核验链接，或它最后那串编号（形如 1a2b3c4d-…）。')
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      setResident(null)
      setChosen(await findTranscript(id))
    } catch (error) {
      setChosen(null)
      setProblem(toApiError(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className='admin-page revoke-page'>
      <View className='admin-page__title'>撤销成绩单</View>
      <View className='muted admin-page__note'>成绩单出具有误或被冒用时撤销。撤销后，扫成绩单上的二维码核验会显示“已撤销”。</View>

      <View className='card'>
        <View className='card__title'>按编号找</View>
        <FormField label='核验链接或成绩单编号' hint='成绩单二维码打开的网址，最后一段就是编号。'>
          <Input id='transcript-number' value={number} placeholder='例如：https://…/verify/1a2b3c4d-…' maxLength={300} onChange={setNumber} />
        </FormField>
        <Button id='transcript-find' type='primary' size='large' block loading={busy} onClick={() => void findByNumber()}>
          查找成绩单
        </Button>
        {problem ? typeof problem === 'string' ? <View className='revoke-page__problem'>{problem}</View> : <ErrorNotice error={problem} /> : null}
      </View>

      <View className='card'>
        <View className='card__title'>按居民找</View>
        <ResidentPicker areaId={areaId} chosen={resident} onPick={(r) => { setResident(r); setChosen(null) }} />
      </View>

      {resident ? (
        <View className='card' id='resident-transcripts'>
          <View className='card__title'>{resident.realNameMasked}的成绩单</View>
          {pages.error ? <ErrorNotice error={pages.error} onRetry={pages.retry} /> : null}
          {pages.loading ? <LoadingNotice /> : null}
          {!pages.loading && !pages.error ? (
            <View className='admin-table'>
              <View className='admin-table__row admin-table__head'>
                <View className='admin-table__cell admin-table__cell--wide'>编号</View>
                <View className='admin-table__cell'>出具时间</View>
                <View className='admin-table__cell'>学时</View>
                <View className='admin-table__cell'>学分</View>
                <View className='admin-table__cell'>状态</View>
                <View className='admin-table__cell'>操作</View>
              </View>
              {pages.items.map((t) => (
                <TranscriptRow key={t.id} transcript={t} chosen={chosen?.id === t.id} onChoose={() => setChosen(t)} />
              ))}
              {!pages.items.length ? <View className='admin-table__empty'>这位居民还没有出具过成绩单。</View> : null}
            </View>
          ) : null}
          <Pager id='transcript-pages' pages={pages} sizeText={`每页 ${TRANSCRIPTS_PAGE_SIZE} 份`} />
        </View>
      ) : null}

      {chosen ? (
        <TranscriptCard
          key={chosen.id}
          transcript={chosen}
          onChanged={(next) => {
            setChosen(next)
            if (resident) pages.retry()
          }}
        />
      ) : null}
    </PageShell>
  )
}
