import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { ORGANISATION_LIMITS as L, type OrganisationKind } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import ReasonForm from '../../../../components/ReasonForm'
import Section from '../../../../components/Section'
import { useDecision } from '../../../../hooks/useDecision'
import { useLoader } from '../../../../hooks/useLoader'
import {
  addSubsidy,
  assessOrganisation,
  getOrganisation,
  linkActivity,
  listCriteria,
  reviewOrganisation,
  unlinkActivity,
  yuanText
} from '../../../../services/learning-organisations'
import { listOfferings } from '../../../../services/offerings'
import { useCurrentUser } from '../../../../services/session'
import { errorText, tellDone, tellError } from '../../../../utils/feedback'
import { textParam } from '../../../../utils/params'
import { isAdmin } from '../../../../utils/routes'
import { formatDay, formatDayTime, isDate } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import type { OrganisationCriterion, OrganisationView } from '../../../../services/api/types'
import './index.scss'

const dayText = (day: string) => formatDay(`${day}T12:00:00+08:00`)

interface Scored {
  score: string
  comment: string
}

/** One score and comment per criterion of the kind, as the district set them. */
function ScoreSheet({ criteria, scores, onChange }: { criteria: OrganisationCriterion[]; scores: Scored[]; onChange: (next: Scored[]) => void }) {
  // one entry per criterion, even before any was filled in
  const set = (i: number, part: Partial<Scored>) =>
    onChange(criteria.map((_, j) => ({ score: scores[j]?.score ?? '', comment: scores[j]?.comment ?? '', ...(j === i ? part : {}) })))
  return (
    <View id='organisation-scores'>
      {criteria.map((c, i) => (
        <View className='organisation-page__criterion' key={`${i}-${c.title}`}>
          <View className='organisation-page__criterion-title'>
            {i + 1}. {c.title}（满分 {c.maxScore} 分）
          </View>
          <FormField label='得分'>
            <Input id={`organisation-score-${i}`} type='number' value={scores[i]?.score ?? ''} placeholder={`0 到 ${c.maxScore}`} maxLength={3} onChange={(v: string) => set(i, { score: v })} />
          </FormField>
          <FormField label='评语' hint='可以不写'>
            <Input id={`organisation-comment-${i}`} value={scores[i]?.comment ?? ''} placeholder='例如：计划清楚，有记录' maxLength={L.commentMax} onChange={(v: string) => set(i, { comment: v })} />
          </FormField>
        </View>
      ))}
    </View>
  )
}

/** The scores as the server takes them, or what is missing in Chinese. */
function scoresOf(criteria: OrganisationCriterion[], scores: Scored[]): { score: number; comment: string }[] | string {
  const out: { score: number; comment: string }[] = []
  for (let i = 0; i < criteria.length; i++) {
    const raw = (scores[i]?.score ?? '').trim()
    const score = Number(raw)
    if (!/^\d+$/.test(raw) || score > criteria[i].maxScore) return `请给第 ${i + 1} 项“${criteria[i].title}”打 0 到 ${criteria[i].maxScore} 分`
    out.push({ score, comment: (scores[i]?.comment ?? '').trim() })
  }
  return out
}

