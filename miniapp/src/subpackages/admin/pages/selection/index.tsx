import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { SELECTION_LIMITS } from '@lp/shared'
import { useRef, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import ReasonForm from '../../../../components/ReasonForm'
import Section from '../../../../components/Section'
import TextBox from '../../../../components/TextBox'
import { useAction } from '../../../../hooks/useAction'
import { useLoader } from '../../../../hooks/useLoader'
import type { NominationView, ObjectionView, SelectionView } from '../../../../services/api/types'
import {
  answerObjection,
  finaliseSelection,
  getSelection,
  listNominations,
  listObjections,
  publishSelection,
  rejectNomination,
  selectNomination
} from '../../../../services/selections'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { CONSENT_LABELS, NOMINATION_STATUS_LABELS, NOMINATOR_LABELS, SELECTION_STATUS_LABELS, periodText, selectionHeading } from '../../../../utils/selections'
import { formatDayTime, studyHoursText } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import EvidenceViewer from '../../components/EvidenceViewer'
import './index.scss'

function learningText(n: NominationView, year: number): string {
  if (n.learning) return `${year}年学习记录：${studyHoursText(n.learning.minutes)}，共 ${n.learning.records} 条`
  return '学习记录：被推荐人同意以后才能看到'
}

interface RowProps {
  n: NominationView
  selection: SelectionView
  busy: boolean
  onSelect: () => void
  onReject: (reason: string) => void
}

/** One nomination as its reviewers see it: full name, who nominated, consent, 事迹, photos and (with consent) learning. */
function NominationRow({ n, selection, busy, onSelect, onReject }: RowProps) {
  const [rejecting, setRejecting] = useState(false)
  const reviewable = selection.status === 'open' && n.status !== 'withdrawn'
  const consentMissing = n.consent === 'pending' || n.consent === 'declined'
  return (
    <View className='card nomination-row' id={`nomination-${n.id}`} data-status={n.status} data-consent={n.consent}>
      <View className='card__title'>
        {n.nomineeName}（{n.community.name}）
      </View>
      <View>
        {NOMINATOR_LABELS[n.nominatorKind]}，{CONSENT_LABELS[n.consent]}
      </View>
      <View className={n.status === 'selected' ? 'nomination-row__selected' : ''} id={`nomination-${n.id}-status`}>
        评审：{NOMINATION_STATUS_LABELS[n.status]}
        {n.rejectReason ? `（${n.rejectReason}）` : ''}
      </View>
      {n.kind === 'star' ? <View id={`nomination-${n.id}-learning`}>{learningText(n, selection.year)}</View> : null}
      <View className='nomination-row__story'>事迹：{n.story}</View>
      {n.photoUploadIds.map((uploadId, i) => (
        <EvidenceViewer key={uploadId} uploadId={uploadId} id={`nomination-${n.id}-photo-${i}`} alt={`${n.nomineeName}的事迹照片`} />
      ))}
      {reviewable && !rejecting ? (
        <View className='button-row'>
          {n.status !== 'selected' && !consentMissing ? (
            <Button id={`nomination-${n.id}-select`} type='primary' size='large' loading={busy} onClick={onSelect}>
              入选
            </Button>
          ) : null}
          {n.status !== 'rejected' ? (
            <Button id={`nomination-${n.id}-reject`} size='large' onClick={() => setRejecting(true)}>
              {n.status === 'selected' ? '改为不入选' : '不入选'}
            </Button>
          ) : null}
        </View>
      ) : null}
      {reviewable && consentMissing && n.consent === 'pending' ? <View className='muted'>被推荐人同意以后才能入选。</View> : null}
      {rejecting ? (
        <ReasonForm
          id={`nomination-${n.id}-reason`}
          label='不入选的原因'
          hint='推荐人会看到这个原因'
          placeholder='例如：事迹材料不够具体'
          confirmText='确定不入选'
          busy={busy}
          onConfirm={(reason) => {
            setRejecting(false)
            onReject(reason)
          }}
          onBack={() => setRejecting(false)}
        />
      ) : null}
    </View>
  )
}

/** One 异议 with its answer, or a form to answer it. */
function ObjectionRow(props: { o: ObjectionView; name: string; closed: boolean; busy: boolean; onAnswer: (answer: string, upheld: boolean) => void }) {
  const { o, name, closed, busy, onAnswer } = props
  const [answer, setAnswer] = useState('')
  const send = (upheld: boolean) => onAnswer(answer.trim(), upheld)
  return (
    <View className='card objection-row' id={`objection-${o.id}`} data-answered={o.answeredAt ? 'yes' : 'no'}>
      <View className='card__title'>对 {name} 的异议</View>
      <View>{formatDayTime(o.createdAt)} 收到，联系方式：{o.contactMasked}</View>
      <View>理由：{o.reason}</View>
      {o.answeredAt ? (
        <View id={`objection-${o.id}-answer`}>
          答复（{o.upheld ? '异议成立，已取消入选' : '异议不成立'}）：{o.answer}
        </View>
      ) : closed ? null : (
        <View>
          <FormField label='答复' hint='核实后写明结果，会记入档案；请通过上面的联系方式告诉提出人'>
            <TextBox id={`objection-${o.id}-text`} placeholder='例如：经核实，有签到记录，异议不成立' value={answer} maxLength={SELECTION_LIMITS.answerMax} onChange={setAnswer} />
          </FormField>
          <View className='button-row'>
            <Button id={`objection-${o.id}-reject`} type='primary' size='large' loading={busy} onClick={() => send(false)}>
              异议不成立
            </Button>
            <Button id={`objection-${o.id}-uphold`} size='large' loading={busy} onClick={() => send(true)}>
              异议成立，取消入选
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}

/** One selection for its reviewers: the nominations, review within the quota, 公示, 异议 and the final list. */
export default function AdminSelectionPage() {
  const user = useCurrentUser()
  const id = Number(useRouter().params.id)
  const ready = isAdmin(user) && Number.isInteger(id) && id > 0
  const selection = useLoader(() => getSelection(id), [id], ready)
  const nominations = useLoader(() => listNominations(id), [id], ready)
  const objections = useLoader(() => listObjections(id), [id], ready && selection.data?.status !== 'open')
  const { busy, run: act } = useAction(() => {
    selection.reload()
    nominations.reload()
    objections.reload()
  })
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) {
      selection.reload()
      nominations.reload()
    }
    shownOnce.current = true
  })

  if (!ready) {
    return (
      <PageShell className='admin-page selection-page'>
        <EmptyNotice text='请用管理员账号登录，从“评选”进入。' actionText='回管理后台' onAction={() => void Taro.reLaunch({ url: ROUTES.adminHome })} />
      </PageShell>
    )
  }
  const s = selection.data
  if (!s) {
    return (
      <PageShell className='admin-page selection-page'>
        {selection.error ? <ErrorNotice error={selection.error} onRetry={selection.reload} /> : <LoadingNotice />}
      </PageShell>
    )
  }

  const nameOf = (nominationId: number) => nominations.data?.find((n) => n.id === nominationId)?.nomineeName ?? `推荐 ${nominationId}`
  const unanswered = objections.data?.filter((o) => !o.answeredAt).length ?? 0
  return (
    <PageShell className='admin-page selection-page'>
      <View className='admin-page__title' id='selection-title'>
        {selectionHeading(s)}
      </View>
      <View className='card' id='selection-facts' data-status={s.status}>
        <View>
          {s.area.name}，{s.year}年，名额 {s.quota} 名，已入选 <Text id='selection-selected'>{s.selectedCount}</Text> 名
        </View>
        <View>推荐时间：{periodText(s.nominateFrom, s.nominateUntil)}</View>
        <View>公示时间：{periodText(s.noticeStart, s.noticeEnd)}</View>
        <View id='selection-status'>现在：{SELECTION_STATUS_LABELS[s.status]}</View>
        <View className='button-row'>
          {s.status === 'open' ? (
            <Button id='selection-nominate' size='large' onClick={() => void Taro.navigateTo({ url: `${ROUTES.learnNominate}?id=${s.id}` })}>
              推荐{s.kind === 'star' ? '一位居民' : '一个项目'}
            </Button>
          ) : null}
          {s.status !== 'open' ? (
            <Button id='selection-public' size='large' onClick={() => void Taro.navigateTo({ url: `${ROUTES.learnSelectionNotice}?areaId=${s.area.id}` })}>
              看公示页面
            </Button>
          ) : null}
        </View>
      </View>

      <Section id='selection-nominations' title={`推荐（${nominations.data?.length ?? 0} 条）`} note='被推荐的居民同意以后，才能看到他的学习记录，也才能入选。'>
        {nominations.error ? <ErrorNotice error={nominations.error} onRetry={nominations.reload} /> : null}
        {nominations.loading && !nominations.data ? <LoadingNotice /> : null}
        {nominations.data && !nominations.data.length ? <EmptyNotice id='nominations-empty' text='还没有收到推荐。' /> : null}
        {nominations.data?.map((n) => (
          <NominationRow
            key={n.id}
            n={n}
            selection={s}
            busy={busy}
            onSelect={() => void act(() => selectNomination(n.id), '已入选')}
            onReject={(reason) => void act(() => rejectNomination(n.id, reason), '已记下')}
          />
        ))}
      </Section>

      {s.status === 'open' ? (
        <Section id='selection-publish' title='评审完成后公示' note={`入选的会在公示页面上公开（姓名只显示部分、社区和事迹），公示到${periodText(s.noticeStart, s.noticeEnd)}。公示以后不能再改评审结果。`}>
          <Button id='selection-publish-submit' type='primary' size='large' block loading={busy} disabled={!s.selectedCount} onClick={() => void act(() => publishSelection(s.id), '已公示')}>
            入选名单开始公示
          </Button>
        </Section>
      ) : (
        <Section id='selection-objections' title='公示期间的异议' note='联系方式只给管理员看，已隐去一部分。异议成立的，取消入选。'>
          {objections.error ? <ErrorNotice error={objections.error} onRetry={objections.reload} /> : null}
          {objections.data && !objections.data.length ? <EmptyNotice id='objections-empty' text='没有收到异议。' /> : null}
          {objections.data?.map((o) => (
            <ObjectionRow key={o.id} o={o} name={nameOf(o.nominationId)} closed={s.status === 'final'}
              busy={busy}
              onAnswer={(text, upheld) => void act(() => answerObjection(o.id, text, upheld), '已答复')}
            />
          ))}
        </Section>
      )}

      {s.status === 'notice' ? (
        <Section id='selection-finalise' title='确定最终名单' note={unanswered ? `还有 ${unanswered} 条异议没有答复，答复以后才能确定。` : '公示结束、异议都答复以后，确定最终名单；公示结束后系统也会自动确定。'}>
          <Button id='selection-finalise-submit' type='primary' size='large' block loading={busy} onClick={() => void act(() => finaliseSelection(s.id), '已确定最终名单')}>
            确定最终名单
          </Button>
        </Section>
      ) : null}
      {s.status === 'final' ? <View className='card' id='selection-final'>最终名单已经确定，公示页面上显示的就是最终名单。</View> : null}
    </PageShell>
  )
}
