import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CATEGORY_LABELS, CREDIT_ROUNDING_LABELS, CreditRounding, RoundingStep, ruleSetChanges } from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import FormField from '../../../../components/FormField'
import TextBox from '../../../../components/TextBox'
import { publishRuleSet, type RuleSetInput } from '../../../../services/credit-rules'
import type { RuleSetVersions, RuleSetView } from '../../../../services/api/types'
import { tellError } from '../../../../utils/feedback'
import { Button, Input } from '../../../../ui/nutui'
import { ChangeTable } from './RuleTables'
import { CategoryDraft, ROUNDING_STEP_OPTIONS, RuleDraft, dayText, draftOf, inputOf, suggestedDays, versionBefore } from './rule-form'

const ROUNDING_OPTIONS = (Object.keys(CREDIT_ROUNDING_LABELS) as CreditRounding[]).map((value) => ({ value, label: CREDIT_ROUNDING_LABELS[value] }))

interface Props {
  calendar: RuleSetVersions
  /** The version the draft starts from (the one in force). */
  from: RuleSetView
  onPublished: (made: RuleSetView) => void
  onCancel: () => void
}

/** One category's rule in the editor: 学时 a credit, the yearly cap, and how amounts are rounded. */
function CategoryRow({ draft, onChange }: { draft: CategoryDraft; onChange: (next: CategoryDraft) => void }) {
  const id = `rule-${draft.category}`
  return (
    <View className='admin-table__row' id={id}>
      <View className='admin-table__cell credit-rules__category'>{CATEGORY_LABELS[draft.category]}</View>
      <View className='admin-table__cell'>
        <Input id={`${id}-hours`} type='digit' value={draft.hours} maxLength={8} onChange={(hours: string) => onChange({ ...draft, hours })} />
        <View className='muted'>学时记 1 学分</View>
      </View>
      <View className='admin-table__cell'>
        <Input id={`${id}-cap`} type='digit' value={draft.capCredits} maxLength={8} onChange={(capCredits: string) => onChange({ ...draft, capCredits })} />
        <View className='muted'>每年最多（学分）</View>
      </View>
      <View className='admin-table__cell admin-table__cell--wide'>
        <ChipGroup
          id={`${id}-step`}
          options={ROUNDING_STEP_OPTIONS}
          isOn={(v) => v === String(draft.roundingStepMilli)}
          onTap={(v) => onChange({ ...draft, roundingStepMilli: Number(v) as RoundingStep })}
        />
        <ChipGroup id={`${id}-rounding`} options={ROUNDING_OPTIONS} isOn={(v) => v === draft.rounding} onTap={(rounding) => onChange({ ...draft, rounding })} />
      </View>
    </View>
  )
}

/**
 * A new version, starting from the one in force: the admin changes what they mean to, picks the
 * first day it applies (tomorrow at the earliest), reads every change old → new, then publishes.
 */