/** 补助经费 and 开展的活动 of a 学习型社团. */
function SocietyParts({ org, onChanged }: { org: OrganisationView; onChanged: () => void }) {
  const [amount, setAmount] = useState('')
  const [grantedOn, setGrantedOn] = useState('')
  const [source, setSource] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const offerings = useLoader(() => listOfferings({ areaId: org.area.id, limit: 20 }), [org.area.id])
  const linked = new Set(org.activities.map((a) => a.offeringId))

  const record = async () => {
    const yuan = Number(amount)
    if (!/^\d+(\.\d{1,2})?$/.test(amount.trim()) || yuan <= 0) return setProblem('请填写补助金额，单位是元，例如 3000')
    if (!isDate(grantedOn.trim())) return setProblem('请填写发放日期，例如 2026-06-30')
    setBusy(true)
    setProblem(null)
    try {
      await addSubsidy(org.id, { amountFen: Math.round(yuan * 100), grantedOn: grantedOn.trim(), source: source.trim() })
      tellDone('补助已登记')
      setAmount('')
      setGrantedOn('')
      setSource('')
      onChanged()
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }
  const toggle = async (offeringId: number) => {
    try {
      await (linked.has(offeringId) ? unlinkActivity(org.id, offeringId) : linkActivity(org.id, offeringId))
      onChanged()
    } catch (error) {
      tellError(error)
    }
  }

  return (
    <>
      <Section id='organisation-subsidies' title='补助经费' note={org.subsidies.length ? `共 ${yuanText(org.subsidies.reduce((s, x) => s + x.amountFen, 0))}` : '还没有登记补助'}>
        <View className='card'>
          {org.subsidies.map((s) => (
            <View className='organisation-page__row' key={s.id}>
              <View>
                {dayText(s.grantedOn)} · {s.source}
              </View>
              <View>{yuanText(s.amountFen)}</View>
            </View>
          ))}
          {problem ? <View className='organisation-page__problem' id='organisation-subsidy-error'>{problem}</View> : null}
          <FormField label='补助金额（元）'>
            <Input id='organisation-subsidy-amount' type='digit' value={amount} placeholder='例如：3000' maxLength={10} onChange={setAmount} />
          </FormField>
          <FormField label='发放日期'>
            <Input id='organisation-subsidy-date' value={grantedOn} placeholder='例如：2026-06-30' maxLength={10} onChange={setGrantedOn} />
          </FormField>
          <FormField label='经费来源'>
            <Input id='organisation-subsidy-source' value={source} placeholder='例如：街道社区教育经费' maxLength={L.sourceMax} onChange={setSource} />
          </FormField>
          <Button id='organisation-subsidy-add' size='large' block loading={busy} onClick={() => void record()}>
            登记这笔补助
          </Button>
        </View>
      </Section>
      <Section id='organisation-activities' title='开展的活动' note='点“关联”把社团开展的活动记在它名下；再点一次取消。'>
        <View className='card'>
          {org.activities.map((a) => (
            <View className='organisation-page__row' key={`linked-${a.offeringId}`} id={`organisation-activity-${a.offeringId}`}>
              <View>
                {a.title}
                {a.startsAt ? `（${formatDayTime(a.startsAt)}）` : ''}
              </View>
              <Button size='small' fill='outline' onClick={() => void toggle(a.offeringId)}>
                取消关联
              </Button>
            </View>
          ))}
          {offerings.error ? <ErrorNotice error={offerings.error} onRetry={offerings.reload} /> : null}
          {(offerings.data?.items ?? [])
            .filter((o) => !linked.has(o.id))
            .map((o) => (
              <View className='organisation-page__row' key={o.id}>
                <View>{o.title}</View>
                <Button id={`organisation-link-${o.id}`} size='small' onClick={() => void toggle(o.id)}>
                  关联
                </Button>
              </View>
            ))}
        </View>
      </Section>
    </>
  )
}

/** One 学习型组织: what it is, its assessment (认定 or 退回) or yearly review, its history; for 社团 subsidies and activities. */
export default function OrganisationPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const id = textParam(params.id)
  const allowed = !!id && isAdmin(user)
  const found = useLoader(() => getOrganisation(id), [id], allowed)
  const criteria = useLoader(() => listCriteria(), [user?.id], allowed)
  const { busy, decide } = useDecision<'recognise' | 'return' | 'review'>(() => found.reload())
  const [scores, setScores] = useState<Scored[]>([])
  const [comment, setComment] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  if (!allowed) {
    return (
      <PageShell className='organisation-page'>
        <EmptyNotice text='请用管理员账号，从“学习型组织”进入。' actionText='返回' onAction={() => void Taro.navigateBack()} />
      </PageShell>
    )
  }
  const org = found.data
  if (!org) {
    return (
      <PageShell className='organisation-page'>
        {found.error ? <ErrorNotice error={found.error} onRetry={found.reload} /> : <LoadingNotice />}
      </PageShell>
    )
  }

  const sheet = criteria.data?.find((c) => c.kind === (org.kind as OrganisationKind))?.criteria ?? []
  const scored = () => {
    const out = scoresOf(sheet, scores)
    if (typeof out === 'string') {
      setProblem(out)
      return null
    }
    setProblem(null)
    return out
  }
  const recognise = () => {
    const s = scored()
    if (s) void decide('recognise', () => assessOrganisation(org.id, { outcome: 'recognise', scores: s, comment: comment.trim() }), '已认定')
  }
  const sendBack = (reason: string) => {
    const s = scored()
    if (s) void decide('return', () => assessOrganisation(org.id, { outcome: 'return', scores: s, reason }), '已退回')
  }
  const review = () => {
    const s = scored()
    if (s) void decide('review', () => reviewOrganisation(org.id, { scores: s, comment: comment.trim() }), '年度复核已完成')
  }

  return (
    <PageShell className='organisation-page'>
      <View className='card' id='organisation-facts' data-status={org.status}>
        <View className='card__title'>{org.name}</View>
        <InfoRow label='类型' value={org.kindLabel} />
        <InfoRow label='所在区域' value={org.area.name} />
        <InfoRow label='状态' value={org.statusLabel} />
        {org.recognisedOn ? <InfoRow label='认定日期' value={dayText(org.recognisedOn)} /> : null}
        {org.reviewDueOn ? <InfoRow label='年度复核截止' value={dayText(org.reviewDueOn)} /> : null}
        {org.lapsedOn ? <InfoRow label='失效日期' value={dayText(org.lapsedOn)} /> : null}
        {org.returnReason ? <InfoRow label='退回原因' value={org.returnReason} /> : null}
        <InfoRow label='联系人' value={`${org.contactName} ${org.contactPhone}`} />
        <InfoRow label='登记时间' value={formatDayTime(org.submittedAt)} />
      </View>

      <Section title={`成员（${org.memberCount} 人）`}>
        <View className='card organisation-page__members'>{org.members.join('、')}</View>
      </Section>
      <Section title='学习计划'>
        <View className='card organisation-page__plan'>{org.plan}</View>
      </Section>

      {org.canAssess ? (
        <View className='card organisation-page__panel' id='organisation-panel'>
          <View className='card__title'>{org.status === 'applied' ? '评估' : '年度复核'}</View>
          <View className='muted'>
            {org.status === 'applied'
              ? '按本区的评估标准逐项打分。符合要求就认定；不符合就写明原因退回，登记的人改好后可以重新提交。'
              : '每年复核一次。复核后，认定延续到下一年的复核截止日期。'}
          </View>
          {criteria.error ? <ErrorNotice error={criteria.error} onRetry={criteria.reload} /> : null}
          {sheet.length ? <ScoreSheet criteria={sheet} scores={scores} onChange={setScores} /> : <LoadingNotice />}
          <FormField label='总体评语' hint='可以不写'>
            <Input id='organisation-overall' value={comment} placeholder='例如：材料齐全，活动经常' maxLength={L.commentMax} onChange={setComment} />
          </FormField>
          {problem ? <View className='organisation-page__problem' id='organisation-panel-error'>{problem}</View> : null}
          {org.status === 'applied' ? (
            <>
              <View className='button-row'>
                <Button id='organisation-recognise' type='primary' size='large' block loading={busy === 'recognise'} disabled={busy !== null} onClick={recognise}>
                  认定为{org.kindLabel}
                </Button>
              </View>
              <View className='organisation-page__return'>
                <ReasonForm
                  id='organisation-reason'
                  confirmId='organisation-return'
                  label='不能认定？写明原因退回'
                  hint='登记的人会看到原因。'
                  placeholder='例如：学习计划太简单，请写明每月的安排。'
                  confirmText='退回'
                  busy={busy === 'return'}
                  maxLength={L.reasonMax}
                  onConfirm={sendBack}
                />
              </View>
            </>
          ) : (
            <View className='button-row'>
              <Button id='organisation-review' type='primary' size='large' block loading={busy === 'review'} disabled={busy !== null} onClick={review}>
                完成年度复核
              </Button>
            </View>
          )}
        </View>
      ) : org.status === 'applied' ? (
        <View className='card muted' id='organisation-waiting'>
          等待{org.area.name}上一级的管理员评估。登记它的人不能评估它。
        </View>
      ) : null}

      {org.kind === 'society' ? <SocietyParts org={org} onChanged={found.reload} /> : null}

      <Section id='organisation-history' title='评估记录' note={org.assessments.length ? undefined : '还没有评估过'}>
        {org.assessments.map((a) => (
          <View className='card' key={a.id}>
            <View className='card__title'>
              {a.outcome === 'recognised' ? '认定' : a.outcome === 'returned' ? '退回' : '年度复核'} · {a.totalScore}/{a.maxScore} 分
            </View>
            <View className='muted'>
              {a.assessorName} · {formatDayTime(a.at)}
            </View>
            {a.scores.map((s, i) => (
              <InfoRow key={i} label={s.title} value={`${s.score}/${s.maxScore}${s.comment ? `，${s.comment}` : ''}`} />
            ))}
            {a.comment ? <View>{a.comment}</View> : null}
          </View>
        ))}
      </Section>
    </PageShell>
  )
}
