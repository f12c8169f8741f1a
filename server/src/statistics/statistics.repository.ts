import { AreaLevel, Category, DEFAULT_REQUIRED_TRAINING_MINUTES, PopulationFigures, RegisterCount, SelectionKind } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { Reader, ReadReplica } from '../database/read-replica';

export type Figures = Omit<PopulationFigures, 'year'>;

export interface NodeRow {
  id: number;
  name: string;
  level: AreaLevel;
  code: string;
  path: string;
  isRural: boolean;
}

/** What one node's indicators are computed from: the maintained figures of the year, its population and the workers' register. */
export interface NodeFigures {
  learners: Map<number, number>;
  records: number;
  minutes: number;
  population: Figures | null;
  /** The 成人教育工作者 register of the node's subtree in the year (registerCounts). */
  register: Record<RegisterCount, number>;
}

/** The settled 评选 lists of a kind and year in a subtree, and the residents or projects they chose. */
export interface FinalLists {
  lists: number;
  winners: number;
}

export interface VolumeRow {
  month: number;
  category: Category;
  records: number;
  minutes: number;
}

export interface SessionFigures {
  offeringsHeld: number;
  sessionsHeld: number;
  enrolledPlaces: number;
}

const FIGURE_COLUMNS = `p.resident_total AS "residentTotal", p.aged_60_plus AS "aged60Plus", p.under_18 AS "under18",
  p.employed, p.migrant_workers AS "migrantWorkers", p.unemployed, p.rural_labor AS "ruralLabor",
  p.organisations, p.learning_organisations AS "learningOrganisations"`;

/** The start of a Shanghai calendar year as an instant, in SQL. */
const YEAR_START = (param: string) => `make_timestamptz(${param}, 1, 1, 0, 0, 0, 'Asia/Shanghai')`;

/**
 * A node's and year's counter rows together with its deltas not yet folded (ParticipationAggregates):
 * read in the same statement, so the sum is exact whether or not the job folded them meanwhile.
 */
const WITH_DELTAS = (table: string, columns: string, where: string) =>
  `(SELECT ${columns} FROM ${table} WHERE ${where} UNION ALL SELECT ${columns} FROM ${table}_delta WHERE ${where})`;

/**
 * The 成人教育工作者 register of the subtree under `path` in a year, as JSON with the RegisterCount
 * keys: workers in the register on any day of the year (joined by 31 December, not left before
 * 1 January), the 专职 among them (成人教育专职工作者), and those whose continuing-education minutes
 * dated in the year reach the district's requirement for that year, or `defaultMinutes` when it set none.
 */
const REGISTER_COUNTS = (path: string, year: string, defaultMinutes: string) => `(
  SELECT json_build_object(
           'educationWorkers', count(*),
           'fullTimeWorkers', count(*) FILTER (WHERE w.kind = 'full_time'),
           'trainedWorkers', count(*) FILTER (WHERE COALESCE(t.minutes, 0) >= COALESCE(req.required_minutes, ${defaultMinutes})))
    FROM stats_education_worker w
    LEFT JOIN stats_worker_training t ON t.worker_id = w.id AND t.year = ${year}
    LEFT JOIN stats_training_requirement req ON req.year = ${year}
   WHERE w.area_path LIKE ${path} || '%'
     AND w.joined_on <= make_date(${year}, 12, 31)
     AND (w.left_on IS NULL OR w.left_on >= make_date(${year}, 1, 1)))`;