export default function RuleEditor({ calendar, from, onPublished, onCancel }: Props) {
  const days = suggestedDays(calendar.earliestEffectiveFrom)
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(from, days[0].value))
  const [problem, setProblem] = useState<string | null>(null)
  const [review, setReview] = useState<{ input: RuleSetInput; follows: RuleSetView | null; until: RuleSetView | null } | null>(null)
  const [busy, setBusy] = useState(false)
  const change = (next: Partial<RuleDraft>) => {
    setDraft((now) => ({ ...now, ...next }))
    setReview(null)
  }
  const setRule = (at: number, rule: CategoryDraft) => change({ rules: draft.rules.map((r, i) => (i === at ? rule : r)) })

  const check = () => {
    const made = inputOf(draft, calendar.earliestEffectiveFrom, (c) => CATEGORY_LABELS[c])
    if ('problem' in made) {
      setProblem(made.problem)
      return
    }
    const follows = versionBefore(calendar.versions, made.input.effectiveFrom)
    if (calendar.versions.some((v) => v.effectiveFrom === made.input.effectiveFrom)) {
      setProblem(`${dayText(made.input.effectiveFrom)} 已经有一版规则开始实行了，请换一天。`)
      return
    }
    if (follows && !ruleSetChanges(follows, { ...made.input, note: made.input.note ?? '' }).length) {
      setProblem('还没有改动任何内容。请先改一项，再查看改动。')
      return
    }
    setProblem(null)
    // a version already scheduled after that day takes over from it again
    const until = [...calendar.versions].reverse().find((v) => v.effectiveFrom > made.input.effectiveFrom) ?? null
    setReview({ input: made.input, follows, until })
  }

  const publish = async () => {
    if (!review) return
    const { confirm } = await Taro.showModal({
      title: '发布新规则',
      content: `从 ${dayText(review.input.effectiveFrom)} 起，新的学习按这一版记学分；在这之前已经记下的学分不变。发布后不能修改，只能再发一版。`,
      confirmText: '确认发布',
      cancelText: '再看看'
    })
    if (!confirm) return
    setBusy(true)
    try {
      onPublished(await publishRuleSet(calendar.districtId, review.input))
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='card' id='rule-editor'>
      <View className='card__title'>修改规则（从第 {from.version} 版开始改）</View>
      <View className='muted'>改好以后先查看改动，确认无误再发布。新规则最早从明天开始实行，已经记下的学分不会重算。</View>

      <FormField label='从哪一天开始实行' hint={`今天是 ${dayText(calendar.today)}，最早可以选明天。也可以直接填日期，例如 2027-01-01。`}>
        <ChipGroup id='rule-day' options={days} isOn={(v) => v === draft.effectiveFrom} onTap={(effectiveFrom) => change({ effectiveFrom })} />
        <Input id='rule-day-input' value={draft.effectiveFrom} placeholder='2027-01-01' maxLength={10} onChange={(effectiveFrom: string) => change({ effectiveFrom: effectiveFrom.trim() })} />
      </FormField>

      <FormField label='每人每年合计最多（学分）'>
        <Input id='rule-overall' type='digit' value={draft.overallCredits} maxLength={8} onChange={(overallCredits: string) => change({ overallCredits })} />
      </FormField>

      <View className='credit-rules__subtitle'>各类学习怎样记学分</View>
      <View className='admin-table'>
        <View className='admin-table__row admin-table__head'>
          <View className='admin-table__cell'>学习类别</View>
          <View className='admin-table__cell'>多少学时记 1 学分</View>
          <View className='admin-table__cell'>每年最多</View>
          <View className='admin-table__cell admin-table__cell--wide'>保留到、取整方式</View>
        </View>
        {draft.rules.map((r, i) => (
          <CategoryRow key={r.category} draft={r} onChange={(next) => setRule(i, next)} />
        ))}
      </View>

      <View className='credit-rules__subtitle'>证书、获奖认定多少学分</View>
      <View className='admin-table'>
        {draft.achievements.map((a, i) => (
          <View key={a.achievement.code} className='admin-table__row' id={`rule-achievement-${a.achievement.code}`}>
            <View className='admin-table__cell admin-table__cell--wide'>
              {a.achievement.name}（{a.achievement.level}）
            </View>
            <View className='admin-table__cell'>
              {a.kept ? (
                <Input
                  id={`rule-achievement-${a.achievement.code}-credits`}
                  type='digit'
                  value={a.credits}
                  maxLength={8}
                  onChange={(credits: string) => change({ achievements: draft.achievements.map((x, j) => (j === i ? { ...x, credits } : x)) })}
                />
              ) : (
                <View className='muted'>不再认定</View>
              )}
            </View>
            <View className='admin-table__cell admin-table__actions'>
              <Button
                id={`rule-achievement-${a.achievement.code}-toggle`}
                size='small'
                onClick={() => change({ achievements: draft.achievements.map((x, j) => (j === i ? { ...x, kept: !x.kept } : x)) })}
              >
                {a.kept ? '不再认定' : '恢复认定'}
              </Button>
            </View>
          </View>
        ))}
      </View>

      <FormField label='规则说明' hint='居民在“学分怎么算”里看到这段话。'>
        <TextBox id='rule-note' value={draft.note} maxLength={500} tall onChange={(note) => change({ note })} />
      </FormField>

      {problem ? (
        <View className='credit-rules__problem' id='rule-problem'>
          {problem}
        </View>
      ) : null}

      {review ? (
        <View className='credit-rules__review' id='rule-review'>
          <View className='credit-rules__when' id='rule-review-when'>
            从 {dayText(review.input.effectiveFrom)} 起实行{review.follows ? `，接替第 ${review.follows.version} 版` : ''}。这一天以前的学习仍按原来的规则记学分。
            {review.until ? `已经排好的第 ${review.until.version} 版从 ${dayText(review.until.effectiveFrom)} 起照常接替它。` : ''}
          </View>
          {review.follows ? <ChangeTable changes={ruleSetChanges(review.follows, { ...review.input, note: review.input.note ?? '' })} /> : null}
          <Button id='rule-publish' type='primary' size='large' block loading={busy} onClick={() => void publish()}>
            确认发布
          </Button>
        </View>
      ) : (
        <Button id='rule-check' type='primary' size='large' block onClick={check}>
          查看改动
        </Button>
      )}
      <View className='button-row'>
        <Button id='rule-cancel' size='large' block disabled={busy} onClick={onCancel}>
          不改了
        </Button>
      </View>
    </View>
  )
}
