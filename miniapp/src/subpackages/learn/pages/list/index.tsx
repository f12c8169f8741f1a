import { View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { Category, HIGHLIGHT_LABELS, Highlight, SEARCH_MAX, TargetGroup } from '@lp/shared'
import { useEffect, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import OfferingCard from '../../../../components/OfferingCard'
import PageShell from '../../../../components/PageShell'
import SwitchRow from '../../../../components/SwitchRow'
import { usePagedList } from '../../../../hooks/usePagedList'
import { listOfferings } from '../../../../services/offerings'
import type { LatLng } from '../../../../utils/geo'
import { currentPosition, explainPrivacyRefusal, openLocationSettings } from '../../../../utils/location'
import { idParam, textParam } from '../../../../utils/params'
import { Button, Input } from '../../../../ui/nutui'
import {
  ALL,
  CATEGORY_OPTIONS,
  DATE_OPTIONS,
  GROUP_OPTIONS,
  MODE_OPTIONS,
  NO_FILTERS,
  countMoreFilters,
  hasAnyFilter,
  toQuery,
  type Filters
} from './filters'
import './index.scss'

function oneOf<T extends string>(values: Record<string, T>, value: string | undefined): T | null {
  return (Object.values(values) as string[]).includes(value ?? '') ? (value as T) : null
}

/** What the page was opened with: 首页's category chips, 看更多, the 学习圈's fallback. */
function filtersFromParams(params: Record<string, string | undefined>): Filters {
  const areaId = idParam(params.areaId)
  return {
    ...NO_FILTERS,
    q: textParam(params.q).trim(),
    category: oneOf(Category, params.category),
    targetGroup: oneOf(TargetGroup, params.targetGroup),
    highlight: oneOf(Highlight, params.highlight),
    area: areaId ? { id: areaId, name: textParam(params.areaName) || '所选地区' } : null
  }
}

/** Refused location: explain, and in WeChat offer the settings page where it can be switched on. */
async function explainNoPosition(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') {
    await Taro.showModal({
      title: '没有拿到您的位置',
      content: '请在浏览器里允许使用位置，再点一次“按离我远近排”。',
      showCancel: false,
      confirmText: '知道了'
    })
    return false
  }
  if (explainPrivacyRefusal()) return false
  const { confirm } = await Taro.showModal({
    title: '没有拿到您的位置',
    content: '按远近排列需要知道您在哪里。可以在设置里打开“位置信息”。',
    confirmText: '去设置',
    cancelText: '不用了'
  })
  return confirm ? openLocationSettings() : false
}

/** 找课程和活动: keyword, filters, nearest first if wanted, a page at a time. */
export default function LearnListPage() {
  const { params } = useRouter()
  const [filters, setFilters] = useState<Filters>(() => filtersFromParams(params))
  const [typed, setTyped] = useState(filters.q)
  const [showMore, setShowMore] = useState(false)
  const [position, setPosition] = useState<LatLng | null>(null)
  // Opened from 首页's 就在附近 with near=1: the first page waits for the position.
  const [locating, setLocating] = useState(params.near === '1')

  const query = toQuery(filters, position)
  const list = usePagedList((cursor) => listOfferings({ ...query, cursor: cursor ?? undefined }), [JSON.stringify(query)], !locating)

  const update = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }))

  const turnNear = async (on: boolean) => {
    if (!on) {
      setPosition(null)
      return
    }
    setLocating(true)
    let found = await currentPosition(true)
    if (!found && (await explainNoPosition())) found = await currentPosition(true)
    setPosition(found)
    setLocating(false)
  }

  useEffect(() => {
    if (params.near === '1') void turnNear(true)
  }, [])

  const search = () => update({ q: typed.trim() })
  const clearAll = () => {
    setTyped('')
    setFilters(NO_FILTERS)
  }

  useReachBottom(list.loadMore)

  const moreCount = countMoreFilters(filters)
  const summary = [
    filters.area ? `只看${filters.area.name}` : null,
    filters.highlight ? HIGHLIGHT_LABELS[filters.highlight] : null,
    position ? '按离您的远近排列' : '按开始时间排列，最近的在前'
  ].filter(Boolean)

  return (
    <PageShell className='learn-list'>
      <View className='learn-list__search card'>
        <Input
          id='learn-search'
          className='learn-list__search-input'
          value={typed}
          placeholder='输入课程名、老师或学校'
          maxLength={SEARCH_MAX}
          confirmType='search'
          onChange={setTyped}
          onConfirm={search}
        />
        <Button id='learn-search-submit' type='primary' size='large' onClick={search}>
          搜索
        </Button>
      </View>

      <View className='card'>
        <SwitchRow
          id='learn-near-toggle'
          title='按离我远近排'
          note={locating ? '正在获取您的位置…' : position ? '离您近的排在前面' : '需要使用您的位置'}
          on={position !== null}
          onChange={(on) => void turnNear(on)}
        />
      </View>

      <View className='card'>
        <View className='learn-list__label'>类别</View>
        <ChipGroup
          id='learn-category'
          options={CATEGORY_OPTIONS}
          isOn={(value) => (value === ALL ? filters.category === null : filters.category === value)}
          onTap={(value) => update({ category: value === ALL ? null : value })}
        />

        <View role='button' className='learn-list__more-toggle' id='learn-more-filters' onClick={() => setShowMore(!showMore)}>
          {showMore ? '收起其他条件' : moreCount ? `其他条件（已选 ${moreCount} 项）` : '其他条件：时间、适合谁、线上线下、名额'}
          <View className='learn-list__more-arrow'>{showMore ? '▲' : '▼'}</View>
        </View>

        {showMore ? (
          <View className='learn-list__more'>
            <View className='learn-list__label'>时间</View>
            <ChipGroup id='learn-date' options={DATE_OPTIONS} isOn={(value) => filters.dates === value} onTap={(dates) => update({ dates })} />
            <View className='learn-list__label'>适合谁</View>
            <ChipGroup
              id='learn-group'
              options={GROUP_OPTIONS}
              isOn={(value) => (value === ALL ? filters.targetGroup === null : filters.targetGroup === value)}
              onTap={(value) => update({ targetGroup: value === ALL ? null : value })}
            />
            <View className='learn-list__label'>上课方式</View>
            <ChipGroup id='learn-mode' options={MODE_OPTIONS} isOn={(value) => filters.mode === value} onTap={(mode) => update({ mode })} />
            <SwitchRow
              id='learn-has-places'
              title='只看还有名额的'
              on={filters.hasPlaces}
              onChange={(hasPlaces) => update({ hasPlaces })}
            />
          </View>
        ) : null}
      </View>

      <View className='learn-list__summary'>
        <View className='muted'>{summary.join('；')}</View>
        {hasAnyFilter(filters) ? (
          <View role='button' className='learn-list__clear' id='learn-clear' onClick={clearAll}>
            清除条件
          </View>
        ) : null}
      </View>

      <View id='learn-results'>
        {list.items.map((offering) => (
          <OfferingCard key={offering.id} offering={offering} />
        ))}
      </View>

      {list.error ? <ErrorNotice error={list.error} onRetry={list.loadMore} /> : null}
      {list.loading || locating ? <LoadingNotice /> : null}

      {list.started && !list.items.length && !list.error && !list.loading ? (
        <EmptyNotice
          id='learn-empty'
          text={hasAnyFilter(filters) ? '没有找到符合条件的课程和活动。可以少选几个条件再试。' : '现在还没有发布的课程和活动。'}
          actionText={hasAnyFilter(filters) ? '清除条件' : undefined}
          onAction={clearAll}
        />
      ) : null}

      {list.hasMore && !list.loading && !list.error ? (
        <Button id='learn-more' block fill='outline' size='large' onClick={list.loadMore}>
          加载更多
        </Button>
      ) : null}
      {list.started && list.items.length && !list.hasMore ? (
        <View className='muted learn-list__end' id='learn-end'>
          已经全部显示，共 {list.items.length} 个。
        </View>
      ) : null}
    </PageShell>
  )
}
