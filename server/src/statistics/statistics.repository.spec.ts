import { Category, ResidentGroup } from '@lp/shared';
import { LearningRecordsRepository } from '../learning-records/learning-records.repository';
import { AreaTree, enrolled, newAdmin, newAreaTree, newOffering, newRecords, newResident, newSession, RecordInput } from '../test-support/factories';
import { repositoryTestModule, RepositoryTestModule, rolledBack } from '../test-support/database';
import { ParticipationAggregates } from './participation-aggregates';
import { StatisticsRepository } from './statistics.repository';

let t: RepositoryTestModule;
let stats: StatisticsRepository;
let aggregates: ParticipationAggregates;

beforeAll(async () => {
  t = await repositoryTestModule([StatisticsRepository, ParticipationAggregates, LearningRecordsRepository]);
  stats = t.get(StatisticsRepository);
  aggregates = t.get(ParticipationAggregates);
});
afterAll(() => t?.close());

/** An instant in Shanghai time. */
const at = (local: string) => new Date(`${local}+08:00`);
const byMonth = <T extends { month: number; category: string }>(rows: T[]) => [...rows].sort((a, b) => a.month - b.month || a.category.localeCompare(b.category));

/** Voids records the way the credit bank does: the voiding record and the figures in one transaction. */
async function voidRecords(tree: AreaTree, ids: string[]): Promise<void> {
  const admin = await newAdmin(t.db, tree.district);
  await t.db.transaction(async (m) => {
    const voiding = await Promise.all(ids.map((id) => t.get(LearningRecordsRepository).insertVoid(m, id, '测试作废', admin)));
    await aggregates.apply(m, voiding.map((v) => v!.id));
  });
}

describe('volume', () => {
  it('counts records and minutes by month and category in the community, its street and the district, and nowhere else', async () => {
    const tree = await newAreaTree(t.db);
    const residentId = await newResident(t.db, tree.communityA1);
    await newRecords(t.db, [
      { residentId, minutes: 120, occurredAt: at('2025-03-02T10:00:00') },
      { residentId, minutes: 60, occurredAt: at('2025-03-20T10:00:00') },
      { residentId, minutes: 30, category: Category.Theory, occurredAt: at('2025-04-01T10:00:00') },
    ]);
    const expected = [
      { month: 3, category: Category.Health, records: 2, minutes: 180 },
      { month: 4, category: Category.Theory, records: 1, minutes: 30 },
    ];

    for (const node of [tree.communityA1, tree.streetA, tree.district]) expect(byMonth(await stats.volume(node.id, 2025))).toEqual(expected);
    expect(await stats.volume(tree.communityA2.id, 2025)).toEqual([]);
    expect(await stats.volume(tree.streetB.id, 2025)).toEqual([]);
    expect(await stats.volume(tree.district.id, 2024)).toEqual([]);
  });

  it("counts a record made just after midnight on New Year's Day in Shanghai in the new year", async () => {
    const tree = await newAreaTree(t.db);
    const residentId = await newResident(t.db, tree.communityB1);
    await newRecords(t.db, [{ residentId, minutes: 45, occurredAt: new Date('2025-12-31T16:30:00Z') }]);

    expect(await stats.volume(tree.communityB1.id, 2026)).toEqual([{ month: 1, category: Category.Health, records: 1, minutes: 45 }]);
    expect(await stats.volume(tree.communityB1.id, 2025)).toEqual([]);
  });
});

