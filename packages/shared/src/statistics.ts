import { AreaSummary, PopulationFigures } from './api';
import { Category } from './catalogue';
import { PeopleFigureKey, PopulationFigureKey } from './population';

/**
 * The policy indicators of the 任务分解表 that the portal can measure, with their default targets.
 * Rates are fractions (0.6 = 60%); 成人教育专职工作者 is a count per 10,000 常住人口.
 * 学习型组织创建 counts the recognised organisations of the registry over the organisations an administrator enters.
 * A district sets its own targets per area and year (GET/PUT /api/areas/:id/indicator-targets):
 * `target` here is only the default, the value the seeds give, used where nobody set one.
 */
export const IndicatorCode = {
  Participation: 'participation',
  Seniors: 'seniors',
  Minors: 'minors',
  VocationalTraining: 'vocational_training',
  UnemployedTraining: 'unemployed_training',
  MigrantTraining: 'migrant_training',
  FarmerTraining: 'farmer_training',
  LearningOrganisations: 'learning_organisations',
  EducationStaff: 'education_staff',
  StaffTraining: 'staff_training',
} as const;
export type IndicatorCode = (typeof IndicatorCode)[keyof typeof IndicatorCode];

/**
 * The groups of residents counted distinctly per node and year (the numerators). Stored as these
 * small integers in the aggregates: never renumber one.
 */
export const LearnerSegment = {
  All: 0,
  Seniors: 1,
  Minors: 2,
  EmployedTrained: 3,
  UnemployedTrained: 4,
  MigrantTrained: 5,
  FarmerTrained: 6,
} as const;
export type LearnerSegment = (typeof LearnerSegment)[keyof typeof LearnerSegment];

export const LEARNER_SEGMENT_LABELS: Record<LearnerSegment, string> = {
  [LearnerSegment.All]: '参与学习的居民',
  [LearnerSegment.Seniors]: '参与学习的60岁以上居民',
  [LearnerSegment.Minors]: '参与学习的18岁以下居民',
  [LearnerSegment.EmployedTrained]: '参加职业技能培训的从业人员',
  [LearnerSegment.UnemployedTrained]: '参加职业技能培训的失业/下岗人员',
  [LearnerSegment.MigrantTrained]: '参加职业技能培训的进城务工人员',
  [LearnerSegment.FarmerTrained]: '参加职业技能培训的农民',
};

/** Which kind of node an indicator is meant for (任务分解表: 城市社区 / 农村社区). */
export type IndicatorScope = 'all' | 'urban' | 'rural';

export interface IndicatorDefinition {
  code: IndicatorCode;
  /** 一级指标 and 二级指标 as the 任务分解表 names them. */
  level1: string;
  level2: string;
  label: string;
  /**
   * The default target (the seeds' value): a fraction for rates, per 10,000 常住人口 for `per_10k`.
   * Met when the actual value is at least the target in force for the area and year.
   */
  target: number;
  unit: 'rate' | 'per_10k';
  /** The population figure the numerator is divided by, or a count of the 成人教育工作者 register. */
  denominator: PopulationFigureKey | RegisterCount;
  /**
   * What the numerator counts: distinct learners of a segment; or, with `segment` null, the
   * population figure `numeratorFigure` (学习型组织创建, entered by the area's administrator); or,
   * with `numeratorRegister`, a count of the 成人教育工作者 register.
   */
  segment: LearnerSegment | null;
  numeratorFigure?: PopulationFigureKey;
  numeratorRegister?: RegisterCount;
  scope: IndicatorScope;
  /** 责任部门: generic wording, no place's own department names; a district imports its own table. */
  departments: string;
  /** How the numerator is counted, in words an administrator reads. */
  definition: string;
}

/**
 * Counts of the 成人教育工作者 register of a node's subtree for a year (server/src/registers): workers
 * in the register at some time in the year, those of them 专职, and those whose continuing-education
 * minutes of the year reach the district's requirement for it.
 */
export type RegisterCount = 'educationWorkers' | 'fullTimeWorkers' | 'trainedWorkers';

export const REGISTER_COUNT_LABELS: Record<RegisterCount, string> = {
  educationWorkers: '在册成人教育工作者',
  fullTimeWorkers: '在册专职成人教育工作者',
  trainedWorkers: '继续教育学时达到要求的工作者',
};

