import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { formatCredits } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { usePagedList } from '../../../../hooks/usePagedList'
import { useCurrentUser } from '../../../../services/session'
import { issueTranscript, listTranscripts } from '../../../../services/transcripts'
import { tellDone, tellError } from '../../../../utils/feedback'
import { formatDayTime, studyHoursText } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import ResidentOnly from '../../components/ResidentOnly'
import { showTranscriptPdf } from './open-pdf'
import type { TranscriptSummary } from '../../../../services/api/types'
import { copyText } from '../../../../utils/privacy'
import './index.scss'

const IN_BROWSER = process.env.TARO_ENV === 'h5'

function TranscriptCard({ transcript, opening, onOpen }: { transcript: TranscriptSummary; opening: boolean; onOpen: () => void }) {
  const revoked = transcript.revokedAt !== null
  return (
    <View className={revoked ? 'card transcript-card transcript-card--revoked' : 'card transcript-card'} id={`transcript-${transcript.id}`}>
      <View className='card__title'>{formatDayTime(transcript.issuedAt)} 开具</View>
      <View className='transcript-card__totals'>
        {transcript.totals.recordCount} 条记录 · {studyHoursText(transcript.totals.minutes)} · {formatCredits(transcript.totals.creditsMilli)} 学分
      </View>
      {revoked ? (
        <View className='transcript-card__revoked'>
          已撤销{transcript.revokeReason ? `：${transcript.revokeReason}` : ''}，别人验证时会看到“已撤销”。
        </View>
      ) : null}
      <View className='transcript-card__verify'>
        <View className='muted'>验证网址（成绩单上的二维码也是它）：</View>
        {IN_BROWSER ? (
          <a className='transcript-card__link' id={`transcript-${transcript.id}-verify`} href={transcript.verifyUrl} target='_blank' rel='noreferrer'>
            {transcript.verifyUrl}
          </a>
        ) : (
          <Text className='transcript-card__link' id={`transcript-${transcript.id}-verify`} selectable>
            {transcript.verifyUrl}
          </Text>
        )}
      </View>
      <View className='transcript-card__buttons'>
        <Button id={`transcript-${transcript.id}-pdf`} type='primary' loading={opening} onClick={onOpen}>
          打开 PDF
        </Button>
        <Button
          id={`transcript-${transcript.id}-copy`}
          fill='outline'
          onClick={() => void copyText(transcript.verifyUrl)}
        >
          复制验证网址
        </Button>
      </View>
    </View>
  )
}

/** 成绩单: a signed record of all the resident's learning, as a PDF anyone can check through its QR code. */
export default function TranscriptsPage() {
  const user = useCurrentUser()
  const list = usePagedList(listTranscripts, [user?.id], !!user?.profileBound)
  const [issuing, setIssuing] = useState(false)
  const [opening, setOpening] = useState<string | null>(null)
  useReachBottom(list.loadMore)

  const issue = async () => {
    setIssuing(true)
    try {
      await issueTranscript()
      tellDone('成绩单已开好')
      list.reload()
    } catch (error) {
      tellError(error)
    } finally {
      setIssuing(false)
    }
  }

  const open = async (id: string) => {
    setOpening(id)
    try {
      await showTranscriptPdf(id)
    } catch (error) {
      tellError(error)
    } finally {
      setOpening(null)
    }
  }

  return (
    <ResidentOnly className='transcripts-page' what='开成绩单'>
      <PageShell className='transcripts-page'>
        <View className='card'>
          <View className='card__title'>开一份成绩单</View>
          <View className='muted'>
            成绩单写着您全部的学习记录、学时和学分，带区里的数字签名。别人扫上面的二维码，就能查到它是不是真的、有没有被改过。学习记录没有变化时，再开还是同一份。
          </View>
          <View className='button-row'>
            <Button id='transcripts-issue' type='primary' size='large' block loading={issuing} onClick={() => void issue()}>
              开成绩单
            </Button>
          </View>
        </View>

        {list.items.length ? (
          <View id='transcripts-list'>
            {list.items.map((t) => (
              <TranscriptCard key={t.id} transcript={t} opening={opening === t.id} onOpen={() => void open(t.id)} />
            ))}
          </View>
        ) : null}
        {list.error ? <ErrorNotice error={list.error} onRetry={list.loadMore} /> : null}
        {list.loading ? <LoadingNotice /> : null}
        {list.started && !list.items.length && !list.error ? <EmptyNotice id='transcripts-empty' text='还没有开过成绩单。' /> : null}
        {list.hasMore && !list.loading && !list.error ? (
          <Button id='transcripts-more' block fill='outline' size='large' onClick={list.loadMore}>
            加载更多
          </Button>
        ) : null}
      </PageShell>
    </ResidentOnly>
  )
}
