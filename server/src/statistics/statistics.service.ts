import {
  AreaSummary,
  ActivityFigures,
  Category,
  CATEGORY_LABELS,
  CategoryStatistics,
  ChildStatistics,
  GroupStatistics,
  LEARNER_SEGMENT_LABELS,
  LearnerSegment,
  MonthStatistics,
  PEOPLE_FIGURES,
  PeopleFigureKey,
  POPULATION_FIGURES,
  POPULATION_LABELS,
  PopulationBalance,
  PopulationError,
  PopulationImportResult,
  populationProblems,
  PopulationUpdate,
  StatisticsOverview,
  withStoredOrganisations,
  YearOverYear,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import type { Area } from '../areas/area.entity';
import { AreasService, toSummary } from '../areas/areas.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { shanghaiDay } from '../credit-rules/rule-book';
import { SpreadsheetReader } from '../common/spreadsheet/spreadsheet-reader';
import { IndicatorTargetsService } from '../indicator-targets/indicator-targets.service';
import { TaskTableService } from '../task-table/task-table.service';
import { indicatorValues, perCapitaMinutes, ratio } from './indicators';
import { applicationWorkbook } from './application-form';
import { indicatorWorkbook, WorkbookSheet } from './indicator-workbook';
import { POPULATION_SHEET_LIMITS, populationLines } from './population-file';
import { Figures, NodeRow, StatisticsRepository } from './statistics.repository';

const SEGMENT_POPULATION: Record<LearnerSegment, PeopleFigureKey | null> = {
  [LearnerSegment.All]: 'residentTotal',
  [LearnerSegment.Seniors]: 'aged60Plus',
  [LearnerSegment.Minors]: 'under18',
  [LearnerSegment.EmployedTrained]: 'employed',
  [LearnerSegment.UnemployedTrained]: 'unemployed',
  [LearnerSegment.MigrantTrained]: 'migrantWorkers',
  [LearnerSegment.FarmerTrained]: 'ruralLabor',
};

const emptyFigures = (): Figures => Object.fromEntries(POPULATION_FIGURES.map(({ key }) => [key, 0])) as Figures;

type Node = Pick<Area, 'id' | 'name' | 'level' | 'path' | 'isRural'>;

/** Participation statistics for administrators: every read checks the actor's area scope first. */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly areas: AreasService,
    private readonly stats: StatisticsRepository,
    private readonly clock: Clock,
    private readonly spreadsheets: SpreadsheetReader,
    private readonly targets: IndicatorTargetsService,
    private readonly tasks: TaskTableService,
  ) {}

  /** The current year on the Asia/Shanghai calendar, when a request names none. */
  currentYear(): number {
    return new Date(this.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();
  }

  async overview(actor: Actor, areaId: number, year: number): Promise<StatisticsOverview> {
    const node = await this.areas.assertAdminOf(actor, areaId);
    const [[line], activities] = await Promise.all([this.lines([node], year), this.activities(node, year)]);
    return { ...line, year, activities };
  }

  async children(actor: Actor, areaId: number, year: number): Promise<ChildStatistics[]> {
    await this.areas.assertAdminOf(actor, areaId);
    return this.lines(await this.stats.children(areaId), year);
  }

  async months(actor: Actor, areaId: number, year: number): Promise<MonthStatistics[]> {
    await this.areas.assertAdminOf(actor, areaId);
    const rows = await this.stats.volume(areaId, year);
    const months: MonthStatistics[] = Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      records: 0,
      minutes: 0,
      byCategory: Object.fromEntries(Object.values(Category).map((c) => [c, 0])) as Record<Category, number>,
    }));
    for (const r of rows) {
      const m = months[r.month - 1];
      m.records += r.records;
      m.minutes += r.minutes;
      m.byCategory[r.category] += r.minutes;
    }
    return months;
  }

  async categories(actor: Actor, areaId: number, year: number): Promise<CategoryStatistics[]> {
    await this.areas.assertAdminOf(actor, areaId);
    const rows = await this.stats.volume(areaId, year);
    const total = rows.reduce((s, r) => s + r.minutes, 0);
    return Object.values(Category).map((category) => {
      const mine = rows.filter((r) => r.category === category);
      const minutes = mine.reduce((s, r) => s + r.minutes, 0);
      return {
        category,
        label: CATEGORY_LABELS[category],
        records: mine.reduce((s, r) => s + r.records, 0),
        minutes,
        minutesShare: ratio(minutes, total) ?? 0,
      };
    });
  }

  async groups(actor: Actor, areaId: number, year: number): Promise<GroupStatistics[]> {
    const node = await this.areas.assertAdminOf(actor, areaId);
    const { learners, population: pop } = (await this.stats.figures([node], year)).get(areaId)!;
    return (Object.values(LearnerSegment).filter((v) => typeof v === 'number') as LearnerSegment[]).map((segment) => {
      const key = SEGMENT_POPULATION[segment];
      return {
        segment,
        label: LEARNER_SEGMENT_LABELS[segment],
        learners: learners.get(segment) ?? 0,
        population: key && pop ? pop[key] : null,
        populationLabel: key ? POPULATION_LABELS[key] : null,
      };
    });
  }

  async yearOverYear(actor: Actor, areaId: number, year: number): Promise<YearOverYear> {
    const node = await this.areas.assertAdminOf(actor, areaId);
    const [current] = await this.lines([node], year);
    const [previous] = await this.lines([node], year - 1);
    // a year without a single learning record in the area has nothing to compare with
    const comparable = previous.records > 0;
    return {
      area: toSummary(node),
      year,
      previousYear: year - 1,
      comparable,
      rows: current.indicators.map((c, i) => {
        const p = previous.indicators[i];
        return {
          code: c.code,
          label: c.label,
          current: c,
          previous: p,
          change: comparable && c.value !== null && p.value !== null ? Math.round((c.value - p.value) * 10_000) / 10_000 : null,
        };
      }),
      records: { current: current.records, previous: previous.records },
      minutes: { current: current.minutes, previous: previous.minutes },
    };
  }

  /** The district's 任务分解表 with this node's figures as .xlsx: the node's own sheet first, then one per child. */
  async exportWorkbook(actor: Actor, areaId: number, year: number): Promise<{ file: Buffer; filename: string }> {
    const node = await this.areas.assertAdminOf(actor, areaId);
    const children = await this.stats.children(areaId);
    const nodes = [node, ...children];
    const [lines, table, entries] = await Promise.all([
      this.lines(nodes, year),
      this.areas.districtOf(node.id).then((d) => this.tasks.tableOf(d!)),
      this.tasks.entriesOf(nodes.map((n) => n.id), year),
    ]);
    const sheets: WorkbookSheet[] = lines.map((l) => ({
      ...l,
      title: l.area.name,
      entries: new Map(entries.filter((e) => e.areaId === l.area.id).map((e) => [e.rowId, e])),
    }));
    sheets[0].activities = await this.activities(node, year);
    return { file: await indicatorWorkbook(year, table.rows, sheets), filename: `indicators-${areaId}-${year}.xlsx` };
  }

  /** The figures of the 全国学习型城市网络 application form that the portal knows, as .xlsx. */
  async exportApplicationForm(actor: Actor, areaId: number, year: number): Promise<{ file: Buffer; filename: string }> {
    const node = await this.areas.assertAdminOf(actor, areaId);
    const [[line], activities, recognised, selections] = await Promise.all([
      this.lines([node], year),
      this.activities(node, year),
      this.stats.recognisedOrganisations([node], year, shanghaiDay(this.clock.now())),
      this.stats.finalSelections(node.path, year),
    ]);
    const file = await applicationWorkbook({
      ...line,
      area: summary(node),
      year,
      activities,
      recognisedOrganisations: recognised.get(node.id) ?? 0,
      selections,
    });
    return { file, filename: `application-${areaId}-${year}.xlsx` };
  }

  async populationBalance(actor: Actor, areaId: number, year: number): Promise<PopulationBalance> {
    const node = await this.areas.assertAdminOf(actor, areaId);
    return this.balance(node, year);
  }

  /**
   * Imports figures for the node and its children from an .xlsx or .csv. Every line is checked
   * (known area in scope, whole numbers, the same rules as one entry) before anything is written;
   * one bad line refuses the whole file, with every problem named by its line.
   */
  async importPopulation(actor: Actor, areaId: number, year: number, file: Buffer | undefined): Promise<PopulationImportResult> {
    const node = await this.areas.assertAdminOf(actor, areaId);
    if (!file?.length) throw AppError.badRequest('请上传人口数据文件（.xlsx 或 .csv）', undefined, PopulationError.FileMissing);
    const lines = populationLines(await this.spreadsheets.read(file, POPULATION_SHEET_LIMITS));
    const candidates: NodeRow[] = [node, ...(await this.stats.children(node.id))];
    // a file without the organisation columns leaves the stored organisation figures as they are
    const stored = await this.stats.population(candidates.map((c) => c.id), year);
    const byCode = new Map(candidates.map((c) => [c.code, c]));
    const byName = new Map(candidates.map((c) => [c.name, c]));
    const problems: string[] = [];
    const seen = new Set<number>();
    const accepted: { area: NodeRow; figures: Figures }[] = [];
    for (const line of lines) {
      const area = (line.code && byCode.get(line.code)) || (line.name && byName.get(line.name)) || null;
      const at = `第${line.line}行`;
      if (!area) {
        problems.push(`${at}：“${line.code || line.name || '（空）'}”不是${node.name}或它的下级区域`);
        continue;
      }
      if (seen.has(area.id)) problems.push(`${at}：${area.name}重复出现`);
      seen.add(area.id);
      const own = line.problems.map((p) => `${at}（${area.name}）：${p}`);
      if (!own.length) {
        const figures = withStoredOrganisations(line.figures as PopulationUpdate, stored.get(area.id) ?? null);
        own.push(...populationProblems(figures).map((p) => `${at}（${area.name}）：${p.message}`));
        if (!own.length) accepted.push({ area, figures });
      }
      problems.push(...own);
    }
    if (problems.length) throw AppError.badRequest(problems[0], problems.slice(0, 50), PopulationError.Invalid);
    for (const a of accepted) await this.areas.setPopulation(actor, a.area.id, year, a.figures);
    return {
      imported: accepted.map((a) => ({ area: toSummary(a.area), figures: a.figures })),
      balance: await this.balance(node, year),
    };
  }

  private async balance(node: Node, year: number): Promise<PopulationBalance> {
    const children = await this.stats.children(node.id);
    const population = await this.stats.population([node.id, ...children.map((c) => c.id)], year);
    const parent = population.get(node.id) ?? null;
    const sum = emptyFigures();
    for (const c of children) {
      const f = population.get(c.id);
      if (f) for (const { key } of POPULATION_FIGURES) sum[key] += f[key];
    }
    // organisations are not compared: a level has its own (街道机关…) besides its children's
    const difference = parent ? (Object.fromEntries(PEOPLE_FIGURES.map(({ key }) => [key, parent[key] - sum[key]])) as PopulationBalance['difference']) : null;
    const missing = children.filter((c) => !population.has(c.id));
    return {
      area: toSummary(node),
      year,
      parent,
      childrenSum: sum,
      childrenWithFigures: children.length - missing.length,
      childrenMissing: missing.map(toSummary),
      difference,
      balanced: difference !== null && missing.length === 0 && Object.values(difference).every((d) => d === 0),
    };
  }

  /**
   * Indicators, records and minutes of several nodes for one year, from the aggregates (a few rows
   * per node), each judged against the targets in force for that node and year.
   */
  private async lines(nodes: Node[], year: number): Promise<ChildStatistics[]> {
    if (!nodes.length) return [];
    const [figures, recognised, targets] = await Promise.all([
      this.stats.figures(nodes, year),
      this.stats.recognisedOrganisations(nodes, year, shanghaiDay(this.clock.now())),
      this.targets.inForce(nodes, year),
    ]);
    return nodes.map((n) => {
      const f = figures.get(n.id)!;
      const pop = f.population;
      // 学习型组织创建 counts the registry's recognised organisations over the entered organisations
      const organisations = pop && { ...pop, learningOrganisations: recognised.get(n.id) ?? 0 };
      const inForce = targets.get(n.id)!;
      const byCode = Object.fromEntries(Object.entries(inForce).map(([code, t]) => [code, t.target]));
      return {
        area: { ...summary(n), isRural: n.isRural },
        population: pop,
        indicators: indicatorValues(n.isRural, organisations, f, byCode),
        records: f.records,
        minutes: f.minutes,
        perCapitaMinutes: perCapitaMinutes(f.minutes, pop),
      };
    });
  }

  private async activities(node: Node, year: number): Promise<ActivityFigures> {
    const [sessions, attended] = await Promise.all([this.stats.sessions(node.path, year), this.stats.attended(node.id, year)]);
    return { ...sessions, attended, attendanceRate: ratio(attended, sessions.enrolledPlaces) };
  }
}

const summary = (n: Node): AreaSummary => ({ id: n.id, name: n.name, level: n.level });
