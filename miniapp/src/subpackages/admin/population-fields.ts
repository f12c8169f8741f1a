import type { PopulationFigures } from '@lp/shared'

export type FigureKey = Exclude<keyof PopulationFigures, 'year'>

/** The population figures in the order the 任务分解表 reads them. */
export const FIGURES: ReadonlyArray<{ key: FigureKey; label: string }> = [
  { key: 'residentTotal', label: '常住人口' },
  { key: 'aged60Plus', label: '60岁以上' },
  { key: 'under18', label: '18岁以下' },
  { key: 'employed', label: '从业人员' },
  { key: 'migrantWorkers', label: '进城务工' },
  { key: 'unemployed', label: '失业/下岗' },
  { key: 'ruralLabor', label: '农村劳动力' }
]

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

export function currentYear(): number {
  return new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
}
