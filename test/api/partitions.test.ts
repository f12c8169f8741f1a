import { Category } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { LearningRecordsService } from '@lp/server/dist/learning-records/learning-records.service';
import { PeriodicJobs } from '@lp/server/dist/scheduling/periodic-jobs';
import { YEAR_PARTITIONS_JOB_ID, YearPartitions } from '@lp/server/dist/database/year-partitions';
import { startApi, TestApi } from '../support/api';
import { newAreaTree, newSchool } from '../support/factories';
import { activityWithSession } from '../support/checkin';
import { newPublisher } from '../support/catalogue';
import { creditWorld, expectLedgerSound, giveRecords } from '../support/credit';
import { refusedBy, thisShanghaiYear } from '../support/partitions';

/*
 * learning_record, ledger_transfer, ledger_entry and attendance are partitioned by year (migration
 * YearlyPartitions; the logs, partitioned by YearlyLogPartitions, are tried in partitions-logs.test.ts).
 * PostgreSQL keeps a unique constraint per partition only, so each rule the ledger and the statistics
 * rely on is tried here across two years and must still be refused.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const shanghai = (local: string) => new Date(`${local}+08:00`);
const thisYear = thisShanghaiYear;
const lastYear = thisYear - 1;
const refused = (work: (m: EntityManager) => Promise<unknown>) => refusedBy(api.db, work);

const partitionOf = async (table: string, where: string, params: unknown[]) =>
  ((await api.db.query(`SELECT tableoid::regclass::text AS p FROM ${table} WHERE ${where}`, params)) as { p: string }[]).map((r) => r.p);

describe('learning records', () => {
  it('land in the partition of their Shanghai year, and one source makes one record whichever year the second try claims', async () => {
    const { resident } = await creditWorld(api);
    const sourceRef = `attendance:${randomUUID()}`;
    const [old] = await giveRecords(api, [{ residentId: resident.userId, source: 'attendance', sourceRef, occurredAt: shanghai(`${lastYear}-12-31T23:30:00`) }]);
    const [fresh] = await giveRecords(api, [{ residentId: resident.userId, occurredAt: shanghai(`${thisYear}-01-01T00:10:00`) }]);
    expect(await partitionOf('learning_record', 'id = $1', [old.id])).toEqual([`learning_record_y${lastYear}`]);
    expect(await partitionOf('learning_record', 'id = $1', [fresh.id])).toEqual([`learning_record_y${thisYear}`]);

    // the service: the same source again, dated this year, writes nothing
    expect(await giveRecords(api, [{ residentId: resident.userId, source: 'attendance', sourceRef, occurredAt: new Date() }])).toEqual([]);
    // the table: the same source in another year's partition is refused by the global key
    const twice = await refused((m) =>
      m.query(
        `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years)
         SELECT resident_id, source, source_ref, category, minutes, now(), area_id, age_years FROM learning_record WHERE id = $1`,
        [old.id],
      ),
    );
    expect(twice).toMatchObject({ code: '23505', constraint: 'learning_record_source_once' });
    expect((await api.db.query(`SELECT count(*)::int AS n FROM learning_record WHERE source_ref = $1`, [sourceRef]))[0].n).toBe(1);
  });

  it('a record is voided once, even by two voiding records in different years', async () => {
    const { resident } = await creditWorld(api);
    const [made] = await giveRecords(api, [{ residentId: resident.userId, occurredAt: shanghai(`${lastYear}-06-01T10:00:00`) }]);
    const voidAt = (at: string, n: number) =>
      `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, voids_id, void_reason)
       SELECT resident_id, source, 'void-test:${n}:' || id, category, -minutes, ${at}, area_id, age_years, id, '测试' FROM learning_record WHERE id = $1`;
    const again = await refused(async (m) => {
      await m.query(voidAt('occurred_at', 1), [made.id]);
      await m.query(voidAt('now()', 2), [made.id]);
    });
    expect(again).toMatchObject({ code: '23505', constraint: 'learning_record_voided_once' });
  });

  // (the tests' database has partitions through the years the tests move the clock to: see global-setup.ts)
  it('a row for a year that has no partition yet is refused, not put aside (there is no DEFAULT partition)', async () => {
    const { resident } = await creditWorld(api);
    const far = await refused((m) =>
      api.app.get(LearningRecordsService).record(m, [
        { residentId: resident.userId, source: 'admin_import', sourceRef: `test:${randomUUID()}`, category: Category.Health, minutes: 60, occurredAt: shanghai('2080-03-01T10:00:00') },
      ]),
    );
    expect(far).toMatchObject({ code: '23514' });
    expect(far.message).toMatch(/no partition of relation "learning_record"/);
  });
});

describe('foreign keys to records and the append-only ledger', () => {
  it('refuses a transfer that names a record that does not exist, and a record key without its record', async () => {
    const { resident } = await creditWorld(api);
    await giveRecords(api, [{ residentId: resident.userId }]);
    const [grant] = await api.db.query(
      `SELECT t.* FROM ledger_transfer t JOIN ledger_account a ON a.id = t.to_account_id WHERE a.resident_id = $1 AND t.kind = 'grant'`,
      [resident.userId],
    );
    const dangling = await refused((m) =>
      m.query(
        `INSERT INTO ledger_transfer (kind, from_account_id, to_account_id, amount_milli, idempotency_key, learning_record_id, rule_set_id, cap_year, cap_category)
         VALUES ('grant', $1, $2, 100, $3, 9000000000000, $4, $5, $6)`,
        [grant.from_account_id, grant.to_account_id, `test:${randomUUID()}`, grant.rule_set_id, grant.cap_year, grant.cap_category],
      ),
    );
    expect(dangling).toMatchObject({ code: '23503', constraint: 'ledger_transfer_learning_record_id_fkey' });
    const orphanKey = await refused((m) =>
      m.query(`INSERT INTO learning_record_key (id, source, source_ref, occurred_at) VALUES (9000000000001, 'admin_import', $1, now())`, [`test:${randomUUID()}`]),
    );
    expect(orphanKey).toMatchObject({ code: '23503', constraint: 'learning_record_key_record' });
  });

  it('refuses UPDATE and DELETE on every partition of records, transfers and entries, and on their keys, naming the table', async () => {
    const { resident } = await creditWorld(api);
    await giveRecords(api, [{ residentId: resident.userId, occurredAt: shanghai(`${lastYear}-05-01T09:00:00`) }]);
    for (const sql of [
      `UPDATE learning_record SET minutes = 600 WHERE resident_id = '${resident.userId}'`,
      `DELETE FROM learning_record_y${lastYear} WHERE resident_id = '${resident.userId}'`,
      `UPDATE ledger_transfer SET amount_milli = amount_milli * 2`,
      `DELETE FROM ledger_entry_y${thisYear}`,
      `UPDATE learning_record_key SET source_ref = source_ref || 'x'`,
      `DELETE FROM ledger_transfer_key`,
      `UPDATE ledger_entry_version SET version = version + 1`,
    ]) {
      const e = await refused((m) => m.query(sql));
      expect({ sql, code: e.code }).toEqual({ sql, code: '23001' });
      expect(e.message).toMatch(/^(learning_record|ledger_transfer|ledger_entry|learning_record_key|ledger_transfer_key|ledger_entry_version) is append-only/);
    }
    expect(await api.db.query(`SELECT 1 FROM learning_record WHERE resident_id = $1 AND minutes = 600`, [resident.userId])).toEqual([]);
  });
});

describe('the ledger across years', () => {
  /** A resident with two granted records (this year), and the two grants. */
  async function twoGrants() {
    const { resident } = await creditWorld(api);
    await giveRecords(api, [{ residentId: resident.userId }, { residentId: resident.userId, category: Category.Health }]);
    const grants = (await api.db.query(
      `SELECT t.* FROM ledger_transfer t JOIN ledger_account a ON a.id = t.to_account_id WHERE a.resident_id = $1 AND t.kind = 'grant' ORDER BY t.id`,
      [resident.userId],
    )) as { id: string; from_account_id: string; to_account_id: string; amount_milli: string; idempotency_key: string; learning_record_id: string; rule_set_id: number; cap_year: number; cap_category: string }[];
    expect(grants).toHaveLength(2);
    return grants;
  }
  const lastYearAt = `'${lastYear}-07-01 12:00:00+08'::timestamptz`;
  const reversal = (g: { to_account_id: string; from_account_id: string; amount_milli: string; id: string }, key: string, at: string) => ({
    sql: `INSERT INTO ledger_transfer (kind, from_account_id, to_account_id, amount_milli, idempotency_key, reverses_transfer_id, created_at)
          VALUES ('reversal', $1, $2, $3, $4, $5, ${at}) RETURNING id, created_at`,
    params: [g.to_account_id, g.from_account_id, g.amount_milli, key, g.id],
  });

  it('one transfer per idempotency key, one reversal per transfer and one grant per record, whichever year each claims', async () => {
    const [g1, g2] = await twoGrants();
    // g2 reversed last year under g1's key
    const r1 = reversal(g2, g1.idempotency_key, lastYearAt);
    expect(await refused((m) => m.query(r1.sql, r1.params))).toMatchObject({ code: '23505', constraint: 'ledger_transfer_idempotency_key' });
    // g1 reversed twice, last year and this year
    const a = reversal(g1, `test:${randomUUID()}`, lastYearAt);
    const b = reversal(g1, `test:${randomUUID()}`, 'now()');
    expect(
      await refused(async (m) => {
        await m.query(a.sql, a.params);
        await m.query(b.sql, b.params);
      }),
    ).toMatchObject({ code: '23505', constraint: 'ledger_transfer_reversed_once' });
    // a second grant of g1's record, dated last year
    const grantAgain = await refused((m) =>
      m.query(
        `INSERT INTO ledger_transfer (kind, from_account_id, to_account_id, amount_milli, idempotency_key, learning_record_id, rule_set_id, cap_year, cap_category, created_at)
         VALUES ('grant', $1, $2, $3, $4, $5, $6, $7, $8, ${lastYearAt})`,
        [g1.from_account_id, g1.to_account_id, g1.amount_milli, `test:${randomUUID()}`, g1.learning_record_id, g1.rule_set_id, g1.cap_year, g1.cap_category],
      ),
    );
    expect(grantAgain).toMatchObject({ code: '23505', constraint: 'ledger_transfer_grant_once' });
    await expectLedgerSound(api);
  });

  it("keeps each account's chain of versions unique across years, and an entry in its transfer's year", async () => {
    const [g1, g2] = await twoGrants();
    const r = reversal(g2, `test:${randomUUID()}`, lastYearAt);
    // version 1 of the resident's account again, in last year's partition
    const versionAgain = await refused(async (m) => {
      const [t] = (await m.query(r.sql, r.params)) as { id: string; created_at: Date }[];
      await m.query(
        `INSERT INTO ledger_entry (transfer_id, account_id, amount_milli, balance_before, balance_after, version, created_at)
         VALUES ($1, $2, -1, 1, 0, 1, $3)`,
        [t.id, g1.to_account_id, t.created_at],
      );
    });
    expect(versionAgain).toMatchObject({ code: '23505', constraint: 'ledger_entry_version_once' });
    // an entry in another year than its transfer
    const strayYear = await refused((m) =>
      m.query(
        `INSERT INTO ledger_entry (transfer_id, account_id, amount_milli, balance_before, balance_after, version, created_at)
         VALUES ($1, $2, -1, 1, 0, 999, ${lastYearAt})`,
        [g1.id, g1.to_account_id],
      ),
    );
    expect(strayYear).toMatchObject({ code: '23503', constraint: 'ledger_entry_transfer_id_fkey' });
    expect(await partitionOf('ledger_entry', 'transfer_id = $1', [g1.id])).toEqual([`ledger_entry_y${thisYear}`, `ledger_entry_y${thisYear}`]);
    expect(await partitionOf('ledger_transfer', 'id = $1', [g1.id])).toEqual([`ledger_transfer_y${thisYear}`]);
  });
});