export const isRegisterCount = (key: string): key is RegisterCount => key in REGISTER_COUNT_LABELS;

export const INDICATORS: ReadonlyArray<IndicatorDefinition> = [
  {
    code: IndicatorCode.Participation,
    level1: '四、学习平台建设成效',
    level2: '社会评价',
    label: '全年接受教育服务成员占常住人口比例',
    target: 0.6,
    unit: 'rate',
    denominator: 'residentTotal',
    segment: LearnerSegment.All,
    scope: 'all',
    departments: '各部门',
    definition: '当年至少有一条有效学习记录的居民人数（每人每年只计一次）÷ 常住人口',
  },
  {
    code: IndicatorCode.Seniors,
    level1: '二、成人继续教育',
    level2: '老年教育',
    label: '老年人参与教育活动比例',
    target: 0.5,
    unit: 'rate',
    denominator: 'aged60Plus',
    segment: LearnerSegment.Seniors,
    scope: 'all',
    departments: '组织部门（老干部工作） 卫生健康部门 教育部门',
    definition: '学习时已满60岁、当年有有效学习记录的居民人数 ÷ 60岁以上人口',
  },
  {
    code: IndicatorCode.Minors,
    level1: '二、成人继续教育',
    level2: '青少年校外教育',
    label: '未成年人参与校外教育活动比例',
    target: 0.8,
    unit: 'rate',
    denominator: 'under18',
    segment: LearnerSegment.Minors,
    scope: 'all',
    departments: '教育部门 共青团 组织部门（关工委） 司法部门',
    definition: '学习时未满18岁、当年有有效学习记录的居民人数 ÷ 18岁以下人口',
  },
  {
    code: IndicatorCode.VocationalTraining,
    level1: '二、成人继续教育',
    level2: '职业技能教育',
    label: '各类职业技能培训率',
    target: 0.8,
    unit: 'rate',
    denominator: 'employed',
    segment: LearnerSegment.EmployedTrained,
    scope: 'all',
    departments: '人力社保部门 教育部门 经济商务部门 农业农村部门',
    definition: '学习时属于从业人员、当年有“职业技能”类有效学习记录的居民人数 ÷ 从业人员',
  },
  {
    code: IndicatorCode.UnemployedTraining,
    level1: '二、成人继续教育',
    level2: '职业技能教育',
    label: '下岗待业失业人员培训率（城市社区）',
    target: 0.5,
    unit: 'rate',
    denominator: 'unemployed',
    segment: LearnerSegment.UnemployedTrained,
    scope: 'urban',
    departments: '人力社保部门 教育部门 相关乡镇（街道）',
    definition: '学习时属于失业/下岗人员、当年有“职业技能”类有效学习记录的居民人数 ÷ 失业/下岗人员',
  },
  {
    code: IndicatorCode.MigrantTraining,
    level1: '二、成人继续教育',
    level2: '职业技能教育',
    label: '进城务工人员培训率（城市社区）',
    target: 0.4,
    unit: 'rate',
    denominator: 'migrantWorkers',
    segment: LearnerSegment.MigrantTrained,
    scope: 'urban',
    departments: '人力社保部门 教育部门 相关乡镇（街道）',
    definition: '学习时属于进城务工人员、当年有“职业技能”类有效学习记录的居民人数 ÷ 进城务工人员',
  },
  {
    code: IndicatorCode.FarmerTraining,
    level1: '二、成人继续教育',
    level2: '职业技能教育',
    label: '农民实用技术培训率（农村社区）',
    target: 0.4,
    unit: 'rate',
    denominator: 'ruralLabor',
    segment: LearnerSegment.FarmerTrained,
    scope: 'rural',
    departments: '人力社保部门 教育部门 农业农村部门',
    definition: '学习时属于农民、当年有“职业技能”类有效学习记录的居民人数 ÷ 农村劳动力',
  },
  {
    code: IndicatorCode.LearningOrganisations,
    level1: '一、基本条件',
    level2: '终身学习氛围',
    label: '学习型组织创建比例',
    target: 0.8,
    unit: 'rate',
    denominator: 'organisations',
    segment: null,
    numeratorFigure: 'learningOrganisations',
    scope: 'all',
    departments: '各部门',
    definition: '本区域（含下级）经上一级认定、当年年末（当年为今日）认定仍有效的学习型组织（学习型机关、企事业单位、社区、家庭、社团、党组织、学校）数，取自学习型组织登记 ÷ 本区域应创建的各类组织数（由本区域管理员按年填报）',
  },
  {
    code: IndicatorCode.EducationStaff,
    level1: '三、保障措施',
    level2: '师资队伍',
    label: '成人教育专职工作者占常住人口比例（每万人）',
    target: 1,
    unit: 'per_10k',
    denominator: 'residentTotal',
    segment: null,
    numeratorRegister: 'fullTimeWorkers',
    scope: 'all',
    departments: '机构编制部门 教育部门',
    definition: '成人教育工作者名册中本区域（含下级）当年在册的专职工作者人数 × 10000 ÷ 常住人口',
  },
  {
    code: IndicatorCode.StaffTraining,
    level1: '三、保障措施',
    level2: '师资队伍',
    label: '成人教育工作者继续教育参与率',
    target: 0.8,
    unit: 'rate',
    denominator: 'educationWorkers',
    segment: null,
    numeratorRegister: 'trainedWorkers',
    scope: 'all',
    departments: '科协 人力社保部门 教育部门',
    definition: '当年继续教育学时达到本区规定学时的在册成人教育工作者（专职和兼职）人数 ÷ 当年在册的成人教育工作者人数',
  },
];

