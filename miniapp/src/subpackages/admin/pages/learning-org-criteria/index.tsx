import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, ORGANISATION_LIMITS as L, Role, type OrganisationKind } from '@lp/shared'
import { useEffect, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { getOrganisationSettings, listCriteria, saveCriteria, saveOrganisationSettings } from '../../../../services/learning-organisations'
import { useCurrentUser } from '../../../../services/session'
import { errorText, tellDone } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import './index.scss'

const KINDS = ORGANISATION_KINDS.map((value) => ({ value, label: ORGANISATION_KIND_LABELS[value] }))

interface Draft {
  title: string
  maxScore: string
}

/**
 * 评估标准和复核日期: each kind's criteria as the district set them (the defaults until it does), and
 * the date by which each year's review is due. Only the 区级总管理员 changes them; others read.
 */
export default function OrganisationCriteriaPage() {
  const user = useCurrentUser()
  const editor = user?.role === Role.SuperAdmin
  const all = useLoader(() => listCriteria(), [user?.id], isAdmin(user))
  const settings = useLoader(() => getOrganisationSettings(), [user?.id], isAdmin(user))
  const [kind, setKind] = useState<OrganisationKind>('society')
  const [drafts, setDrafts] = useState<Draft[]>([])
  const [month, setMonth] = useState('')
  const [day, setDay] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const current = all.data?.find((c) => c.kind === kind) ?? null
  useEffect(() => {
    if (current) setDrafts(current.criteria.map((c) => ({ title: c.title, maxScore: String(c.maxScore) })))
  }, [current])
  useEffect(() => {
    if (settings.data) {
      setMonth(String(settings.data.reviewMonth))
      setDay(String(settings.data.reviewDay))
    }
  }, [settings.data])

  if (!user || !isAdmin(user)) {
    return (
      <PageShell className='criteria-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const set = (i: number, part: Partial<Draft>) => setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...part } : d)))
  const save = async () => {
    const criteria = drafts.map((d) => ({ title: d.title.trim(), maxScore: Number(d.maxScore) }))
    if (criteria.some((c) => !c.title || !Number.isInteger(c.maxScore))) return setProblem('每一项都要写明内容和满分（整数）')
    setBusy(true)
    setProblem(null)
    try {
      await saveCriteria(kind, criteria)
      tellDone('评估标准已保存')
      all.reload()
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }
  const saveDate = async () => {
    setBusy(true)
    setProblem(null)
    try {
      await saveOrganisationSettings(Number(month), Number(day))
      tellDone('复核日期已保存')
      settings.reload()
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className='criteria-page'>
      <View className='muted criteria-page__note'>
        {editor ? '修改后，新的评估按新标准打分；已经做过的评估保留当时的标准。' : '评估标准由区级总管理员设定。'}
      </View>
      {problem ? (
        <View className='card criteria-page__problem' id='criteria-error'>
          {problem}
        </View>
      ) : null}

      <Section id='criteria-review-date' title='年度复核截止日期' note='认定后，每年要在这一天前完成上一年度的复核，过了这一天没有复核的，认定失效。'>
        <View className='card'>
          {settings.error ? <ErrorNotice error={settings.error} onRetry={settings.reload} /> : null}
          {!settings.data ? (
            <LoadingNotice />
          ) : editor ? (
            <>
              <View className='criteria-page__date'>
                <FormField label='月'>
                  <Input id='criteria-review-month' type='number' value={month} maxLength={2} onChange={setMonth} />
                </FormField>
                <FormField label='日'>
                  <Input id='criteria-review-day' type='number' value={day} maxLength={2} onChange={setDay} />
                </FormField>
              </View>
              <Button id='criteria-review-save' size='large' block loading={busy} onClick={() => void saveDate()}>
                保存复核日期
              </Button>
            </>
          ) : (
            <InfoRow label='每年' value={`${settings.data.reviewMonth}月${settings.data.reviewDay}日前`} />
          )}
        </View>
      </Section>

      <Section id='criteria-kinds' title='评估标准'>
        <ChipGroup id='criteria-kind' options={KINDS} isOn={(v) => v === kind} onTap={setKind} />
        {all.error ? <ErrorNotice error={all.error} onRetry={all.reload} /> : null}
        {!current ? (
          <LoadingNotice />
        ) : (
          <View className='card' id='criteria-list'>
            {current.isDefault ? <View className='muted'>本区还没有设定，先用通用标准。</View> : null}
            {editor
              ? drafts.map((d, i) => (
                  <View className='criteria-page__item' key={i}>
                    <FormField label={`第 ${i + 1} 项`}>
                      <Input id={`criteria-title-${i}`} value={d.title} maxLength={L.criterionTitleMax} onChange={(v: string) => set(i, { title: v })} />
                    </FormField>
                    <FormField label='满分'>
                      <Input id={`criteria-max-${i}`} type='number' value={d.maxScore} maxLength={3} onChange={(v: string) => set(i, { maxScore: v })} />
                    </FormField>
                    {drafts.length > 1 ? (
                      <Button size='small' fill='outline' onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>
                        删去这一项
                      </Button>
                    ) : null}
                  </View>
                ))
              : current.criteria.map((c, i) => <InfoRow key={i} label={`${i + 1}. ${c.title}`} value={`${c.maxScore} 分`} />)}
            {editor ? (
              <View className='button-row'>
                {drafts.length < L.criteria ? (
                  <Button id='criteria-add' size='large' block onClick={() => setDrafts([...drafts, { title: '', maxScore: '10' }])}>
                    加一项
                  </Button>
                ) : null}
                <Button id='criteria-save' type='primary' size='large' block loading={busy} onClick={() => void save()}>
                  保存{ORGANISATION_KIND_LABELS[kind]}的评估标准
                </Button>
              </View>
            ) : null}
          </View>
        )}
      </Section>
    </PageShell>
  )
}
