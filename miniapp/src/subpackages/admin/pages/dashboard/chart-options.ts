import { LearnerSegment } from '@lp/shared'
import type { ChartOption } from '../../charts/echarts'
import { MINUTES_PER_STUDY_HOUR } from '../../../../utils/time'
import type { CategoryStatistics, GroupStatistics, IndicatorValue, MonthStatistics } from '../../../../services/api/types'

/* ECharts options for the dashboard. No animation: figures appear at once and stay still. */

export const COLORS = {
  primary: '#1559b7',
  met: '#1b7f3b',
  unmet: '#c62828',
  text: '#1f2329',
  muted: '#4e5969',
  accent: '#b85a00'
}

/** Chart text in CSS pixels; 长辈模式 makes it larger. */
export function fontSizes(elder: boolean): { text: number; big: number } {
  return elder ? { text: 18, big: 34 } : { text: 14, big: 28 }
}

/** The 60% indicator as a dial: the part past the target is green, the needle is the actual value. */
export function gaugeOption(v: IndicatorValue, elder: boolean): ChartOption {
  const { text, big } = fontSizes(elder)
  const color = v.met ? COLORS.met : COLORS.unmet
  return {
    animation: false,
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        radius: '92%',
        center: ['50%', '58%'],
        startAngle: 200,
        endAngle: -20,
        splitNumber: 5,
        axisLine: { lineStyle: { width: 18, color: [[v.target, '#f3d0d0'], [1, '#cce8d4']] } },
        progress: { show: true, width: 18, itemStyle: { color } },
        pointer: { length: '60%', width: 6, itemStyle: { color: COLORS.text } },
        axisTick: { show: false },
        splitLine: { length: 10, lineStyle: { color: '#ffffff', width: 2 } },
        axisLabel: { distance: 24, fontSize: text - 2, color: COLORS.muted, formatter: '{value}%' },
        anchor: { show: true, size: 12, itemStyle: { color: COLORS.text } },
        title: { offsetCenter: [0, '40%'], fontSize: big * 0.6, color: COLORS.text },
        // the figure itself is written out in large type under the dial
        detail: { show: false },
        data: [{ value: Math.min(100, (v.value ?? 0) * 100), name: `目标 ≥${Math.round(v.target * 100)}%` }]
      }
    ]
  }
}

export type MonthMeasure = 'minutes' | 'records'

const MONTH_NAMES = Array.from({ length: 12 }, (_, i) => `${i + 1}月`)

/**
 * 学时 or records per month, January to December. `lastMonth` ends the line for the year still
 * running, so that months yet to come do not read as a fall to nothing.
 */
export function monthsOption(months: MonthStatistics[], measure: MonthMeasure, lastMonth: number, elder: boolean): ChartOption {
  const { text } = fontSizes(elder)
  const values = months.map((m) =>
    m.month > lastMonth ? null : measure === 'minutes' ? Math.round((m.minutes / MINUTES_PER_STUDY_HOUR) * 10) / 10 : m.records
  )
  const unit = measure === 'minutes' ? '学时' : '条'
  return {
    animation: false,
    color: [COLORS.primary],
    grid: { left: 12, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', confine: true, textStyle: { fontSize: text }, valueFormatter: (value) => `${String(value)} ${unit}` },
    xAxis: { type: 'category', data: MONTH_NAMES, boundaryGap: false, axisLabel: { fontSize: text - 2, color: COLORS.muted } },
    yAxis: { type: 'value', name: unit, nameTextStyle: { fontSize: text - 2, color: COLORS.muted }, axisLabel: { fontSize: text - 2, color: COLORS.muted } },
    series: [
      {
        type: 'line',
        name: measure === 'minutes' ? '学时' : '学习记录',
        data: values,
        symbolSize: 8,
        lineStyle: { width: 3 },
        areaStyle: { opacity: 0.12 }
      }
    ]
  }
}

/** Share of the year's 学时 by category, largest first, each bar with its share written at its end. */
export function categoriesOption(categories: CategoryStatistics[], elder: boolean): ChartOption {
  const { text } = fontSizes(elder)
  const rows = categories.filter((c) => c.minutes > 0).sort((a, b) => a.minutes - b.minutes)
  return {
    animation: false,
    color: [COLORS.accent],
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      textStyle: { fontSize: text },
      valueFormatter: (value) => `${String(value)}%`
    },
    xAxis: { type: 'value', max: 100, axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: { type: 'category', data: rows.map((c) => c.label), axisLabel: { fontSize: text, color: COLORS.text }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: '占全年学时',
        data: rows.map((c) => Math.round(c.minutesShare * 1000) / 10),
        barMaxWidth: 22,
        label: { show: true, position: 'right', fontSize: text, color: COLORS.text, formatter: '{c}%' }
      }
    ]
  }
}

const GROUP_NAMES: Record<LearnerSegment, string> = {
  [LearnerSegment.All]: '全部居民',
  [LearnerSegment.Seniors]: '60岁以上',
  [LearnerSegment.Minors]: '18岁以下',
  [LearnerSegment.EmployedTrained]: '从业人员',
  [LearnerSegment.UnemployedTrained]: '失业/下岗',
  [LearnerSegment.MigrantTrained]: '进城务工',
  [LearnerSegment.FarmerTrained]: '农民'
}

/** Residents who learned this year, group by group, with the count written at the end of each bar. */
export function groupsOption(groups: GroupStatistics[], elder: boolean): ChartOption {
  const { text } = fontSizes(elder)
  const rows = [...groups].reverse()
  return {
    animation: false,
    color: [COLORS.primary],
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, textStyle: { fontSize: text }, valueFormatter: (value) => `${String(value)} 人` },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: { type: 'category', data: rows.map((g) => GROUP_NAMES[g.segment]), axisLabel: { fontSize: text, color: COLORS.text }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: '参与学习的人数',
        data: rows.map((g) => g.learners),
        barMaxWidth: 22,
        label: { show: true, position: 'right', fontSize: text, color: COLORS.text, formatter: '{c} 人' }
      }
    ]
  }
}
