import { PopulationFigures } from './api';

export type PopulationFigureKey = Exclude<keyof PopulationFigures, 'year'>;

/** The largest figure a year's population figures may have. */
export const POPULATION_FIGURE_MAX = 20_000_000;

/** The largest population spreadsheet (.xlsx or .csv) an import reads. */
export const POPULATION_FILE_MAX_BYTES = 2 * 1024 * 1024;

/** The figures of 学习型组织创建: they count organisations, not people. */
export type OrganisationFigureKey = 'organisations' | 'learningOrganisations';
/** 常住人口 and the groups of it. */
export type PeopleFigureKey = Exclude<PopulationFigureKey, OrganisationFigureKey>;

/**
 * What a figure counts. Groups of people are parts of 常住人口 and a level's people are its
 * children's; organisations are neither (a street has its own 街道机关 besides its communities').
 */
export type PopulationFigureKind = 'people' | 'organisations';

export type PopulationFigure =
  | { key: PeopleFigureKey; kind: 'people'; label: string; short: string }
  | { key: OrganisationFigureKey; kind: 'organisations'; label: string; short: string };

/** The figures in the order the 任务分解表 reads them; `label` for sentences, `short` for table headers. */
export const POPULATION_FIGURES: ReadonlyArray<PopulationFigure> = [
  { key: 'residentTotal', kind: 'people', label: '常住人口', short: '常住人口' },
  { key: 'aged60Plus', kind: 'people', label: '60岁以上人口', short: '60岁以上' },
  { key: 'under18', kind: 'people', label: '18岁以下人口', short: '18岁以下' },
  { key: 'employed', kind: 'people', label: '从业人员', short: '从业人员' },
  { key: 'migrantWorkers', kind: 'people', label: '进城务工人员', short: '进城务工' },
  { key: 'unemployed', kind: 'people', label: '失业/下岗人员', short: '失业/下岗' },
  { key: 'ruralLabor', kind: 'people', label: '农村劳动力', short: '农村劳动力' },
  { key: 'organisations', kind: 'organisations', label: '各类组织数', short: '各类组织' },
  { key: 'learningOrganisations', kind: 'organisations', label: '已创建学习型组织数', short: '学习型组织' },
];

export const PEOPLE_FIGURES = POPULATION_FIGURES.filter((f): f is Extract<PopulationFigure, { kind: 'people' }> => f.kind === 'people');

export const POPULATION_LABELS = Object.fromEntries(POPULATION_FIGURES.map((f) => [f.key, f.label])) as Record<PopulationFigureKey, string>;

/** The word a count of each kind is read with: "20,000 人", "12 个". */
export const FIGURE_UNITS: Record<PopulationFigureKind, string> = { people: '人', organisations: '个' };

/**
 * One entry of a node's figures for a year. The organisation figures came later than the others,
 * so a client may leave them out: then the stored ones stay (0 for a node entered the first time).
 */
export type PopulationUpdate = Record<PeopleFigureKey, number> & Partial<Record<OrganisationFigureKey, number>>;

/** An update made whole with what is stored: the organisation figures it leaves out are kept. */
export function withStoredOrganisations(
  update: PopulationUpdate,
  stored: Pick<PopulationFigures, OrganisationFigureKey> | null,
): Omit<PopulationFigures, 'year'> {
  return {
    ...update,
    organisations: update.organisations ?? stored?.organisations ?? 0,
    learningOrganisations: update.learningOrganisations ?? stored?.learningOrganisations ?? 0,
  };
}

/**
 * No group larger than the 常住人口 it is part of, 60+ and under-18 together no larger either, and
 * no more 学习型组织 than organisations: the same rules as the database's CHECK constraints,
 * checked early by the mini program.
 */
export function populationProblems(f: Record<PopulationFigureKey, number>): { field: PopulationFigureKey; message: string }[] {
  const problems: { field: PopulationFigureKey; message: string }[] = [];
  for (const { key, label } of PEOPLE_FIGURES) {
    if (key !== 'residentTotal' && f[key] > f.residentTotal) problems.push({ field: key, message: `${label}不能多于常住人口` });
  }
  if (f.aged60Plus + f.under18 > f.residentTotal) {
    problems.push({ field: 'under18', message: '60岁以上和18岁以下人口加起来不能多于常住人口' });
  }
  if (f.learningOrganisations > f.organisations) {
    problems.push({ field: 'learningOrganisations', message: '已创建的学习型组织不能多于各类组织数' });
  }
  return problems;
}

/** The largest area-tree file taken (a district's 街道 and 社区 fill a few hundred rows). */
export const AREA_FILE_MAX_BYTES = 2 * 1024 * 1024;
