import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { AREA_LEVEL_LABELS, IndicatorCode, inTableOrder } from '@lp/shared'
import { useMemo, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useElderMode } from '../../../../hooks/useElderMode'
import { useLoader } from '../../../../hooks/useLoader'
import { findArea, getAreaTree } from '../../../../services/areas'
import { useCurrentUser } from '../../../../services/session'
import {
  exportApplicationForm,
  exportIndicatorWorkbook,
  getCategories,
  getChildStatistics,
  getGroups,
  getMonths,
  getOverview,
  getPopulationCheck,
  getYearOverYear
} from '../../../../services/statistics'
import { tellDone, tellError } from '../../../../utils/feedback'
import { idParam } from '../../../../utils/params'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import EChart from '../../components/EChart'
import PopulationBalanceNote from '../../components/PopulationBalanceNote'
import { currentMonth, currentYear } from '../../population-fields'
import ActivityCard from './ActivityCard'
import ChildTiles from './ChildTiles'
import HeadlineCard from './HeadlineCard'
import IndicatorList from './IndicatorList'
import SelectionResults from './SelectionResults'
import { categoriesOption, groupsOption, monthsOption, type MonthMeasure } from './chart-options'
import type {
  AreaNode,
  AreaSummary,
  CategoryStatistics,
  ChildStatistics,
  GroupStatistics,
  MonthStatistics,
  PopulationBalance,
  StatisticsOverview,
  YearOverYear
} from '../../../../services/api/types'
import './index.scss'

interface Figures {
  overview: StatisticsOverview
  children: ChildStatistics[]
  months: MonthStatistics[]
  categories: CategoryStatistics[]
  groups: GroupStatistics[]
  yoy: YearOverYear
  balance: PopulationBalance
}

async function loadFigures(areaId: number, year: number): Promise<Figures> {
  const [overview, children, months, categories, groups, yoy, balance] = await Promise.all([
    getOverview(areaId, year),
    getChildStatistics(areaId, year),
    getMonths(areaId, year),
    getCategories(areaId, year),
    getGroups(areaId, year),
    getYearOverYear(areaId, year),
    getPopulationCheck(areaId, year)
  ])
  return { overview, children, months, categories, groups, yoy, balance }
}

/** This year and the three before it: the figures start with the portal, older years would be empty. */
const YEARS_BACK = 3

const MEASURES = [
  { value: 'minutes' as const, label: '按学时' },
  { value: 'records' as const, label: '按记录条数' }
]

/** The areas from `top` down to `id`, both included; empty when `id` is not under `top`. */
function pathDown(root: AreaNode, top: number, id: number): AreaSummary[] {
  const walk = (node: AreaNode, trail: AreaSummary[]): AreaSummary[] | null => {
    const here = [...trail, { id: node.id, name: node.name, level: node.level }]
    if (node.id === id) return here
    for (const child of node.children) {
      const found = walk(child, here)
      if (found) return found
    }
    return null
  }
  const start = findArea(root, top)
  return start ? walk(start, []) ?? [] : []
}

/**
 * 学习指标: an area's policy indicators against their targets for a year, its children coloured by
 * the 60% indicator (tap one to drill down), the months, categories and groups behind the figures,
 * 百姓学习之星, and the indicator table as Excel.
 */
