import { Category, ResidentGroup } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { AreaTree, newAdmin, newAreaTree, newCertification, newOffering, newRecords, newResident, newRuleSet } from '../test-support/factories';
import { refusal, repositoryTestModule, RepositoryTestModule, rolledBack } from '../test-support/database';
import { LearningRecordsRepository, NewLearningRecord } from './learning-records.repository';

let t: RepositoryTestModule;
let repo: LearningRecordsRepository;
let tree: AreaTree;

beforeAll(async () => {
  t = await repositoryTestModule([LearningRecordsRepository]);
  repo = t.get(LearningRecordsRepository);
  tree = await newAreaTree(t.db);
});
afterAll(() => t?.close());

const outcome = (residentId: string, extra: Partial<NewLearningRecord> = {}): NewLearningRecord => ({
  residentId,
  source: 'admin_import',
  sourceRef: `test:${randomUUID()}`,
  category: Category.Health,
  minutes: 120,
  occurredAt: new Date('2025-03-01T02:00:00Z'),
  ...extra,
});

/** Records are written with the participation figures in one transaction (see newRecords): those written alone here are rolled back. */
describe('insert', () => {
  it("writes an outcome where the resident lives, with their age in Shanghai on the day and their groups, and the offering's title", async () => {
    const residentId = await newResident(t.db, tree.communityA1, { birthDate: '1965-01-01', groups: [ResidentGroup.Employed] });
    const offering = await newOffering(t.db, tree.communityB1, { title: '智能手机入门班' });
    // 00:30 on New Year's Day 2025 in Shanghai, still 2024 in UTC: the resident has just turned 60
    const occurredAt = new Date('2024-12-31T16:30:00Z');

    await rolledBack(t.db, async (m) => {
      const [written] = await repo.insert(m, [outcome(residentId, { offeringId: offering.id, occurredAt, sourceRef: 'attendance:1' })]);
      const [row] = (await m.query(`SELECT age_years, resident_groups, title FROM learning_record WHERE id = $1`, [written.id])) as unknown[];

      expect(written).toEqual({
        id: expect.stringMatching(/^\d+$/),
        residentId,
        source: 'admin_import',
        sourceRef: 'attendance:1',
        category: Category.Health,
        minutes: 120,
        occurredAt,
        areaId: tree.communityA1.id,
        districtId: tree.district.id,
        voidsId: null,
      });
      expect(row).toEqual({ age_years: 60, resident_groups: [ResidentGroup.Employed], title: '智能手机入门班' });
    });
  });

  it('writes nothing for an outcome handed over a second time, and returns only the new ones in the order given', async () => {
    const residentId = await newResident(t.db, tree.communityA1);
    const first = outcome(residentId, { sourceRef: `attendance:${randomUUID()}` });

    await rolledBack(t.db, async (m) => {
      await repo.insert(m, [first]);
      const fresh = [outcome(residentId, { minutes: 30 }), outcome(residentId, { minutes: 45 })];
      const again = await repo.insert(m, [fresh[0], first, fresh[1]]);
      const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM learning_record WHERE source_ref = $1`, [first.sourceRef])) as { n: number }[];

      expect(again.map((r) => [r.sourceRef, r.minutes])).toEqual([
        [fresh[0].sourceRef, 30],
        [fresh[1].sourceRef, 45],
      ]);
      expect(Number(again[0].id)).toBeLessThan(Number(again[1].id));
      expect(n).toBe(1);
    });
  });

  it('refuses more minutes than a day holds', async () => {
    const residentId = await newResident(t.db, tree.communityA1);

    const refused = await refusal(rolledBack(t.db, (m) => repo.insert(m, [outcome(residentId, { minutes: 1441 })])));

    expect(refused).toMatchObject({ code: '23514', constraint: 'learning_record_minutes_range' });
  });

  it('never lets a record be changed or deleted', async () => {
    const residentId = await newResident(t.db, tree.communityA1);
    const [record] = await newRecords(t.db, [{ residentId }]);

    const edit = await refusal(rolledBack(t.db, (m) => m.query(`UPDATE learning_record SET minutes = 1 WHERE id = $1`, [record.id])));
    const removal = await refusal(rolledBack(t.db, (m) => m.query(`DELETE FROM learning_record WHERE id = $1`, [record.id])));

    expect(edit).toMatchObject({ code: '23001', message: 'learning_record is append-only: UPDATE refused' });
    expect(removal).toMatchObject({ code: '23001', message: 'learning_record is append-only: DELETE refused' });
  });
});

describe('voiding', () => {
  it('voids a record once, by a record with the negated minutes and the reason, and findOne then says it is voided', async () => {
    const residentId = await newResident(t.db, tree.communityA2);
    const admin = await newAdmin(t.db, tree.district);
    const [record] = await newRecords(t.db, [{ residentId, category: Category.Theory, minutes: 90 }]);

    await rolledBack(t.db, async (m) => {
      expect(await repo.findOne(m, record.id)).toEqual({ ...record, voided: false });
      const voiding = await repo.insertVoid(m, record.id, '重复录入', admin);

      expect(voiding).toEqual({
        ...record,
        id: expect.stringMatching(/^\d+$/),
        sourceRef: `void:${record.id}`,
        minutes: -90,
        voidsId: record.id,
      });
      expect(await repo.findOne(m, record.id)).toEqual({ ...record, voided: true });
      expect(await repo.insertVoid(m, record.id, '再作废一次', admin)).toBeNull();
      expect(await repo.insertVoid(m, voiding!.id, '作废作废记录', admin)).toBeNull();
      expect(await m.query(`SELECT void_reason, recorded_by FROM learning_record WHERE voids_id = $1`, [record.id])).toEqual([
        { void_reason: '重复录入', recorded_by: admin },
      ]);
    });
  });

  it('finds no record that does not exist', async () => {
    expect(await repo.findOne(t.db.manager, '999999999999')).toBeNull();
  });
});

describe('lockResidents', () => {
  it("makes a second writer of the same resident wait until the first commits, and lets another resident's writer through", async () => {
    const [a, b] = [await newResident(t.db, tree.communityA1), await newResident(t.db, tree.communityA1)];
    const first = t.db.createQueryRunner();
    const same = t.db.createQueryRunner();
    const other = t.db.createQueryRunner();
    try {
      for (const r of [first, same, other]) await r.startTransaction();
      await repo.lockResidents(first.manager, [a]);
      const [{ pid }] = (await same.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];

      let sameHasLock = false;
      const sameLocks = repo.lockResidents(same.manager, [a]).then(() => (sameHasLock = true));
      await repo.lockResidents(other.manager, [b]).then(() => other.commitTransaction());
      await waitUntilWaitingForLock(pid);
      expect(sameHasLock).toBe(false);

      await first.commitTransaction();
      await sameLocks;
      expect(sameHasLock).toBe(true);
      await same.commitTransaction();
    } finally {
      for (const r of [first, same, other]) {
        if (r.isTransactionActive) await r.rollbackTransaction();
        await r.release();
      }
    }
  });
});

/** Polls until the backend `pid` waits for an advisory lock (what a blocked lockResidents does). */
async function waitUntilWaitingForLock(pid: number): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const [row] = (await t.db.query(`SELECT wait_event_type, wait_event FROM pg_stat_activity WHERE pid = $1`, [pid])) as { wait_event_type: string | null; wait_event: string | null }[];
    if (row?.wait_event_type === 'Lock' && row.wait_event === 'advisory') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`backend ${pid} never waited for the resident's lock`);
}

describe('certifiedCredits', () => {
  it('reads the credits of certified achievements from the table they were approved under, and nothing for other records', async () => {
    const residentId = await newResident(t.db, tree.communityA1);
    const ruleSetId = await newRuleSet(t.db, tree.district.id);
    const [certified, plain] = await newRecords(t.db, [
      { residentId, source: 'certification', category: Category.VocationalSkills, minutes: 0 },
      { residentId },
    ]);
    await newCertification(t.db, { residentId, areaId: tree.communityA1.id, ruleSetId, recordId: certified.id, creditsMilli: 4000 });

    expect(await repo.certifiedCredits(t.db.manager, [certified.id, plain.id])).toEqual(new Map([[certified.id, { ruleSetId, creditsMilli: 4000 }]]));
    expect(await repo.certifiedCredits(t.db.manager, [])).toEqual(new Map());
  });
});
