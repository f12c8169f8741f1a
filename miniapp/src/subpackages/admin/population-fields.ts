import { FIGURE_UNITS, POPULATION_FIGURES, type PopulationFigureKey } from '@lp/shared'

export type FigureKey = PopulationFigureKey

/** The figures in the order the 任务分解表 reads them, with the short names tables use and what they count in (人 or 个). */
export const FIGURES: ReadonlyArray<{ key: FigureKey; label: string; unit: string }> = POPULATION_FIGURES.map(({ key, short, kind }) => ({
  key,
  label: short,
  unit: FIGURE_UNITS[kind]
}))

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

export function currentYear(): number {
  return new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
}

/** 1–12, on the Asia/Shanghai calendar like the statistics. */
export function currentMonth(): number {
  return new Date(Date.now() + 8 * 3600_000).getUTCMonth() + 1
}
