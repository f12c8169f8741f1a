import { CATEGORY_LABELS, Category, TARGET_GROUP_LABELS, TargetGroup, type Highlight } from '@lp/shared'
import type { ChipOption } from '../../../../components/ChipGroup'
import type { OfferingQuery } from '../../../../services/offerings'
import type { LatLng } from '../../../../utils/geo'
import { calendarRanges } from '../../../../utils/time'

export type DateRange = 'all' | 'week' | 'month'
export type ModeChoice = 'all' | 'offline' | 'online'
export const ALL = 'all'

export interface Filters {
  q: string
  category: Category | null
  dates: DateRange
  targetGroup: TargetGroup | null
  mode: ModeChoice
  hasPlaces: boolean
  highlight: Highlight | null
  /** A street or community chosen elsewhere (e.g. 首页 without a position), with its name. */
  area: { id: number; name: string } | null
}

export const NO_FILTERS: Filters = {
  q: '',
  category: null,
  dates: 'all',
  targetGroup: null,
  mode: 'all',
  hasPlaces: false,
  highlight: null,
  area: null
}

export const CATEGORY_OPTIONS: ChipOption<Category | typeof ALL>[] = [
  { value: ALL, label: '全部' },
  ...Object.values(Category).map((value) => ({ value, label: CATEGORY_LABELS[value] }))
]

export const DATE_OPTIONS: ChipOption<DateRange>[] = [
  { value: 'all', label: '不限' },
  { value: 'week', label: '本周' },
  { value: 'month', label: '本月' }
]

export const GROUP_OPTIONS: ChipOption<TargetGroup | typeof ALL>[] = [
  { value: ALL, label: '不限' },
  ...Object.values(TargetGroup).map((value) => ({ value, label: TARGET_GROUP_LABELS[value] }))
]

export const MODE_OPTIONS: ChipOption<ModeChoice>[] = [
  { value: 'all', label: '不限' },
  { value: 'offline', label: '到场地上课' },
  { value: 'online', label: '线上' }
]

/** The filters other than the keyword and category, which sit folded away until asked for. */
export function countMoreFilters(filters: Filters): number {
  return [filters.dates !== 'all', filters.targetGroup !== null, filters.mode !== 'all', filters.hasPlaces].filter(Boolean).length
}

export function hasAnyFilter(filters: Filters): boolean {
  return filters.q !== '' || filters.category !== null || filters.highlight !== null || filters.area !== null || countMoreFilters(filters) > 0
}

export function toQuery(filters: Filters, position: LatLng | null): OfferingQuery {
  const { today, weekEnd, monthEnd } = calendarRanges()
  const query: OfferingQuery = {
    q: filters.q || undefined,
    category: filters.category ?? undefined,
    targetGroup: filters.targetGroup ?? undefined,
    mode: filters.mode === 'all' ? undefined : filters.mode,
    hasPlaces: filters.hasPlaces || undefined,
    highlight: filters.highlight ?? undefined,
    areaId: filters.area?.id
  }
  if (filters.dates !== 'all') {
    query.from = today
    query.to = filters.dates === 'week' ? weekEnd : monthEnd
  }
  if (position) {
    query.lat = position.latitude
    query.lng = position.longitude
  }
  return query
}