describe('figures', () => {
  it('counts each learner once per node and in the segments they were in when they learned, beside records, minutes, the workers’ register and population', async () => {
    const tree = await newAreaTree(t.db);
    const senior = await newResident(t.db, tree.communityA1, { birthDate: '1950-06-01' });
    const minor = await newResident(t.db, tree.communityA2, { birthDate: '2012-06-01' });
    const farmer = await newResident(t.db, tree.communityA1, { birthDate: '1980-06-01', groups: [ResidentGroup.Farmer] });
    const when = at('2025-05-10T09:00:00');
    await newRecords(t.db, [
      { residentId: senior, minutes: 60, occurredAt: when },
      { residentId: senior, minutes: 60, occurredAt: when },
      { residentId: minor, minutes: 30, occurredAt: when },
      // a farmer counts as trained only for 职业技能
      { residentId: farmer, minutes: 90, category: Category.VocationalSkills, occurredAt: when },
      { residentId: farmer, minutes: 10, occurredAt: when },
    ]);
    await newOffering(t.db, tree.communityA1); // its school's teacher account counts for nothing: the register does
    // the workers' register: a 专职 in A1 trained 72 学时 in 2025, a 兼职 in A2 untrained, a 专职 in A1 who left before 2025
    const worker = async (kind: string, areaId: number, joined: string, left: string | null) =>
      ((await t.db.query(
        `INSERT INTO education_worker (name, phone_enc, phone_hash, kind, area_id, joined_on, left_on) VALUES ('工作者', 'x', md5(random()::text) || md5(random()::text), $1, $2, $3, $4) RETURNING id`,
        [kind, areaId, joined, left],
      )) as { id: number }[])[0].id;
    const trained = await worker('full_time', tree.communityA1.id, '2024-01-01', null);
    await worker('part_time', tree.communityA2.id, '2025-06-01', null);
    await worker('full_time', tree.communityA1.id, '2020-01-01', '2024-12-31');
    await t.db.query(`INSERT INTO education_worker_training (worker_id, trained_on, minutes, what, recorded_by) VALUES ($1, '2025-03-01', 4000, '岗位培训', $2), ($1, '2025-11-01', 320, '专题研修', $2), ($1, '2024-11-01', 600, '去年的', $2)`, [trained, senior]);
    await t.db.query(
      `INSERT INTO area_population (area_id, year, resident_total, aged_60_plus, under_18, employed, migrant_workers, unemployed, rural_labor)
       VALUES ($1, 2025, 1000, 300, 100, 400, 50, 20, 10)`,
      [tree.communityA1.id],
    );

    const figures = await stats.figures([tree.communityA1, tree.streetA, tree.communityB1], 2025);

    expect(figures.get(tree.communityA1.id)).toEqual({
      learners: new Map([[0, 2], [1, 1], [6, 1]]),
      records: 4,
      minutes: 220,
      register: { educationWorkers: 1, fullTimeWorkers: 1, trainedWorkers: 1 },
      population: { residentTotal: 1000, aged60Plus: 300, under18: 100, employed: 400, migrantWorkers: 50, unemployed: 20, ruralLabor: 10, organisations: 0, learningOrganisations: 0 },
    });
    expect(figures.get(tree.streetA.id)).toEqual({ learners: new Map([[0, 3], [1, 1], [2, 1], [6, 1]]), records: 5, minutes: 250, register: { educationWorkers: 2, fullTimeWorkers: 1, trainedWorkers: 1 }, population: null });
    expect(figures.get(tree.communityB1.id)).toEqual({ learners: new Map(), records: 0, minutes: 0, register: { educationWorkers: 0, fullTimeWorkers: 0, trainedWorkers: 0 }, population: null });
  });

  it('takes away exactly what a voided record added, and a learner whose only record is voided stops counting', async () => {
    const tree = await newAreaTree(t.db);
    const [stays, leaves] = [await newResident(t.db, tree.communityB1), await newResident(t.db, tree.communityB1)];
    const when = at('2025-07-01T09:00:00');
    const [kept, , gone] = await newRecords(t.db, [
      { residentId: stays, minutes: 40, occurredAt: when },
      { residentId: stays, minutes: 20, occurredAt: when },
      { residentId: leaves, minutes: 70, occurredAt: when },
    ]);

    await voidRecords(tree, [kept.id, gone.id]);

    expect((await stats.figures([tree.communityB1], 2025)).get(tree.communityB1.id)).toMatchObject({ learners: new Map([[0, 1]]), records: 1, minutes: 20 });
    expect(await stats.volume(tree.streetB.id, 2025)).toEqual([{ month: 7, category: Category.Health, records: 1, minutes: 20 }]);
  });
});