describe('attendance', () => {
  async function sessionsInTwoYears() {
    const tree = await newAreaTree(api);
    const who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
    const { offering, session } = await activityWithSession(api, who, null, { allowWalkIn: true });
    const [old] = (await api.db.query(
      `INSERT INTO offering_session (offering_id, seq, starts_at, ends_at, minutes)
       VALUES ($1, 99, '${lastYear}-11-03 09:00:00+08', '${lastYear}-11-03 10:30:00+08', 90) RETURNING id, year`,
      [offering.id],
    )) as { id: number; year: number }[];
    // whose attendance does not matter to the rules tried here: the teacher's
    return { offering, session, old, resident: who.teacher.user.id };
  }
  const attend = (sessionId: number, offeringId: number, residentId: string, year: string) =>
    api.db.query(
      `INSERT INTO attendance (session_id, offering_id, resident_id, method, checked_in_at, session_year)
       VALUES ($1, $2, $3, 'code', now(), ${year}) RETURNING id, tableoid::regclass::text AS partition`,
      [sessionId, offeringId, residentId],
    ) as Promise<{ id: string; partition: string }[]>;

  it("lands in its session's year, and one resident attends a session once: claiming another year is refused", async () => {
    const { offering, session, old, resident } = await sessionsInTwoYears();
    expect(old.year).toBe(lastYear);
    const sessionYear = `(SELECT year FROM offering_session WHERE id = ${old.id})`;
    const [first] = await attend(old.id, offering.id, resident, sessionYear);
    expect(first.partition).toBe(`attendance_y${lastYear}`);
    const [now] = await attend(session.id, offering.id, resident, `(SELECT year FROM offering_session WHERE id = ${session.id})`);
    expect(now.partition).toMatch(/^attendance_y\d{4}$/);

    const again = await refused((m) => m.query(`INSERT INTO attendance (session_id, offering_id, resident_id, method, checked_in_at, session_year) VALUES ($1, $2, $3, 'scan', now(), ${sessionYear})`, [old.id, offering.id, resident]));
    expect(again).toMatchObject({ code: '23505' });
    expect(again.constraint).toMatch(/^attendance_y\d{4}_session_id_resident_id_session_year_key$/);
    // the same session claimed for this year, to slip into another partition: the session's year says no
    const otherYear = await refused((m) =>
      m.query(`INSERT INTO attendance (session_id, offering_id, resident_id, method, checked_in_at, session_year) VALUES ($1, $2, $3, 'scan', now(), ${thisYear})`, [old.id, offering.id, resident]),
    );
    expect(otherYear).toMatchObject({ code: '23503', constraint: 'attendance_session_id_fkey' });
  });

  it('moves with its session when the session moves to another year', async () => {
    const { offering, old, resident } = await sessionsInTwoYears();
    const [a] = await attend(old.id, offering.id, resident, String(lastYear));
    await api.db.query(`UPDATE offering_session SET starts_at = starts_at + interval '2 months', ends_at = ends_at + interval '2 months' WHERE id = $1`, [old.id]);
    expect(await partitionOf('attendance', 'id = $1', [a.id])).toEqual([`attendance_y${thisYear}`]);
  });
});