/** The 一级指标 of the 任务分解表 in its order: the inspection workbook and the dashboard list follow it. */
export const INDICATOR_LEVEL1_ORDER: ReadonlyArray<string> = ['一、基本条件', '二、成人继续教育', '三、保障措施', '四、学习平台建设成效'];

/** 1 学时 is 60 minutes, on the dashboard and in every export. */
export const STUDY_HOUR_MINUTES = 60;

export const INDICATOR_BY_CODE = Object.fromEntries(INDICATORS.map((i) => [i.code, i])) as Record<IndicatorCode, IndicatorDefinition>;

/** One indicator of one node and year against its target. */
export interface IndicatorValue {
  code: IndicatorCode;
  label: string;
  numerator: number;
  /** The population figure of this node and year; null when none was entered. */
  denominator: number | null;
  /** numerator / denominator (per 10,000 for `per_10k`), rounded to 4 decimals; null without a denominator. */
  value: number | null;
  target: number;
  unit: 'rate' | 'per_10k';
  /** null when it cannot be judged (no population figure, or the indicator is not for this kind of node). */
  met: boolean | null;
  /** false for an urban-only indicator on a rural node and vice versa, or a zero denominator. */
  applicable: boolean;
  /** value ÷ target, 4 decimals (0.62 reads "完成目标的 62%"); null when there is no value or the target is 0. */
  progress: number | null;
  /** Figures that cannot be right as they stand, each a sentence saying what to check (e.g. a rate over 100%). */
  warnings: string[];
}

/** Where the target of an area, year and indicator comes from. */
export type IndicatorTargetSource = 'own' | 'inherited' | 'default';

/** One indicator's target in force for an area and year, and where it was set. */
export interface IndicatorTargetRow {
  code: IndicatorCode;
  label: string;
  unit: 'rate' | 'per_10k';
  /** The target in force: a fraction for rates, per 10,000 常住人口 for `per_10k`. */
  target: number;
  /** The seeds' value, used where nobody set one. */
  defaultTarget: number;
  /** own: set for this area and year; inherited: from an earlier year or an area above; default: nobody set one. */
  source: IndicatorTargetSource;
  /** The area and year it was set for; null for the default. */
  setFor: { area: AreaSummary; year: number } | null;
}

/** GET /api/areas/:id/indicator-targets?year= and PUT /api/areas/:id/indicator-targets/:year */
export interface IndicatorTargetList {
  area: AreaSummary;
  year: number;
  /** Whether the caller may change this area's targets (a district's only a super-admin). */
  editable: boolean;
  targets: IndicatorTargetRow[];
}

/** PUT /api/areas/:id/indicator-targets/:year: `target` null takes this area's own target away (it inherits again). */
export interface IndicatorTargetUpdate {
  targets: { code: IndicatorCode; target: number | null }[];
}