export default function DashboardPage() {
  const user = useCurrentUser()
  const elder = useElderMode()
  const { params } = useRouter()
  const ownAreaId = user?.area?.id ?? null
  const areaId = idParam(params.areaId) ?? ownAreaId
  // How many dashboard pages were opened by drilling down to reach this one: that many steps back are its ancestors.
  const depth = idParam(params.depth) ?? 0
  const thisYear = currentYear()
  const [year, setYear] = useState(idParam(params.year) ?? thisYear)
  const [measure, setMeasure] = useState<MonthMeasure>('minutes')
  const [exporting, setExporting] = useState(false)
  const allowed = isAdmin(user) && areaId !== null
  const figures = useLoader(() => loadFigures(areaId ?? 0, year), [areaId, year], allowed)
  const tree = useLoader(getAreaTree, [], allowed)

  const data = figures.data
  const lastMonth = data && data.overview.year === thisYear ? currentMonth() : 12
  const monthChart = useMemo(() => (data ? monthsOption(data.months, measure, lastMonth, elder) : null), [data, measure, lastMonth, elder])
  const categoryChart = useMemo(() => (data ? categoriesOption(data.categories, elder) : null), [data, elder])
  const groupChart = useMemo(() => (data ? groupsOption(data.groups, elder) : null), [data, elder])

  if (!user || !allowed || areaId === null || ownAreaId === null) {
    return (
      <PageShell className='dashboard'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const crumbs = tree.data ? pathDown(tree.data, ownAreaId, areaId) : []
  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => String(thisYear - i))

  const drill = (child: AreaSummary) => {
    void Taro.navigateTo({ url: withQuery(ROUTES.adminDashboard, { areaId: child.id, year, depth: depth + 1 }) })
  }
  const climb = (stepsUp: number, target: AreaSummary) => {
    if (stepsUp <= depth) void Taro.navigateBack({ delta: stepsUp })
    else void Taro.redirectTo({ url: withQuery(ROUTES.adminDashboard, { areaId: target.id, year }) })
  }
  const exportSheet = async (which: 'indicators' | 'application' = 'indicators') => {
    setExporting(true)
    try {
      const name = data?.overview.area.name ?? ''
      if (which === 'application') await exportApplicationForm(areaId, year, name)
      else await exportIndicatorWorkbook(areaId, year, name)
      if (process.env.TARO_ENV === 'h5') tellDone('已开始下载')
    } catch (error) {
      tellError(error)
    } finally {
      setExporting(false)
    }
  }

  const headline = data?.overview.indicators.find((i) => i.code === IndicatorCode.Participation)
  const others = inTableOrder(data?.overview.indicators.filter((i) => i.code !== IndicatorCode.Participation) ?? [])

  return (
    <PageShell className='dashboard'>
      <View className='card dashboard-top'>
        {crumbs.length > 1 ? (
          <View className='dashboard-crumbs' id='dashboard-crumbs'>
            {crumbs.map((area, i) => {
              const last = i === crumbs.length - 1
              return (
                <View key={area.id} className='dashboard-crumbs__item'>
                  <View
                    role={last ? undefined : 'button'}
                    id={`dashboard-crumb-${area.id}`}
                    className={last ? 'dashboard-crumbs__here' : 'dashboard-crumbs__link'}
                    onClick={last ? undefined : () => climb(crumbs.length - 1 - i, area)}
                  >
                    {area.name}
                  </View>
                  {last ? null : <View className='dashboard-crumbs__sep'>›</View>}
                </View>
              )
            })}
          </View>
        ) : null}
        <View className='dashboard-top__area' id='dashboard-area' data-area={areaId}>
          {data ? `${data.overview.area.name}（${AREA_LEVEL_LABELS[data.overview.area.level]}）` : '　'}
        </View>
        <View className='dashboard-top__row'>
          <ChipGroup id='dashboard-year' options={years.map((y) => ({ value: y, label: `${y}年` }))} isOn={(y) => Number(y) === year} onTap={(y) => setYear(Number(y))} />
          <View className='dashboard-top__export'>
            <Button id='dashboard-export' type='primary' size='large' block loading={exporting} disabled={!data} onClick={() => void exportSheet()}>
              导出 Excel
            </Button>
          </View>
        </View>
        <View className='dashboard-top__actions'>
          <View className='dashboard-top__action'>
            <Button id='dashboard-targets' size='large' block onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.adminIndicatorTargets, { areaId, year }) })}>
              指标目标
            </Button>
          </View>
          <View className='dashboard-top__action'>
            <Button id='dashboard-application' size='large' block loading={exporting} disabled={!data} onClick={() => void exportSheet('application')}>
              导出申请表数据
            </Button>
          </View>
        </View>
      </View>

      {figures.error ? <ErrorNotice error={figures.error} onRetry={figures.reload} /> : null}
      {figures.loading && !data ? <LoadingNotice text='正在统计…' /> : null}

      {data ? (
        <View
          className={figures.loading ? 'dashboard-grid dashboard-grid--stale' : 'dashboard-grid'}
          id='dashboard-figures'
          data-year={data.overview.year}
          data-area={data.overview.area.id}
        >
          {headline ? <HeadlineCard indicator={headline} yoy={data.yoy} /> : null}
          <View className='dashboard-grid__wide'>
            <IndicatorList indicators={others} yoy={data.yoy} />
          </View>

          {data.children.length ? (
            <View className='dashboard-grid__full'>
              <ChildTiles rows={data.children} onOpen={drill} />
            </View>
          ) : null}

          <View className='dashboard-grid__wide card' id='dashboard-months'>
            <View className='card__title'>每月学习情况</View>
            <ChipGroup id='dashboard-months-by' options={MEASURES} isOn={(m) => m === measure} onTap={setMeasure} />
            {monthChart ? <EChart id='dashboard-months-chart' option={monthChart} label={`${year}年每月的${measure === 'minutes' ? '学时' : '学习记录条数'}`} /> : null}
          </View>

          <View className='card' id='dashboard-categories'>
            <View className='card__title'>各类学习占比</View>
            <View className='muted'>每类学习占全年学时的多少</View>
            {data.overview.minutes > 0 && categoryChart ? (
              <EChart id='dashboard-categories-chart' className='dashboard-bars' option={categoryChart} label={`${year}年各类学习的学时占比`} />
            ) : (
              <View className='muted'>{year}年还没有学习记录。</View>
            )}
          </View>

          <View className='card' id='dashboard-groups'>
            <View className='card__title'>各类人群参与人数</View>
            <View className='muted'>当年有学习记录的居民，每人只计一次</View>
            {groupChart ? <EChart id='dashboard-groups-chart' className='dashboard-bars' option={groupChart} label={`${year}年各类人群参与学习的人数`} /> : null}
          </View>

          <ActivityCard overview={data.overview} yoy={data.yoy} />

          <SelectionResults areaId={areaId} />

          <View className='dashboard-grid__full'>
            <PopulationBalanceNote id='dashboard-population-check' balance={data.balance} />
          </View>
        </View>
      ) : null}
    </PageShell>
  )
}
