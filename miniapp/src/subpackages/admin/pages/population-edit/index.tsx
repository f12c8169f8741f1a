import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { POPULATION_FIGURE_MAX } from '@lp/shared'
import { useEffect, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { getPopulation, savePopulation } from '../../../../services/areas'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { tellDone } from '../../../../utils/feedback'
import { isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import { FIGURES } from '../../population-fields'
import { checkFigures, draftOf, type FiguresDraft, type FiguresProblems } from './figures-form'
import './index.scss'

/** Page parameters arrive encoded in the mini program and decoded in H5. */
function readableParam(value: string | undefined): string {
  if (!value) return ''
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** Enter or correct one area's population figures for one year. */
export default function PopulationEditPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const areaId = Number(params.areaId)
  const year = Number(params.year)
  const name = readableParam(params.name)
  const valid = Number.isInteger(areaId) && areaId > 0 && Number.isInteger(year) && year > 1900

  const existing = useLoader(() => getPopulation(areaId, year), [areaId, year], valid && isAdmin(user))
  const [draft, setDraft] = useState<FiguresDraft>(draftOf(null))
  const [problems, setProblems] = useState<FiguresProblems>({})
  const [serverError, setServerError] = useState<ApiError | null>(null)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    if (existing.data !== undefined) setDraft(draftOf(existing.data))
  }, [existing.data])

  if (!valid || !isAdmin(user)) {
    return (
      <PageShell className='population-edit'>
        <EmptyNotice text='请从“人口基础数据”页面进入这里。' actionText='返回' onAction={() => void Taro.navigateBack()} />
      </PageShell>
    )
  }

  const save = async () => {
    const { problems: found, input } = checkFigures(draft)
    setProblems(found)
    setServerError(null)
    if (!input) return
    setSaving(true)
    try {
      await savePopulation(areaId, year, input)
      tellDone('已保存')
      void Taro.navigateBack()
    } catch (error) {
      setServerError(toApiError(error))
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    } finally {
      setSaving(false)
    }
  }

  return (
    <PageShell className='population-edit'>
      <View className='population-edit__title'>
        {name} {year}年
      </View>
      <View className='muted population-edit__note'>
        填人数和组织个数，没有就填 0。各类人群都不能多于常住人口，已创建的学习型组织不能多于各类组织数。
      </View>

      {serverError ? <ErrorNotice error={serverError} /> : null}
      {existing.error ? <ErrorNotice error={existing.error} onRetry={existing.reload} /> : null}

      {existing.loading ? (
        <LoadingNotice />
      ) : (
        <View className='card'>
          {FIGURES.map(({ key, label, unit }) => (
            <FormField key={key} label={`${label}（${unit}）`} error={problems[key]}>
              <Input
                id={`population-${key}`}
                type='number'
                value={draft[key]}
                placeholder='0'
                maxLength={String(POPULATION_FIGURE_MAX).length}
                onChange={(value: string) => setDraft((current) => ({ ...current, [key]: value }))}
              />
            </FormField>
          ))}
          <Button id='population-save' type='primary' size='large' block loading={saving} onClick={save}>
            保存
          </Button>
        </View>
      )}
    </PageShell>
  )
}
