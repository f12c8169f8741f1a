import { PopulationFigures } from './api';

export type PopulationFigureKey = Exclude<keyof PopulationFigures, 'year'>;

/** The figures in the order the 任务分解表 reads them; `label` for sentences, `short` for table headers. */
export const POPULATION_FIGURES: ReadonlyArray<{ key: PopulationFigureKey; label: string; short: string }> = [
  { key: 'residentTotal', label: '常住人口', short: '常住人口' },
  { key: 'aged60Plus', label: '60岁以上人口', short: '60岁以上' },
  { key: 'under18', label: '18岁以下人口', short: '18岁以下' },
  { key: 'employed', label: '从业人员', short: '从业人员' },
  { key: 'migrantWorkers', label: '进城务工人员', short: '进城务工' },
  { key: 'unemployed', label: '失业/下岗人员', short: '失业/下岗' },
  { key: 'ruralLabor', label: '农村劳动力', short: '农村劳动力' },
];

export const POPULATION_LABELS = Object.fromEntries(POPULATION_FIGURES.map((f) => [f.key, f.label])) as Record<PopulationFigureKey, string>;

/**
 * No group larger than the 常住人口 it is part of, and 60+ and under-18 together no larger either:
 * the same rules as the database's CHECK constraint, checked early by the mini program.
 */
export function populationProblems(f: Record<PopulationFigureKey, number>): { field: PopulationFigureKey; message: string }[] {
  const problems: { field: PopulationFigureKey; message: string }[] = [];
  for (const { key, label } of POPULATION_FIGURES) {
    if (key !== 'residentTotal' && f[key] > f.residentTotal) problems.push({ field: key, message: `${label}不能多于常住人口` });
  }
  if (f.aged60Plus + f.under18 > f.residentTotal) {
    problems.push({ field: 'under18', message: '60岁以上和18岁以下人口加起来不能多于常住人口' });
  }
  return problems;
}
