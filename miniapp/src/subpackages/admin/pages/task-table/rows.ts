import { formatIndicatorProgress, formatIndicatorTarget, formatIndicatorValue } from '@lp/shared'
import type { IndicatorValue, TaskEntry, TaskRow } from '../../../../services/api/types'

/** One line of the 任务分解表 as the page shows it; the inspection workbook has the same lines in the same order. */
export interface ShownRow {
  row: TaskRow
  /** The portal's figure, for a measured row. */
  measured: IndicatorValue | null
  /** What the area's administrators entered, for an entered row. */
  entry: TaskEntry | null
  target: string
  /** The current value: the portal's figure, what was entered, or 未填报. */
  actual: string
  /** Progress in words: 完成目标的 62%, 已达到目标…, or — when it cannot be said. */
  progress: string
  met: string
  warnings: string[]
}

const judged = (met: boolean | null): string => (met === null ? '—' : met ? '达标' : '未达标')

/**
 * The table's rows in its order with this area's figures. A measured row whose indicator the
 * overview does not give is left out, as the workbook leaves it out.
 */
export function shownRows(rows: TaskRow[], indicators: IndicatorValue[], entries: TaskEntry[]): ShownRow[] {
  const values = new Map(indicators.map((v) => [v.code, v]))
  const entered = new Map(entries.map((e) => [e.rowId, e]))
  const shown: ShownRow[] = []
  for (const row of rows) {
    if (row.indicator) {
      const v = values.get(row.indicator)
      if (!v) continue
      shown.push({
        row,
        measured: v,
        entry: null,
        target: formatIndicatorTarget(v),
        actual: formatIndicatorValue(v),
        progress: formatIndicatorProgress(v),
        met: v.applicable ? judged(v.met) : '不适用',
        warnings: v.warnings
      })
    } else {
      const e = row.id === null ? null : (entered.get(row.id) ?? null)
      shown.push({
        row,
        measured: null,
        entry: e,
        target: row.target || '—',
        actual: e ? e.value : '未填报',
        progress: '—',
        met: e ? judged(e.met) : '—',
        warnings: e ? [] : ['这一项还没有填报']
      })
    }
  }
  return shown
}

/** Lines grouped by 一级指标, in the order the table first names each. */
export function byLevel1<T>(lines: T[], level1: (line: T) => string): { level1: string; lines: T[] }[] {
  const groups: { level1: string; lines: T[] }[] = []
  for (const line of lines) {
    const last = groups[groups.length - 1]
    if (last && last.level1 === level1(line)) last.lines.push(line)
    else groups.push({ level1: level1(line), lines: [line] })
  }
  return groups
}