describe('attendance and sessions', () => {
  it("counts an attended session where the offering is held, not where the learner lives", async () => {
    const tree = await newAreaTree(t.db);
    const residentId = await newResident(t.db, tree.communityA1);
    const offering = await newOffering(t.db, tree.communityB1);
    await newRecords(t.db, [
      { residentId, source: 'attendance', offeringId: offering.id, occurredAt: at('2025-09-01T09:00:00') },
      { residentId, source: 'attendance', offeringId: offering.id, occurredAt: at('2025-09-08T09:00:00') },
      { residentId, offeringId: offering.id, occurredAt: at('2025-09-09T09:00:00') },
    ]);

    expect([await stats.attended(tree.communityB1.id, 2025), await stats.attended(tree.streetB.id, 2025), await stats.attended(tree.district.id, 2025)]).toEqual([2, 2, 2]);
    expect(await stats.attended(tree.communityA1.id, 2025)).toBe(0);
  });

  it('counts the sessions held in the year (by the day they started, as their records count), the offerings they belong to and the places enrolled in them', async () => {
    const tree = await newAreaTree(t.db);
    const held = await newOffering(t.db, tree.communityA2);
    const other = await newOffering(t.db, tree.communityA1);
    await enrolled(t.db, held.id, [await newResident(t.db, tree.communityA2), await newResident(t.db, tree.communityA2), await newResident(t.db, tree.communityA1)]);
    await newSession(t.db, held.id, { startsAt: at('2025-03-01T09:00:00'), closedAt: at('2025-03-01T11:00:00') });
    await newSession(t.db, held.id, { startsAt: at('2025-03-08T09:00:00'), closedAt: at('2025-03-08T11:00:00') });
    await newSession(t.db, held.id, { startsAt: at('2025-03-15T09:00:00'), cancelled: true, closedAt: at('2025-03-15T11:00:00') });
    await newSession(t.db, held.id, { startsAt: at('2025-03-22T09:00:00') });
    await newSession(t.db, other.id, { startsAt: at('2024-12-31T22:00:00'), closedAt: at('2024-12-31T23:59:00') });
    await newSession(t.db, other.id, { startsAt: at('2025-12-31T22:00:00'), closedAt: at('2026-01-01T00:01:00') });

    // the New Year's Eve session closed after midnight belongs to 2025, the year it started
    expect(await stats.sessions(tree.streetA.path, 2025)).toEqual({ offeringsHeld: 2, sessionsHeld: 3, enrolledPlaces: 6 });
    expect(await stats.sessions(tree.communityA1.path, 2025)).toEqual({ offeringsHeld: 1, sessionsHeld: 1, enrolledPlaces: 0 });
    expect(await stats.sessions(tree.communityA1.path, 2026)).toEqual({ offeringsHeld: 0, sessionsHeld: 0, enrolledPlaces: 0 });
    expect(await stats.sessions(tree.district.path, 2024)).toEqual({ offeringsHeld: 1, sessionsHeld: 1, enrolledPlaces: 0 });
  });
});

