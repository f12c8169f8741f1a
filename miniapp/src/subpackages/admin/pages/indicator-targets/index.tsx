import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { formatIndicatorTarget } from '@lp/shared'
import { useEffect, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { getIndicatorTargets, saveIndicatorTargets } from '../../../../services/statistics'
import { tellDone } from '../../../../utils/feedback'
import { idParam } from '../../../../utils/params'
import { isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import type { IndicatorTargetList } from '../../../../services/api/types'
import { readDraft, shownTarget, sourceText } from './targets-form'
import './index.scss'

const draftOf = (list: IndicatorTargetList | undefined): Record<string, string> =>
  Object.fromEntries((list?.targets ?? []).map((t) => [t.code, shownTarget(t)]))

/**
 * 指标目标: each indicator's target for an area and year, where it comes from, and (for an area
 * the administrator may change) a field to set it. Areas below and later years without their own
 * target follow it.
 */
export default function IndicatorTargetsPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const areaId = idParam(params.areaId)
  const year = idParam(params.year)
  const allowed = isAdmin(user) && areaId !== null && year !== null
  const loaded = useLoader(() => getIndicatorTargets(areaId ?? 0, year ?? 0), [areaId, year], allowed)
  const [list, setList] = useState<IndicatorTargetList | undefined>(undefined)
  const [draft, setDraft] = useState<Record<string, string>>({})
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [serverError, setServerError] = useState<ApiError | null>(null)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    if (loaded.data) {
      setList(loaded.data)
      setDraft(draftOf(loaded.data))
    }
  }, [loaded.data])

  if (!allowed || areaId === null || year === null) {
    return (
      <PageShell className='indicator-targets'>
        <EmptyNotice text='请从“学习指标”页面进入这里。' actionText='返回' onAction={() => void Taro.navigateBack()} />
      </PageShell>
    )
  }

  const send = async (update: Parameters<typeof saveIndicatorTargets>[2]) => {
    setSaving(true)
    setServerError(null)
    try {
      const saved = await saveIndicatorTargets(areaId, year, update)
      setList(saved)
      setDraft(draftOf(saved))
      tellDone('已保存')
    } catch (error) {
      setServerError(toApiError(error))
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    } finally {
      setSaving(false)
    }
  }
  const save = () => {
    if (!list) return
    const { problems: found, update } = readDraft(list.targets, draft)
    setProblems(found)
    if (update) void send(update)
  }

  return (
    <PageShell className='indicator-targets'>
      <View className='indicator-targets__title'>
        {list ? `${list.area.name} ${year}年` : `${year}年`}
      </View>
      <View className='muted indicator-targets__note'>
        比例类填百分数（60 即 60%），每万人类填人数。下级区域和以后的年份没有单独设置时，沿用这里的目标。
      </View>
      {serverError ? <ErrorNotice error={serverError} /> : null}
      {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading && !list ? <LoadingNotice /> : null}
      {list && !list.editable ? <View className='card muted'>区（县）级的指标目标只能由区级超级管理员修改。</View> : null}
      {list ? (
        <View className='card' id='indicator-targets' data-area={list.area.id} data-year={list.year}>
          {list.targets.map((row) => (
            <View key={row.code} id={`indicator-target-${row.code}`} data-target={row.target} data-source={row.source}>
              <FormField
                label={row.label.includes('每万人') || row.label.includes('%') ? row.label : `${row.label}（${row.unit === 'rate' ? '%' : '每万人'}）`}
                hint={`现在 ${formatIndicatorTarget(row)}：${sourceText(row, list.area.id, list.year)}；政策默认 ${formatIndicatorTarget({ unit: row.unit, target: row.defaultTarget })}`}
                error={problems[row.code]}
              >
                <Input
                  id={`indicator-target-input-${row.code}`}
                  type='digit'
                  value={draft[row.code] ?? ''}
                  disabled={!list.editable}
                  onChange={(value: string) => setDraft((current) => ({ ...current, [row.code]: value }))}
                />
              </FormField>
              {list.editable && row.source === 'own' ? (
                <View className='indicator-targets__clear'>
                  <Button id={`indicator-target-clear-${row.code}`} size='small' disabled={saving} onClick={() => void send({ targets: [{ code: row.code, target: null }] })}>
                    不再单独设置，沿用上级或往年的目标
                  </Button>
                </View>
              ) : null}
            </View>
          ))}
          {list.editable ? (
            <Button id='indicator-targets-save' type='primary' size='large' block loading={saving} onClick={save}>
              保存
            </Button>
          ) : null}
        </View>
      ) : null}
    </PageShell>
  )
}
