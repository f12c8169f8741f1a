import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { AreaLevel, SELECTION_KIND_NAMES, SELECTION_KINDS, SELECTION_LIMITS, shanghaiDate, type SelectionKind } from '@lp/shared'
import { useRef, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import type { SelectionRules } from '../../../../services/api/types'
import { ApiError, toApiError } from '../../../../services/request'
import { createSelection, getSelectionRules, listSelections, saveSelectionRules } from '../../../../services/selections'
import { useCurrentUser } from '../../../../services/session'
import { tellDone } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { SELECTION_STATUS_LABELS, periodText, selectionHeading } from '../../../../utils/selections'
import { MINUTES_PER_STUDY_HOUR, addDays, studyHoursText } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import './index.scss'

interface NewSelection {
  kind: SelectionKind
  title: string
  year: string
  quota: string
  nominateFrom: string
  nominateUntil: string
  noticeStart: string
  noticeEnd: string
}

/** This year's campaign: nominations from today for a month, then a week of 公示. */
function freshForm(kind: SelectionKind): NewSelection {
  const today = shanghaiDate()
  const year = today.slice(0, 4)
  return {
    kind,
    title: `${year}年度${SELECTION_KIND_NAMES[kind]}评选`,
    year,
    quota: '10',
    nominateFrom: today,
    nominateUntil: addDays(today, 30),
    noticeStart: addDays(today, 31),
    noticeEnd: addDays(today, 37)
  }
}

/** The district's rules as the form holds them: empty means 不限; hours rather than minutes. */
interface RulesForm {
  excludeWinnersYears: string
  minHours: string
  minAge: string
  maxAge: string
}

const toText = (n: number | null) => (n === null ? '' : String(n))
const toNumber = (s: string) => (s.trim() === '' ? null : Number(s.trim()))

function rulesText(r: SelectionRules): string {
  const parts = [
    r.excludeWinnersYears !== null ? `获评后${r.excludeWinnersYears}年内不能再参评` : null,
    r.minMinutes !== null ? `当年学习满${studyHoursText(r.minMinutes)}` : null,
    r.minAge !== null ? `年满${r.minAge}周岁` : null,
    r.maxAge !== null ? `不超过${r.maxAge}周岁` : null
  ].filter(Boolean)
  return parts.length ? parts.join('；') : '不限条件'
}

/** 百姓学习之星 and 终身学习品牌项目: the area's yearly selections, a new one, and the district's eligibility rules. */
export default function AdminSelectionsPage() {
  const user = useCurrentUser()
  const area = isAdmin(user) ? (user?.area ?? null) : null
  const selections = useLoader(() => listSelections(area?.id), [area?.id], !!area)
  const rules = useLoader(getSelectionRules, [area?.id], !!area)
  const [form, setForm] = useState<NewSelection>(() => freshForm('star'))
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [editing, setEditing] = useState<{ kind: SelectionKind; form: RulesForm } | null>(null)
  const [rulesProblem, setRulesProblem] = useState<ApiError | null>(null)
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) selections.reload()
    shownOnce.current = true
  })

  if (!user || !area) {
    return (
      <PageShell className='admin-page selections-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  const district = area.level === AreaLevel.District

  const create = async () => {
    setBusy(true)
    setProblem(null)
    try {
      const made = await createSelection({
        kind: form.kind,
        areaId: area.id,
        title: form.title.trim(),
        year: Number(form.year),
        quota: Number(form.quota),
        nominateFrom: form.nominateFrom.trim(),
        nominateUntil: form.nominateUntil.trim(),
        noticeStart: form.noticeStart.trim(),
        noticeEnd: form.noticeEnd.trim()
      })
      tellDone('评选已开展')
      setForm(freshForm(form.kind))
      selections.reload()
      void Taro.navigateTo({ url: `${ROUTES.adminSelection}?id=${made.id}` })
    } catch (error) {
      setProblem(toApiError(error))
    } finally {
      setBusy(false)
    }
  }

  const saveRules = async () => {
    if (!editing) return
    setBusy(true)
    setRulesProblem(null)
    try {
      const hours = toNumber(editing.form.minHours)
      await saveSelectionRules({
        kind: editing.kind,
        excludeWinnersYears: toNumber(editing.form.excludeWinnersYears),
        minMinutes: hours === null ? null : Math.round(hours * MINUTES_PER_STUDY_HOUR),
        minAge: toNumber(editing.form.minAge),
        maxAge: toNumber(editing.form.maxAge)
      })
      tellDone('条件已保存')
      setEditing(null)
      rules.reload()
    } catch (error) {
      setRulesProblem(toApiError(error))
    } finally {
      setBusy(false)
    }
  }

  const field = (key: keyof NewSelection, label: string, hint: string, max: number) => (
    <FormField label={label} hint={hint}>
      <Input id={`selection-new-${key}`} value={form[key]} maxLength={max} onChange={(v) => setForm({ ...form, [key]: v })} />
    </FormField>
  )
  const ruleField = (key: keyof RulesForm, label: string, hint: string) =>
    editing ? (
      <FormField label={label} hint={hint}>
        <Input id={`rules-${key}`} type='digit' value={editing.form[key]} maxLength={6} onChange={(v) => setEditing({ ...editing, form: { ...editing.form, [key]: v } })} />
      </FormField>
    ) : null

  return (
    <PageShell className='admin-page selections-page'>
      <View className='admin-page__title'>{area.name}的评选</View>
      <View className='muted admin-page__note'>
        百姓学习之星和终身学习品牌项目每年评选一次：社区、学校推荐或居民自荐，被推荐的居民同意后才评审，入选名单公示（姓名只显示部分），公示结束后确定最终名单。不参加排名的居民不会出现在任何名单里。
      </View>

      <View className='card selection-row' id='selections-nominate'>
        <View>上级区域开展的评选，也可以推荐本辖区的居民或项目。</View>
        <Button id='selections-nominate-open' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.learnNominate })}>
          推荐参加评选
        </Button>
      </View>

      <Section id='selections-list' title='本辖区的评选'>
        {selections.error ? <ErrorNotice error={selections.error} onRetry={selections.reload} /> : null}
        {selections.loading && !selections.data ? <LoadingNotice /> : null}
        {selections.data && !selections.data.length ? <EmptyNotice id='selections-empty' text='还没有开展过评选。可以在下面开展一项。' /> : null}
        {selections.data?.map((s) => (
          <View key={s.id} className='card selection-row' id={`selection-${s.id}`} data-status={s.status}>
            <View className='card__title'>{selectionHeading(s)}</View>
            <View>
              {s.area.name}，{s.year}年，名额 {s.quota} 名，已入选 {s.selectedCount} 名
            </View>
            <View>推荐时间：{periodText(s.nominateFrom, s.nominateUntil)}</View>
            <View>公示时间：{periodText(s.noticeStart, s.noticeEnd)}</View>
            <View className='selection-row__status'>现在：{SELECTION_STATUS_LABELS[s.status]}</View>
            <Button id={`selection-${s.id}-open`} type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: `${ROUTES.adminSelection}?id=${s.id}` })}>
              查看推荐、评审和公示
            </Button>
          </View>
        ))}
      </Section>

      <Section id='selection-new' title='开展一项评选' note={`评选区域是${area.name}。同一区域同一年每种评选只能开展一次。`}>
        <View className='card'>
          <View className='button-row' id='selection-new-kind'>
            {SELECTION_KINDS.map((kind) => (
              <Button
                key={kind}
                id={`selection-new-kind-${kind}`}
                size='large'
                type={form.kind === kind ? 'primary' : 'default'}
                fill={form.kind === kind ? 'solid' : 'outline'}
                onClick={() => setForm({ ...form, kind, title: freshForm(kind).title })}
              >
                {SELECTION_KIND_NAMES[kind]}
              </Button>
            ))}
          </View>
          {field('title', '评选名称', `${SELECTION_LIMITS.titleMin}到${SELECTION_LIMITS.titleMax}个字`, SELECTION_LIMITS.titleMax)}
          {field('year', '年度', '如 2026', 4)}
          {field('quota', '名额', `最多评出几名（几项），1到${SELECTION_LIMITS.quotaMax}`, 3)}
          {field('nominateFrom', '推荐开始日期', '格式如 2026-03-01', 10)}
          {field('nominateUntil', '推荐截止日期', '格式如 2026-04-30', 10)}
          {field('noticeStart', '公示开始日期', '要在推荐截止以后', 10)}
          {field('noticeEnd', '公示结束日期', '公示至少5天', 10)}
          {problem ? <ErrorNotice error={problem} /> : null}
          <Button id='selection-new-submit' type='primary' size='large' block loading={busy} onClick={() => void create()}>
            开展评选
          </Button>
        </View>
      </Section>

      <Section id='selection-rules' title='参评条件' note={district ? '全区的评选都按这里的条件。不填的一项表示不限。' : '参评条件由区级管理员统一设定，这里只能查看。'}>
        {rules.error ? <ErrorNotice error={rules.error} onRetry={rules.reload} /> : null}
        {rules.data?.map((r) => (
          <View key={r.kind} className='card selection-rules' id={`rules-${r.kind}`}>
            <View className='card__title'>{SELECTION_KIND_NAMES[r.kind]}</View>
            <View>{rulesText(r)}</View>
            {district && editing?.kind !== r.kind ? (
              <Button
                id={`rules-${r.kind}-edit`}
                size='large'
                onClick={() => {
                  setRulesProblem(null)
                  setEditing({
                    kind: r.kind,
                    form: {
                      excludeWinnersYears: toText(r.excludeWinnersYears),
                      minHours: r.minMinutes === null ? '' : String(Math.round((r.minMinutes / MINUTES_PER_STUDY_HOUR) * 10) / 10),
                      minAge: toText(r.minAge),
                      maxAge: toText(r.maxAge)
                    }
                  })
                }}
              >
                修改条件
              </Button>
            ) : null}
            {editing?.kind === r.kind ? (
              <View id='rules-form'>
                {ruleField('excludeWinnersYears', '获评后几年内不能再参评', '如 3；不填表示不限')}
                {ruleField('minHours', '当年至少学习多少学时', '如 20；不填表示不限')}
                {ruleField('minAge', '最小年龄（周岁）', '不填表示不限')}
                {ruleField('maxAge', '最大年龄（周岁）', '不填表示不限')}
                {rulesProblem ? <ErrorNotice error={rulesProblem} /> : null}
                <View className='button-row'>
                  <Button id='rules-save' type='primary' size='large' loading={busy} onClick={() => void saveRules()}>
                    保存条件
                  </Button>
                  <Button id='rules-cancel' size='large' onClick={() => setEditing(null)}>
                    不改了
                  </Button>
                </View>
              </View>
            ) : null}
          </View>
        ))}
      </Section>
    </PageShell>
  )
}