/** The largest target a per-10,000 indicator may be given (a rate's is 100%). */
export const INDICATOR_TARGET_PER_10K_MAX = 1000;

/** Activities and attendance of a node and year (not targets of the 任务分解表, but on the dashboard). */
export interface ActivityFigures {
  /**
   * Offerings of schools' activities and courses in the subtree with at least one session held
   * (closed, not cancelled) that started in the year: the year its attendance records count in.
   */
  offeringsHeld: number;
  /** Those sessions (started in the year, closed, not cancelled). */
  sessionsHeld: number;
  /** Sum over those sessions of the places enrolled in their offering. */
  enrolledPlaces: number;
  /** Attendances of those offerings credited as learning records in the year (valid records only). */
  attended: number;
  /** attended / enrolledPlaces, 4 decimals; null when nothing was enrolled. */
  attendanceRate: number | null;
}

/** GET /api/areas/:id/statistics?year= */
export interface StatisticsOverview {
  area: AreaSummary & { isRural: boolean };
  year: number;
  population: Omit<PopulationFigures, 'year'> | null;
  indicators: IndicatorValue[];
  /** Valid learning records and their minutes in the year; 人均学时 = minutes / 60 / 常住人口. */
  records: number;
  minutes: number;
  perCapitaMinutes: number | null;
  activities: ActivityFigures;
}

/** GET /api/areas/:id/statistics/children?year= : one line per child node, for drill-down and the map. */
export interface ChildStatistics {
  area: AreaSummary & { isRural: boolean };
  population: Omit<PopulationFigures, 'year'> | null;
  indicators: IndicatorValue[];
  records: number;
  minutes: number;
  perCapitaMinutes: number | null;
}

/** GET /api/areas/:id/statistics/months?year= : twelve entries, January first. */
export interface MonthStatistics {
  month: number;
  records: number;
  minutes: number;
  byCategory: Record<Category, number>;
}

/** GET /api/areas/:id/statistics/categories?year= */
export interface CategoryStatistics {
  category: Category;
  label: string;
  records: number;
  minutes: number;
  /** Share of the year's minutes, 4 decimals. */
  minutesShare: number;
}

/** GET /api/areas/:id/statistics/by-group?year= */
export interface GroupStatistics {
  segment: LearnerSegment;
  label: string;
  learners: number;
  /** The population figure it compares with, if any. */
  population: number | null;
  populationLabel: string | null;
}

/** GET /api/areas/:id/statistics/year-over-year?year= */
export interface YearOverYear {
  area: AreaSummary;
  year: number;
  previousYear: number;
  rows: { code: IndicatorCode; label: string; current: IndicatorValue; previous: IndicatorValue; change: number | null }[];
  /**
   * false when the previous year has no learning records in the area: its figures would compare
   * with nothing, so every change is null and the page shows no year-over-year.
   */
  comparable: boolean;
  records: { current: number; previous: number };
  minutes: { current: number; previous: number };
}

/** POST /api/areas/:id/population/:year/import and GET /api/areas/:id/statistics/population-check?year= */
export interface PopulationBalance {
  area: AreaSummary;
  year: number;
  parent: Omit<PopulationFigures, 'year'> | null;
  childrenSum: Omit<PopulationFigures, 'year'>;
  /** Children that have figures for the year, and those still missing. */
  childrenWithFigures: number;
  childrenMissing: AreaSummary[];
  /**
   * parent − children, per group of people; null without parent figures. All zero when they add
   * up. The organisation figures are left out: a level has organisations of its own besides its
   * children's, so its count is rightly larger.
   */
  difference: Record<PeopleFigureKey, number> | null;
  balanced: boolean;
}

export interface PopulationImportResult {
  imported: { area: AreaSummary; figures: Omit<PopulationFigures, 'year'> }[];
  balance: PopulationBalance;
}

/** What the indicator export and the dashboard show for a value: "62.5%" or "1.20/万人". */
export function formatIndicatorValue(v: Pick<IndicatorValue, 'value' | 'unit'>): string {
  if (v.value === null) return '—';
  return v.unit === 'rate' ? `${(v.value * 100).toFixed(1)}%` : `${v.value.toFixed(2)}/万人`;
}

