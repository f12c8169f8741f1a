import { View } from '@tarojs/components'
import {
  ACHIEVEMENT_KIND_LABELS,
  CATEGORY_LABELS,
  CREDIT_ROUNDING_LABELS,
  Category,
  DEFAULT_CREDIT_RULES,
  formatCredits,
  shanghaiDate
} from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { estimateCredits, listRuleSets } from '../../../../services/credit'
import { toApiError } from '../../../../services/request'
import { MINUTES_PER_STUDY_HOUR, studyHoursText } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import type { CreditEstimate, RuleSetView } from '../../../../services/api/types'
import './index.scss'

const CATEGORY_OPTIONS = Object.values(Category).map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))

/** The version in force today (the latest that has started) and the ones announced for later. */
function currentOf(sets: RuleSetView[]): { current: RuleSetView | null; upcoming: RuleSetView[] } {
  const today = shanghaiDate()
  const started = sets.filter((s) => s.effectiveFrom.slice(0, 10) <= today).sort((a, b) => b.version - a.version)
  const upcoming = sets.filter((s) => s.effectiveFrom.slice(0, 10) > today).sort((a, b) => a.version - b.version)
  return { current: started[0] ?? null, upcoming }
}

const dayText = (date: string) => {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

function roundingText(set: RuleSetView): string {
  const rule = set.rules[0]
  if (!rule) return ''
  const step = rule.roundingStepMilli === 1 ? '千分之一学分' : `${formatCredits(rule.roundingStepMilli)} 学分`
  return `每条记录单独折算，按 ${step}${CREDIT_ROUNDING_LABELS[rule.rounding]}。`
}

/** "1.5" or "2" 学时 typed by a person, as whole minutes; null when it is not a sensible amount. */
function minutesOf(hours: string): number | null {
  const n = Number(hours.trim())
  if (!hours.trim() || !Number.isFinite(n) || n <= 0 || n > 1000) return null
  return Math.round(n * MINUTES_PER_STUDY_HOUR)
}

/** 学分怎么算: the rules in force, explained line by line, the achievement table, and "what are these hours worth". */
export default function RulesPage() {
  const sets = useLoader(() => listRuleSets(), [])
  const [category, setCategory] = useState<Category>(Category.SeniorEducation)
  const [hours, setHours] = useState('')
  const [estimate, setEstimate] = useState<CreditEstimate | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [asking, setAsking] = useState(false)

  const ask = async () => {
    const minutes = minutesOf(hours)
    if (minutes === null) {
      setProblem('请填学时，例如 1.5（1 学时是 60 分钟）。')
      return
    }
    setProblem(null)
    setAsking(true)
    try {
      setEstimate(await estimateCredits(category, minutes))
    } catch (error) {
      setEstimate(null)
      setProblem(toApiError(error).message)
    } finally {
      setAsking(false)
    }
  }

  const { current, upcoming } = currentOf(sets.data ?? [])
  const lines = current?.note ? current.note.split('\n').filter((l) => l.trim()) : DEFAULT_CREDIT_RULES.explanations
  const rules = current ? [...current.rules].sort((a, b) => a.minutesPerCredit - b.minutesPerCredit) : []

  return (
    <PageShell className='rules-page'>
      {sets.error ? <ErrorNotice error={sets.error} onRetry={sets.reload} /> : null}
      {sets.loading && !sets.data ? <LoadingNotice /> : null}

      <View className='card' id='rules-estimate'>
        <View className='card__title'>这些学时能记多少学分</View>
        <FormField label='学的是哪一类'>
          <ChipGroup
            id='rules-estimate-category'
            options={CATEGORY_OPTIONS}
            isOn={(v) => v === category}
            onTap={(v) => {
              setCategory(v)
              setEstimate(null)
            }}
          />
        </FormField>
        <FormField label='多少学时' hint='1 学时是 60 分钟，可以填 1.5 这样的数。' error={problem}>
          <Input
            id='rules-estimate-hours'
            type='digit'
            value={hours}
            placeholder='例如：10'
            maxLength={6}
            onChange={(value: string) => {
              setHours(value)
              setEstimate(null)
            }}
          />
        </FormField>
        <Button id='rules-estimate-submit' type='primary' size='large' block loading={asking} onClick={() => void ask()}>
          算一算
        </Button>
        {estimate ? (
          <View className='rules-estimate__result' id='rules-estimate-result' data-milli={estimate.creditsMilli}>
            <View>
              {CATEGORY_LABELS[estimate.category]} {studyHoursText(estimate.minutes)}，可以记
            </View>
            <View className='rules-estimate__big'>{formatCredits(estimate.creditsMilli)} 学分</View>
            {estimate.roomMilli !== null ? (
              <View className='muted' id='rules-estimate-room'>
                {estimate.roomMilli <= 0
                  ? '您今年这一类（或全年合计）已经记满了，再学也先不记学分。'
                  : estimate.roomMilli < estimate.creditsMilli
                    ? `您今年还能记 ${formatCredits(estimate.roomMilli)} 学分，多出的部分不记。`
                    : `您今年还能记 ${formatCredits(estimate.roomMilli)} 学分。`}
              </View>
            ) : null}
            <View className='muted'>按第 {estimate.ruleSetVersion} 版规则算。</View>
          </View>
        ) : null}
      </View>

      {current ? (
        <>
          <Section id='rules-categories' title='多少学时记 1 学分' note={`第 ${current.version} 版规则，${dayText(current.effectiveFrom)}起实行。`}>
            <View className='card rules-table'>
              <View className='rules-table__row rules-table__row--head'>
                <View className='rules-table__name'>类别</View>
                <View className='rules-table__cell'>1 学分要</View>
                <View className='rules-table__cell'>每年最多</View>
              </View>
              {rules.map((rule) => (
                <View key={rule.category} className='rules-table__row' id={`rules-category-${rule.category}`}>
                  <View className='rules-table__name'>{CATEGORY_LABELS[rule.category]}</View>
                  <View className='rules-table__cell'>{studyHoursText(rule.minutesPerCredit)}</View>
                  <View className='rules-table__cell'>{formatCredits(rule.yearlyCapMilli)} 学分</View>
                </View>
              ))}
              <View className='rules-table__foot' id='rules-overall-cap'>
                每人每年合计最多 {formatCredits(current.overallYearlyCapMilli)} 学分。{roundingText(current)}
              </View>
            </View>
          </Section>

          <Section id='rules-explanations' title='为什么这样算'>
            <View className='card'>
              {lines.map((line, i) => (
                <View key={line} className='rules-line'>
                  <View className='rules-line__no'>{i + 1}</View>
                  <View className='rules-line__text'>{line}</View>
                </View>
              ))}
            </View>
          </Section>

          {current.achievements.length ? (
            <Section id='rules-achievements' title='证书和获奖记多少学分' note='交“学分认定”，审核通过后记入，不占每年的学时上限。'>
              <View className='card rules-table'>
                {current.achievements.map((a) => (
                  <View key={a.code} className='rules-table__row' id={`rules-achievement-${a.code}`}>
                    <View className='rules-table__name'>
                      {a.name}
                      <View className='muted'>
                        {a.level} · {ACHIEVEMENT_KIND_LABELS[a.kind]}
                      </View>
                    </View>
                    <View className='rules-table__cell'>{formatCredits(a.creditsMilli)} 学分</View>
                  </View>
                ))}
              </View>
            </Section>
          ) : null}

          {upcoming.length ? (
            <Section id='rules-upcoming' title='将要实行的新规则'>
              <View className='card'>
                {upcoming.map((s) => (
                  <View key={s.id} className='muted'>
                    第 {s.version} 版，{dayText(s.effectiveFrom)}起实行。已经记下的学分不会变。
                  </View>
                ))}
              </View>
            </Section>
          ) : null}
        </>
      ) : sets.data ? (
        <Section id='rules-explanations' title='为什么这样算'>
          <View className='card'>
            {DEFAULT_CREDIT_RULES.explanations.map((line) => (
              <View key={line} className='rules-line__text'>
                {line}
              </View>
            ))}
          </View>
        </Section>
      ) : null}
    </PageShell>
  )
}
