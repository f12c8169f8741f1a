import { View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { AREA_LEVEL_LABELS, ErrorCode } from '@lp/shared'
import { useRef, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { findArea, getAreaTree, getChildPopulation, getPopulation } from '../../../../services/areas'
import { ApiError } from '../../../../services/request'
import { getPopulationCheck } from '../../../../services/statistics'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import PopulationBalanceNote from '../../components/PopulationBalanceNote'
import PopulationTable, { type ChildFigures } from '../../components/PopulationTable'
import YearStepper from '../../components/YearStepper'
import { FIGURES, currentYear, formatCount } from '../../population-fields'
import type { AreaNode, AreaSummary, PopulationRow } from '../../../../services/api/types'
import './index.scss'

interface AreaFigures {
  node: AreaNode
  own: PopulationRow | null
  children: ChildFigures[]
}

async function loadAreaFigures(areaId: number, year: number): Promise<AreaFigures> {
  const [tree, own, childRows] = await Promise.all([
    getAreaTree(),
    getPopulation(areaId, year),
    getChildPopulation(areaId, year)
  ])
  const node = findArea(tree, areaId)
  if (!node) throw new ApiError(404, { code: ErrorCode.NotFound, message: '没有找到这个地区。' })
  const byArea = new Map(childRows.map((row) => [row.area.id, row]))
  // Every child is listed, so that one without figures can still be opened and filled in.
  const children = node.children.map((child) => ({ area: child, row: byArea.get(child.id) ?? null }))
  return { node, own, children }
}

function numberParam(value: string | undefined): number | null {
  const n = Number(value)
  return value && Number.isInteger(n) && n > 0 ? n : null
}

/** One area's population figures for a year, its children side by side, drill down by tapping. */
export default function PopulationPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const areaId = numberParam(params.areaId) ?? user?.area?.id ?? null
  const thisYear = currentYear()
  const [year, setYear] = useState(numberParam(params.year) ?? thisYear)
  const figures = useLoader(() => loadAreaFigures(areaId ?? 0, year), [areaId, year], areaId !== null && isAdmin(user))
  const balance = useLoader(() => getPopulationCheck(areaId ?? 0, year), [areaId, year], areaId !== null && isAdmin(user))

  // Coming back from the edit page shows the saved numbers.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) {
      figures.reload()
      balance.reload()
    }
    shownOnce.current = true
  })

  if (!user || !isAdmin(user) || areaId === null) {
    return (
      <PageShell className='population-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const node = figures.data?.node
  const own = figures.data?.own ?? null
  const edit = () => {
    void Taro.navigateTo({
      url: withQuery(ROUTES.adminPopulationEdit, { areaId, year, name: node?.name })
    })
  }
  const open = (area: AreaSummary) => {
    void Taro.navigateTo({ url: withQuery(ROUTES.adminPopulation, { areaId: area.id, year }) })
  }

  return (
    <PageShell className='population-page'>
      <View className='card'>
        <View className='population-page__area' id='population-area'>
          {node ? `${node.name}（${AREA_LEVEL_LABELS[node.level]}）` : '　'}
        </View>
        <YearStepper year={year} max={thisYear + 1} onChange={setYear} />
      </View>

      {figures.error ? <ErrorNotice error={figures.error} onRetry={figures.reload} /> : null}
      {figures.loading && !figures.data ? <LoadingNotice /> : null}

      {figures.data ? (
        <>
          <Section id='population-own' title={`${year}年本级数据`}>
            {own ? (
              <View className='card'>
                {FIGURES.map((figure) => (
                  <InfoRow key={figure.key} label={figure.label} value={`${formatCount(own[figure.key])} ${figure.unit}`} />
                ))}
                <View className='button-row'>
                  <Button id='population-edit' type='primary' fill='outline' block onClick={edit}>
                    修改这些数字
                  </Button>
                </View>
              </View>
            ) : (
              <EmptyNotice id='population-own-empty' text={`${year}年的人口数据还没有填写。`} actionText='现在填写' onAction={edit} />
            )}
          </Section>

          {figures.data.children.length ? (
            <Section title='下级地区' note='点地区名可以查看和填写它的数据。表格可以左右滑动。'>
              <PopulationTable rows={figures.data.children} onOpen={open} />
            </Section>
          ) : null}

          {balance.data ? <PopulationBalanceNote id='population-balance' balance={balance.data} /> : null}

          <View className='button-row'>
            <Button
              id='population-import'
              fill='outline'
              size='large'
              block
              onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.adminPopulationImport, { areaId, year }) })}
            >
              从 Excel 或 CSV 表格导入
            </Button>
          </View>
        </>
      ) : null}
    </PageShell>
  )
}
