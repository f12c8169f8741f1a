import { INDICATOR_TARGET_PER_10K_MAX, type IndicatorTargetUpdate } from '@lp/shared'
import type { IndicatorTargetRow } from '../../../../services/api/types'

/** What the page shows in a field: a rate as a percentage ("60"), a per-10,000 figure as it is ("1"). */
export function shownTarget(row: Pick<IndicatorTargetRow, 'unit' | 'target'>): string {
  return row.unit === 'rate' ? String(Math.round(row.target * 10_000) / 100) : String(row.target)
}

/** Where a target comes from, in words: 本级设置, 沿用 甲街道 2025年 的目标, 政策默认值. */
export function sourceText(row: IndicatorTargetRow, areaId: number, year: number): string {
  if (row.source === 'own') return `本级为${year}年设置`
  if (row.source === 'default' || !row.setFor) return '政策默认值（没有单独设置）'
  const where = row.setFor.area.id === areaId ? '本级' : row.setFor.area.name
  return `沿用${where}${row.setFor.year}年设置的目标`
}

/**
 * Reads the changed fields into an update; a field left as it was is not sent. Problems are said
 * per indicator, in the same words as the server's.
 */
export function readDraft(rows: IndicatorTargetRow[], draft: Record<string, string>): { problems: Record<string, string>; update: IndicatorTargetUpdate | null } {
  const problems: Record<string, string> = {}
  const targets: IndicatorTargetUpdate['targets'] = []
  for (const row of rows) {
    const text = (draft[row.code] ?? '').trim()
    if (text === '' || text === shownTarget(row)) continue
    const n = Number(text)
    if (!Number.isFinite(n)) problems[row.code] = '目标应当是数字'
    else if (n <= 0) problems[row.code] = '目标应当大于0'
    else if (row.unit === 'rate' && n > 100) problems[row.code] = '比例目标不能超过100%'
    else if (row.unit === 'per_10k' && n > INDICATOR_TARGET_PER_10K_MAX) problems[row.code] = `每万人的目标不能超过${INDICATOR_TARGET_PER_10K_MAX}`
    else targets.push({ code: row.code, target: row.unit === 'rate' ? Math.round(n * 100) / 10_000 : n })
  }
  return { problems, update: Object.keys(problems).length || !targets.length ? null : { targets } }
}