describe('rebuild', () => {
  it('finds the figures kept as records were written equal to what the records say', async () => {
    const tree = await newAreaTree(t.db);
    const residentId = await newResident(t.db, tree.communityA1, { birthDate: '1940-01-01', groups: [ResidentGroup.Unemployed] });
    const [voided] = await newRecords(t.db, [
      { residentId, category: Category.VocationalSkills, occurredAt: at('2025-02-01T09:00:00') },
      { residentId, category: Category.VocationalSkills, occurredAt: new Date('2025-12-31T16:00:00Z') },
    ]);
    await voidRecords(tree, [voided.id]);

    const report = await t.db.transaction((m) => aggregates.rebuild(m, { replace: false }));

    expect(report.differences).toEqual(['stats_member', 'stats_learners', 'stats_volume', 'stats_attended'].map((table) => ({ table, differing: 0, samples: [] })));
    expect(report.replaced).toBe(false);
  });

  it('names a counter that drifted from the records, and puts it right when asked to replace', async () => {
    const tree = await newAreaTree(t.db);
    const residentId = await newResident(t.db, tree.communityA2);
    await newRecords(t.db, [{ residentId, minutes: 50, occurredAt: at('2025-06-01T09:00:00') }]);
    const key = `${tree.communityA2.id}/2025/6/health`;

    await rolledBack(t.db, async (m) => {
      await aggregates.fold(m); // the record's deltas into the counters, so that there is a row to drift
      await m.query(`UPDATE stats_volume SET records = records + 1 WHERE area_id = $1 AND year = 2025`, [tree.communityA2.id]);
      const report = await aggregates.rebuild(m, { replace: true });

      expect(report.differences.map((d) => [d.table, d.differing])).toEqual([['stats_member', 0], ['stats_learners', 0], ['stats_volume', 1], ['stats_attended', 0]]);
      expect(report.differences[2].samples).toEqual([{ key, maintained: '2/50', recomputed: '1/50' }]);
      expect(await m.query(`SELECT records, minutes::int FROM stats_volume WHERE area_id = $1 AND year = 2025`, [tree.communityA2.id])).toEqual([{ records: 1, minutes: 50 }]);
    });
  });
});