describe('next year’s partitions', () => {
  it('are made by the year-partitions periodic job, once across nodes, and a run again (or two at once) makes nothing twice', async () => {
    expect(api.app.get(PeriodicJobs).modeOf(YEAR_PARTITIONS_JOB_ID)).not.toBe('off');
    const job = api.app.get(YearPartitions);
    // the current year's run finds this and next year's partitions already there
    expect(await job.ensure()).toBe(0);
    // a year far ahead, so that this test makes its own (and drops them after)
    const year = 2090 + Math.floor(Math.random() * 9);
    const tables = ['learning_record', 'ledger_transfer', 'ledger_entry', 'attendance', 'audit_event', 'personal_data_access', 'partner_api_call'];
    const names = tables.flatMap((t) => [`${t}_y${year}`, `${t}_y${year + 1}`]);
    try {
      const runs = await Promise.all([job.ensure(year), job.ensure(year)]);
      expect(runs.sort((a, b) => a - b)).toEqual([0, 14]);
      expect(await job.ensure(year)).toBe(0);
      const made = (await api.db.query(`SELECT relname FROM pg_class WHERE relname = ANY($1) AND relispartition ORDER BY relname`, [names])) as { relname: string }[];
      expect(made.map((r) => r.relname)).toEqual([...names].sort());
      // a new partition has the append-only and key triggers of its table
      const triggers = (await api.db.query(`SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname`, [`learning_record_y${year}`])) as {
        tgname: string;
        tgenabled: string;
      }[];
      expect(triggers).toEqual([
        { tgname: 'learning_record_append_only', tgenabled: 'O' },
        { tgname: 'learning_record_key', tgenabled: 'A' },
      ]);
      // and a new partition of a log has its table's indexes: the access-log pages' and the purge's
      const indexes = (await api.db.query(`SELECT indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname`, [`personal_data_access_y${year}`])) as { indexdef: string }[];
      expect(indexes.map((i) => i.indexdef.replace(/^.* USING btree /, ''))).toEqual(['(area_id, at DESC)', '(at)', '(id, at)', '(resident_id, at DESC)']);
    } finally {
      // detached first: a partition of a table that foreign keys point at goes only that way
      for (const name of names) {
        const parent = name.replace(/_y\d{4}$/, '');
        if ((await api.db.query(`SELECT to_regclass($1) AS r`, [name]))[0].r) {
          await api.db.query(`ALTER TABLE ${parent} DETACH PARTITION ${name}`);
          await api.db.query(`DROP TABLE ${name}`);
        }
      }
    }
  });
});