export function formatIndicatorTarget(d: Pick<IndicatorDefinition, 'target' | 'unit'>): string {
  return d.unit === 'rate' ? `≥${trimmed(d.target * 100)}%` : `≥${trimmed(d.target)}/万人`;
}

const trimmed = (x: number): string => String(Math.round(x * 100) / 100);

/**
 * Progress against the target in words nobody can misread: "完成目标的 62%" (the actual value is
 * 62% of the target, not 62% of the people), "已达到目标" past it, "—" when it cannot be said.
 */
export function formatIndicatorProgress(v: Pick<IndicatorValue, 'progress' | 'applicable' | 'met'>): string {
  if (!v.applicable || v.progress === null) return '—';
  // floor, so 99.6% of the target never reads as 100% while it is not met
  const percent = Math.floor(Math.round(v.progress * 10_000) / 100);
  return v.met ? `已达到目标（完成目标的 ${Math.max(percent, 100)}%）` : `完成目标的 ${Math.min(percent, 99)}%`;
}

/**
 * Indicators in the order of the 任务分解表: by 一级指标, and within one in the order INDICATORS
 * lists them. Anything with a 一级指标 not in the table comes last.
 */
export function inTableOrder<T extends { code: IndicatorCode }>(values: ReadonlyArray<T>): T[] {
  const rank = (v: T): number => {
    const i = INDICATOR_LEVEL1_ORDER.indexOf(INDICATOR_BY_CODE[v.code]?.level1 ?? '');
    return i < 0 ? INDICATOR_LEVEL1_ORDER.length : i;
  };
  return values.map((v, i) => ({ v, i })).sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i).map(({ v }) => v);
}

/** Minutes as 学时, two decimals. */
export function studyHours(minutes: number): number {
  return Math.round((minutes / STUDY_HOUR_MINUTES) * 100) / 100;
}

/**
 * The 任务分解表 as a district's own data: its rows in order. A row either names an indicator the
 * portal measures (`indicator`), judged against the targets in force, or is entered (`indicator`
 * null): an administrator enters its value per area and year, with evidence files. A district that
 * has not imported a table of its own has the default: one measured row per indicator, in the
 * table's 一级指标 order, with generic 责任部门 and no place name.
 */
export interface TaskRowInput {
  level1: string;
  level2: string;
  /** 指标 / 工作内容. */
  label: string;
  /** 责任部门; empty for the district to fill. */
  departments: string;
  /** A measured indicator's code, or null for an entered one. */
  indicator: IndicatorCode | null;
  /** An entered row's target in words (e.g. "≥15%", "当年举办"); a measured row's is the target in force. */
  target: string;
}

export interface TaskRow extends TaskRowInput {
  /** null for the rows of the default table (nothing stored yet). */
  id: number | null;
  position: number;
}

/** GET /api/areas/:id/task-table and POST /api/areas/:id/task-table/import */
export interface TaskTable {
  district: AreaSummary;
  /** false: the default table (the district has not imported one). */
  custom: boolean;
  rows: TaskRow[];
}

/** A file given as evidence: an upload (POST /api/uploads) and the name it is listed by. */
export interface TaskEvidence {
  uploadId: string;
  name: string;
}

/** PUT /api/areas/:id/task-entries/:rowId/:year */
export interface TaskEntryUpdate {
  /** What was achieved, in words or figures (e.g. "16.2%", "2025年11月举办"). */
  value: string;
  /** Whether it meets the row's target, as the administrator judges it; null: not judged. */
  met: boolean | null;
  evidence: TaskEvidence[];
}

/** An entered row's value for an area and year. */
export interface TaskEntry extends TaskEntryUpdate {
  rowId: number;
  area: AreaSummary;
  year: number;
}

/** The largest 任务分解表 a district may import, and the most evidence files per entry. */
export const TASK_TABLE_MAX_ROWS = 200;
export const TASK_EVIDENCE_MAX = 20;

/** What the 指标代码 column of an imported table says for a row the portal cannot measure. */
export const TASK_ENTERED = '填报';

/** The default 任务分解表: one measured row per indicator, in the table's order (no place name anywhere). */
export function defaultTaskRows(): TaskRowInput[] {
  return inTableOrder(INDICATORS).map((d) => ({
    level1: d.level1,
    level2: d.level2,
    label: d.label,
    departments: d.departments,
    indicator: d.code,
    target: '',
  }));
}