// The node counters are appended to as deltas and folded by a job: figures are exact before, during and after a fold.
describe('deltas and folding', () => {
  /** Everything the indicators read of a node and year, as one comparable value. */
  const snapshot = async (areaId: number, path: string, year: number) => {
    const f = (await stats.figures([{ id: areaId, path }], year)).get(areaId)!;
    return {
      learners: Object.fromEntries([...f.learners].filter(([, n]) => n !== 0).sort(([a], [b]) => a - b)),
      records: f.records,
      minutes: f.minutes,
      volume: byMonth(await stats.volume(areaId, year)).filter((v) => v.records !== 0 || v.minutes !== 0),
      attended: await stats.attended(areaId, year),
    };
  };
  /** Delta rows not yet folded for these nodes. */
  const pending = async (areaIds: number[]) =>
    Number(
      ((await t.db.query(
        `SELECT (SELECT count(*) FROM stats_learners_delta WHERE area_id = ANY ($1::int[])) + (SELECT count(*) FROM stats_volume_delta WHERE area_id = ANY ($1::int[]))
              + (SELECT count(*) FROM stats_attended_delta WHERE area_id = ANY ($1::int[])) AS n`,
        [areaIds],
      )) as { n: string }[])[0].n,
    );
  const counterRows = (areaId: number) =>
    t.db.query(
      `SELECT (SELECT COALESCE(json_object_agg(segment, learners), '{}') FROM stats_learners WHERE area_id = $1 AND year = 2025) AS learners,
              (SELECT COALESCE(sum(records), 0)::int FROM stats_volume WHERE area_id = $1 AND year = 2025) AS records,
              (SELECT COALESCE(sum(attended), 0)::int FROM stats_attended WHERE area_id = $1 AND year = 2025) AS attended`,
      [areaId],
    ) as Promise<{ learners: Record<string, number>; records: number; attended: number }[]>;
  const noDifference = async () =>
    expect((await t.db.transaction((m) => aggregates.rebuild(m, { replace: false }))).differences.map((d) => [d.table, d.differing])).toEqual([
      ['stats_member', 0],
      ['stats_learners', 0],
      ['stats_volume', 0],
      ['stats_attended', 0],
    ]);

  /** Two seniors and a younger resident attend a session of an offering of 甲一社区; one attendance is voided. */
  async function attendedWorld() {
    const tree = await newAreaTree(t.db);
    const { id: offeringId } = await newOffering(t.db, tree.communityA1);
    const seniors = await Promise.all([1, 2].map(() => newResident(t.db, tree.communityA1, { birthDate: '1950-01-01' })));
    const younger = await newResident(t.db, tree.communityA2, { birthDate: '1990-01-01' });
    const when = at('2025-09-01T19:00:00');
    const written = await newRecords(
      t.db,
      [...seniors, younger, younger].map((residentId) => ({ residentId, offeringId, source: 'attendance' as const, minutes: 90, occurredAt: when })),
    );
    await voidRecords(tree, [written[3].id]);
    const expected = {
      learners: { 0: 3, 1: 2 },
      records: 3,
      minutes: 270,
      volume: [{ month: 9, category: Category.Health, records: 3, minutes: 270 }],
      attended: 3,
    };
    return { tree, offeringId, expected };
  }

  it('reads exact figures before the deltas are folded, and stats:rebuild finds no difference', async () => {
    const { tree, expected } = await attendedWorld();

    expect(await pending([tree.district.id])).toBeGreaterThan(0);
    expect(await counterRows(tree.district.id)).toEqual([{ learners: {}, records: 0, attended: 0 }]);
    expect(await snapshot(tree.district.id, tree.district.path, 2025)).toEqual(expected);
    expect(await snapshot(tree.communityA1.id, tree.communityA1.path, 2025)).toMatchObject({ learners: { 0: 2, 1: 2 }, records: 2, minutes: 180, attended: 3 });
    await noDifference();
  });

  it('reads the same figures after folding, from the counters alone, and stats:rebuild still finds no difference', async () => {
    const { tree, expected } = await attendedWorld();
    const nodes = [tree.district.id, tree.streetA.id, tree.communityA1.id, tree.communityA2.id];

    await t.db.transaction((m) => aggregates.fold(m));

    expect(await pending(nodes)).toBe(0);
    expect(await counterRows(tree.district.id)).toEqual([{ learners: { 0: 3, 1: 2 }, records: 3, attended: 3 }]);
    expect(await snapshot(tree.district.id, tree.district.path, 2025)).toEqual(expected);
    await noDifference();
  });

  it('counts nothing twice when folds run at the same moment as each other, as writes and as reads', async () => {
    const { tree, offeringId, expected } = await attendedWorld();
    const more = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newResident(t.db, tree.communityB1, { birthDate: '1985-01-01' })));
    const when = at('2025-10-01T19:00:00');

    // six writers, six folds and reads of the district, all at once
    const reads: Awaited<ReturnType<typeof snapshot>>[] = [];
    await Promise.all([
      ...more.map((residentId) => newRecords(t.db, [{ residentId, offeringId, source: 'attendance' as const, minutes: 60, occurredAt: when }])),
      ...[1, 2, 3, 4, 5, 6].map(() => t.db.transaction((m) => aggregates.fold(m))),
      ...[1, 2, 3].map(async () => reads.push(await snapshot(tree.communityA2.id, tree.communityA2.path, 2025))),
    ]);
    await t.db.transaction((m) => aggregates.fold(m));

    const after = {
      learners: { 0: 9, 1: 2 },
      records: 9,
      minutes: 630,
      volume: [...expected.volume, { month: 10, category: Category.Health, records: 6, minutes: 360 }],
      attended: 9,
    };
    // 甲二社区 got no new records: every read while folding saw exactly its figures
    for (const r of reads) expect(r).toEqual({ learners: { 0: 1 }, records: 1, minutes: 90, volume: [{ month: 9, category: Category.Health, records: 1, minutes: 90 }], attended: 0 });
    expect(await snapshot(tree.district.id, tree.district.path, 2025)).toEqual(after);
    expect(await counterRows(tree.district.id)).toEqual([{ learners: { 0: 9, 1: 2 }, records: 9, attended: 9 }]);
    await noDifference();
  });
});