/**
 * Reads of the participation aggregates and of the few small tables the indicators need beside
 * them. Every query here reads a node's (or its children's) rows of a year: never the records.
 * The counters are read with their unfolded deltas (WITH_DELTAS), so every figure is exact at any moment.
 * With a read replica they are read there (database/read-replica.ts): exact as of its replay, at
 * most 5 s behind, else from the primary.
 */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly reads: ReadReplica) {}

  private get db(): Promise<Reader> {
    return this.reads.shared();
  }

  async children(parentId: number): Promise<NodeRow[]> {
    return (await this.db).query<NodeRow[]>(
      `SELECT id, name, level, code, path, is_rural AS "isRural" FROM stats_area WHERE parent_id = $1 ORDER BY code`,
      [parentId],
    );
  }

  /** Population figures of these nodes for a year, by node id. */
  async population(areaIds: number[], year: number): Promise<Map<number, Figures>> {
    const rows = (await (await this.db).query(
      `SELECT p.area_id AS "areaId", ${FIGURE_COLUMNS} FROM stats_population p WHERE p.area_id = ANY ($1::int[]) AND p.year = $2`,
      [areaIds, year],
    )) as (Figures & { areaId: number })[];
    return new Map(rows.map(({ areaId, ...f }) => [areaId, f]));
  }

  /**
   * Everything the indicators of these nodes need for a year, in one statement: distinct learners
   * per segment, records and minutes, population figures and the workers' register. A few rows per node.
   */
  async figures(nodes: Pick<NodeRow, 'id' | 'path'>[], year: number): Promise<Map<number, NodeFigures>> {
    const rows = (await (await this.db).query(
      `SELECT n.id AS "areaId",
              (SELECT COALESCE(json_object_agg(l.segment, l.learners), '{}')
                 FROM (SELECT segment, sum(learners)::int AS learners
                         FROM ${WITH_DELTAS('stats_learners', 'segment, learners', 'area_id = n.id AND year = $3')} u
                        GROUP BY segment) l) AS learners,
              v.records, v.minutes,
              ${REGISTER_COUNTS('n.path', '$3', '$4')} AS register,
              p.area_id IS NOT NULL AS "hasPopulation", ${FIGURE_COLUMNS}
         FROM unnest($1::int[], $2::text[]) AS n(id, path)
         LEFT JOIN stats_population p ON p.area_id = n.id AND p.year = $3
         CROSS JOIN LATERAL (
           SELECT COALESCE(sum(records), 0)::bigint AS records, COALESCE(sum(minutes), 0)::bigint AS minutes
             FROM ${WITH_DELTAS('stats_volume', 'records, minutes', 'area_id = n.id AND year = $3')} u) v`,
      [nodes.map((n) => n.id), nodes.map((n) => n.path), year, DEFAULT_REQUIRED_TRAINING_MINUTES],
    )) as ({ areaId: number; learners: Record<string, number>; records: string; minutes: string; register: Record<RegisterCount, number>; hasPopulation: boolean } & Figures)[];
    return new Map(
      rows.map((r) => [
        r.areaId,
        {
          learners: new Map(Object.entries(r.learners).map(([k, v]) => [Number(k), v])),
          records: Number(r.records),
          minutes: Number(r.minutes),
          register: r.register,
          population: r.hasPopulation
            ? {
                residentTotal: r.residentTotal,
                aged60Plus: r.aged60Plus,
                under18: r.under18,
                employed: r.employed,
                migrantWorkers: r.migrantWorkers,
                unemployed: r.unemployed,
                ruralLabor: r.ruralLabor,
                organisations: r.organisations,
                learningOrganisations: r.learningOrganisations,
              }
            : null,
        },
      ]),
    );
  }

  /**
   * 学习型组织创建's numerator from the registry: organisations of each node's subtree whose
   * recognition (认定) held at the end of the year, or on `today` for the year under way.
   */
  async recognisedOrganisations(nodes: Pick<NodeRow, 'id' | 'path'>[], year: number, today: string): Promise<Map<number, number>> {
    const rows = (await (await this.db).query(
      `SELECT n.id AS "areaId",
              (SELECT count(DISTINCT r.organisation_id) FROM stats_learning_organisation r
                WHERE r.area_path LIKE n.path || '%' AND r.recognised_on <= d.day AND (r.ended_on IS NULL OR r.ended_on > d.day))::int AS recognised
         FROM unnest($1::int[], $2::text[]) AS n(id, path)
         CROSS JOIN (SELECT LEAST(make_date($3, 12, 31), $4::date) AS day) d`,
      [nodes.map((n) => n.id), nodes.map((n) => n.path), year, today],
    )) as { areaId: number; recognised: number }[];
    return new Map(rows.map((r) => [r.areaId, r.recognised]));
  }

  /**
   * The final lists of the 评选 of a year held in a node's subtree, per kind: how many lists were
   * settled and how many distinct residents (百姓学习之星) or projects (品牌项目) they chose.
   */
  async finalSelections(path: string, year: number): Promise<Record<SelectionKind, FinalLists>> {
    const rows = (await (await this.db).query(
      `SELECT kind, count(DISTINCT selection_id)::int AS lists, count(DISTINCT winner_key)::int AS winners
         FROM stats_selection_final WHERE area_path LIKE $1 || '%' AND year = $2 GROUP BY kind`,
      [path, year],
    )) as ({ kind: SelectionKind } & FinalLists)[];
    const none: FinalLists = { lists: 0, winners: 0 };
    const by = new Map(rows.map((r) => [r.kind, { lists: r.lists, winners: r.winners }]));
    return { star: by.get('star') ?? none, brand: by.get('brand') ?? none };
  }

  /** Records and minutes of a node and year per month and category (at most 108 rows). */
  async volume(areaId: number, year: number): Promise<VolumeRow[]> {
    const rows = (await (await this.db).query(
      `SELECT month, category, sum(records)::int AS records, sum(minutes)::bigint AS minutes
         FROM ${WITH_DELTAS('stats_volume', 'month, category, records, minutes', 'area_id = $1 AND year = $2')} u
        GROUP BY month, category`,
      [areaId, year],
    )) as { month: number; category: Category; records: number; minutes: string }[];
    return rows.map((r) => ({ ...r, minutes: Number(r.minutes) }));
  }

  async attended(areaId: number, year: number): Promise<number> {
    const rows = (await (await this.db).query(
      `SELECT COALESCE(sum(attended), 0)::int AS attended FROM ${WITH_DELTAS('stats_attended', 'attended', 'area_id = $1 AND year = $2')} u`,
      [areaId, year],
    )) as { attended: number }[];
    return rows[0]?.attended ?? 0;
  }

  /**
   * Sessions held in the year of offerings in the subtree (closed, not cancelled, started in the
   * year on the Shanghai calendar: the year their attendance records count in, whenever they were
   * closed): how many, of how many offerings, and the places enrolled in them. Reads the year's
   * sessions, not records.
   */
  async sessions(path: string, year: number): Promise<SessionFigures> {
    const rows = (await (await this.db).query(
      `SELECT count(DISTINCT s.offering_id)::int AS "offeringsHeld", count(*)::int AS "sessionsHeld",
              COALESCE(sum(o.enrolled_count), 0)::bigint AS "enrolledPlaces"
         FROM stats_session s
         JOIN stats_offering o ON o.id = s.offering_id
         JOIN stats_area a ON a.id = o.area_id
        WHERE s.starts_at >= ${YEAR_START('$2::int')} AND s.starts_at < ${YEAR_START('$2::int + 1')}
          AND s.closed_at IS NOT NULL AND s.cancelled_at IS NULL
          AND a.path LIKE $1 || '%'`,
      [path, year],
    )) as { offeringsHeld: number; sessionsHeld: number; enrolledPlaces: string }[];
    return { ...rows[0], enrolledPlaces: Number(rows[0].enrolledPlaces) };
  }
}
