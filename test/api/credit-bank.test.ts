import { AdminLearningRecordView, Category, CreditError, ErrorCode, LearningAccountView, Role, RuleSetView, DEFAULT_CREDIT_RULES } from '@lp/shared';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@lp/server/dist/common/clock';
import { dataSourceOptions } from '@lp/server/dist/database/data-source';
import { testDatabasePooler, testDatabaseUrl } from '../support/test-env';
import { LearningRecordsService } from '@lp/server/dist/learning-records/learning-records.service';
import { CreditReconciler } from '@lp/server/dist/learning-records/credit-reconciler';
import { LedgerAudit } from '@lp/server/dist/ledger/ledger-audit';
import { Actor } from '@lp/server/dist/common/access';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newBoundResident, newStaff } from '../support/factories';
import { balanceOf, creditWorld, expectLedgerSound, giveRecords } from '../support/credit';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api.close());

const world = () => creditWorld(api);

const account = (token: string) => api.http.as(token).get<LearningAccountView>('/api/me/learning-account');
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('hours become credits on the ledger, in the same transaction as the record', () => {
  it('two hours of a health course make 0.2 credits, and the 学习账户 shows the same as the ledger', async () => {
    const { resident } = await world();
    const [made] = await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 120, title: '太极拳' }]);
    expect(made.creditedMilli).toBe(200);
    const res = await account(resident.tokens.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.balanceMilli).toBe(200);
    expect(res.body.balanceMilli).toBe(await balanceOf(api, resident.userId));
    expect(res.body.thisYear).toMatchObject({ minutes: 120, creditsMilli: 200 });
    expect(res.body.thisYear.byCategory).toEqual([{ category: Category.Health, minutes: 120, creditsMilli: 200 }]);
    expect(res.body.recent[0]).toMatchObject({ title: '太极拳', minutes: 120, creditsMilli: 200, ruleSetVersion: 1, source: 'admin_import', voided: false });
    await expectLedgerSound(api);
  });

  it('handing the same outcome over twice writes one record and one credit', async () => {
    const { resident } = await world();
    const sourceRef = `attendance:${randomUUID()}`;
    const first = await giveRecords(api, [{ residentId: resident.userId, source: 'attendance', sourceRef }]);
    const again = await giveRecords(api, [{ residentId: resident.userId, source: 'attendance', sourceRef }]);
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM ledger_transfer t JOIN learning_record r ON r.id = t.learning_record_id WHERE r.source_ref = $1`, [sourceRef]);
    expect(n).toBe(1);
    expect(await balanceOf(api, resident.userId)).toBe(200);
  });

  it('yearly caps hold per category and overall, and start again at midnight of 1 January in Shanghai', async () => {
    const { resident } = await world();
    const lastEvening = shanghai('2025-12-31T23:30:00');
    // health: 1200 minutes = 2 credits each; the category cap is 10 credits
    const health = await giveRecords(api, Array.from({ length: 6 }, () => ({ residentId: resident.userId, category: Category.Health, minutes: 1200, occurredAt: lastEvening })));
    expect(health.map((r) => r.creditedMilli)).toEqual([2000, 2000, 2000, 2000, 2000, 0]);
    // two more categories fill the overall cap of 30 credits; a fourth gets nothing
    await giveRecords(api, Array.from({ length: 5 }, () => ({ residentId: resident.userId, category: Category.ArtsAndSports, minutes: 1200, occurredAt: lastEvening })));
    await giveRecords(api, Array.from({ length: 5 }, () => ({ residentId: resident.userId, category: Category.TraditionalCulture, minutes: 1200, occurredAt: lastEvening })));
    const [fourth] = await giveRecords(api, [{ residentId: resident.userId, category: Category.Theory, minutes: 600, occurredAt: lastEvening }]);
    expect(fourth.creditedMilli).toBe(0);
    // ten minutes after midnight in Shanghai (still 31 December in UTC) is the new year
    const [newYear] = await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 1200, occurredAt: shanghai('2026-01-01T00:10:00') }]);
    expect(shanghai('2026-01-01T00:10:00').toISOString()).toBe('2025-12-31T16:10:00.000Z');
    expect(newYear.creditedMilli).toBe(2000);
    expect(await balanceOf(api, resident.userId)).toBe(30_000 + 2000);
    await expectLedgerSound(api);
  });
});

describe('百姓学习之星: the place in the community by hours this year', () => {
  it('ranks the community\'s learners who did not opt out; one who opts out is neither ranked nor counted, and comes back when they opt in', async () => {
    const { tree, resident: first } = await world();
    const [second, quiet, third, idle] = await Promise.all([1, 2, 3, 4].map(() => newBoundResident(api, tree.communityA1)));
    const elsewhere = await newBoundResident(api, tree.communityA2);
    await giveRecords(api, [
      { residentId: first.userId, minutes: 300 },
      { residentId: second.userId, minutes: 200 },
      { residentId: quiet.userId, minutes: 100 },
      { residentId: third.userId, minutes: 150 },
      { residentId: elsewhere.userId, minutes: 500 },
    ]);
    const ranking = async (r: { tokens: { accessToken: string } }) => (await account(r.tokens.accessToken)).body.ranking;
    expect(await ranking(quiet)).toEqual({ position: 4, of: 4, optedOut: false });
    expect((await api.http.as(quiet.tokens.accessToken).put('/api/me/ranking-opt-out', { optOut: true })).status).toBe(200);
    expect(await ranking(first)).toEqual({ position: 1, of: 3, optedOut: false });
    expect(await ranking(second)).toEqual({ position: 2, of: 3, optedOut: false });
    expect(await ranking(third)).toEqual({ position: 3, of: 3, optedOut: false });
    expect(await ranking(quiet)).toEqual({ position: 0, of: 3, optedOut: true });
    // no hours this year: not ranked; another community ranks its own
    expect(await ranking(idle)).toBeNull();
    expect(await ranking(elsewhere)).toEqual({ position: 1, of: 1, optedOut: false });
    // more hours move a learner up past those who now have fewer
    await giveRecords(api, [{ residentId: third.userId, minutes: 100 }]);
    expect(await ranking(third)).toEqual({ position: 2, of: 3, optedOut: false });
    expect(await ranking(second)).toEqual({ position: 3, of: 3, optedOut: false });
    expect((await api.http.as(quiet.tokens.accessToken).put('/api/me/ranking-opt-out', { optOut: false })).status).toBe(200);
    expect(await ranking(quiet)).toEqual({ position: 4, of: 4, optedOut: false });
    expect(await ranking(first)).toEqual({ position: 1, of: 4, optedOut: false });
  });
});

describe('conversion rules are versioned and never rewrite the past', () => {
  it('credits granted under version 1 stay after version 2 takes effect; new learning follows version 2', async () => {
    const { tree, resident } = await world();
    const admin = await newStaff(api, Role.SuperAdmin, { area: tree.district });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86400_000).toISOString().slice(0, 10);
    const [before] = await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 120 }]);
    expect(before.creditedMilli).toBe(200);

    const v2 = {
      effectiveFrom: tomorrow,
      overallYearlyCapMilli: 40_000,
      note: '健康类课程 5 学时记 1 学分',
      rules: DEFAULT_CREDIT_RULES.rules.map((r) => (r.category === Category.Health ? { ...r, minutesPerCredit: 300 } : r)),
      achievements: DEFAULT_CREDIT_RULES.achievements,
    };
    expectApiError(await api.http.as(admin.tokens.accessToken).post(`/api/credit-rules/${tree.district.id}`, { ...v2, effectiveFrom: today }), 400);
    const street = await newStaff(api, Role.Admin, { area: tree.streetA });
    expectApiError(await api.http.as(street.tokens.accessToken).post(`/api/credit-rules/${tree.district.id}`, v2), 403);
    const published = await api.http.as(admin.tokens.accessToken).post<RuleSetView>(`/api/credit-rules/${tree.district.id}`, v2);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, effectiveFrom: tomorrow });

    api.app.get(Clock).travelTo(new Date(Date.now() + 2 * 86400_000));
    const [after] = await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 120, occurredAt: new Date(Date.now() + 2 * 86400_000) }]);
    expect(after.creditedMilli).toBe(400);
    const grants = await api.db.query(
      `SELECT t.learning_record_id AS id, t.amount_milli::int AS amount, s.version FROM ledger_transfer t JOIN credit_rule_set s ON s.id = t.rule_set_id
       WHERE t.learning_record_id = ANY($1::bigint[]) ORDER BY t.id`,
      [[before.id, after.id]],
    );
    expect(grants).toEqual([
      { id: before.id, amount: 200, version: 1 },
      { id: after.id, amount: 400, version: 2 },
    ]);
    const estimate = await api.http.as(resident.tokens.accessToken).get<{ creditsMilli: number; ruleSetVersion: number }>(
      `/api/credit-rules/estimate?category=${Category.Health}&minutes=600`,
    );
    expect(estimate.body).toMatchObject({ ruleSetVersion: 2, creditsMilli: 2000 });
    await expectLedgerSound(api);
  });
});

describe('a wrong record is voided by a reversing record, never edited', () => {
  it('the area admin voids it: a reversing record, credits reversed, the reason shown; a second void is refused', async () => {
    const { tree, resident } = await world();
    const [made] = await giveRecords(api, [{ residentId: resident.userId, minutes: 120 }]);
    const admin = await newStaff(api, Role.Admin, { area: tree.streetA });
    const other = await newStaff(api, Role.Admin, { area: tree.streetB });
    expectApiError(await api.http.as(other.tokens.accessToken).post(`/api/learning-records/${made.id}/void`, { reason: '重复录入' }), 403);
    expectApiError(await api.http.as(resident.tokens.accessToken).post(`/api/learning-records/${made.id}/void`, { reason: '重复录入' }), 403);
    const res = await api.http.as(admin.tokens.accessToken).post<{ reversedMilli: number }>(`/api/learning-records/${made.id}/void`, { reason: '重复录入' });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expect.anything() });
    expect(res.body.reversedMilli).toBe(200);
    expectApiError(await api.http.as(admin.tokens.accessToken).post(`/api/learning-records/${made.id}/void`, { reason: '重复录入' }), 409, CreditError.RecordAlreadyVoided);
    const view = (await account(resident.tokens.accessToken)).body;
    expect(view.balanceMilli).toBe(0);
    expect(view.thisYear).toMatchObject({ minutes: 0, creditsMilli: 0 });
    expect(view.recent[0]).toMatchObject({ id: made.id, voided: true, voidReason: '重复录入', creditsMilli: 0 });
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'learning_record.void' AND target_id = $1`, [made.id]);
    expect(n).toBe(1);
    await expectLedgerSound(api);
  });

  it('the area admin finds a record by its number before voiding it; other areas, residents and bad numbers are refused', async () => {
    const { tree, resident } = await world();
    const [made] = await giveRecords(api, [{ residentId: resident.userId, minutes: 120 }]);
    const admin = api.http.as((await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken);
    const found = await admin.get<AdminLearningRecordView>(`/api/learning-records/${made.id}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: made.id, minutes: 120, creditsMilli: 200, voided: false, areaName: tree.communityA1.name });
    expect(found.body.residentName).toContain('*');
    expectApiError(await api.http.as((await newStaff(api, Role.Admin, { area: tree.streetB })).tokens.accessToken).get(`/api/learning-records/${made.id}`), 403);
    expectApiError(await api.http.as(resident.tokens.accessToken).get(`/api/learning-records/${made.id}`), 403);
    expectApiError(await admin.get('/api/learning-records/abc'), 400);
    expectApiError(await admin.get('/api/learning-records/999999999999'), 404);
    await admin.post(`/api/learning-records/${made.id}/void`, { reason: '重复录入' });
    expect((await admin.get<AdminLearningRecordView>(`/api/learning-records/${made.id}`)).body).toMatchObject({ voided: true, voidReason: '重复录入', creditsMilli: 0 });
  });
});

describe('the ledger is append-only and refuses what the code must never do', () => {
  it('refuses updates and deletes of records, transfers and entries, and a transfer that does not balance', async () => {
    const { resident } = await world();
    await giveRecords(api, [{ residentId: resident.userId }]);
    await expect(api.db.query(`UPDATE ledger_entry SET amount_milli = amount_milli * 2`)).rejects.toThrow(/append-only/);
    await expect(api.db.query(`DELETE FROM ledger_transfer`)).rejects.toThrow(/append-only/);
    await expect(api.db.query(`UPDATE learning_record SET minutes = 600`)).rejects.toThrow(/append-only/);
    await expect(api.db.query(`DELETE FROM learning_record`)).rejects.toThrow(/append-only/);
    const [a] = await api.db.query(`SELECT id FROM ledger_account WHERE resident_id = $1 LIMIT 1`, [resident.userId]);
    const [issuer] = await api.db.query(`SELECT id FROM ledger_account WHERE kind = 'issuer' LIMIT 1`);
    await expect(
      api.db.transaction(async (m) => {
        const [t] = await m.query(
          `INSERT INTO ledger_transfer (kind, from_account_id, to_account_id, amount_milli, idempotency_key, conversion_id, reverses_transfer_id)
           SELECT 'reversal', $1, $2, 100, $3, NULL, (SELECT min(id) FROM ledger_transfer) RETURNING id`,
          [issuer.id, a.id, `test:${randomUUID()}`],
        );
        await m.query(
          `INSERT INTO ledger_entry (transfer_id, account_id, amount_milli, balance_before, balance_after, version)
           SELECT $1, id, 100, balance_milli, balance_milli + 100, version + 1 FROM ledger_account WHERE id = $2`,
          [t.id, a.id],
        );
      }),
    ).rejects.toThrow(/does not balance/);
  });

  it('a failure after the record is written leaves neither record nor credit, whether thrown or a killed connection', async () => {
    const { resident } = await world();
    const service = api.app.get(LearningRecordsService);
    const thrown = `test:${randomUUID()}`;
    await expect(
      api.db.transaction(async (m) => {
        const made = await service.record(m, [{ residentId: resident.userId, source: 'attendance', sourceRef: thrown, category: Category.Health, minutes: 120, occurredAt: new Date() }]);
        expect(made[0].creditedMilli).toBe(200);
        throw new Error('injected failure after the attendance insert');
      }),
    ).rejects.toThrow('injected');

    // a pool of its own, so the killed connection is not handed to anyone afterwards
    const own = await new DataSource(dataSourceOptions(testDatabaseUrl(), 1, testDatabasePooler())).initialize();
    const killed = `test:${randomUUID()}`;
    const runner = own.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    // inside the transaction: behind a transaction pooler that is when the server connection is ours
    const [{ pid }] = await runner.query(`SELECT pg_backend_pid() AS pid`);
    await service.record(runner.manager, [{ residentId: resident.userId, source: 'attendance', sourceRef: killed, category: Category.Health, minutes: 120, occurredAt: new Date() }]);
    await api.db.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await expect(runner.commitTransaction()).rejects.toThrow();
    await runner.release().catch(() => undefined);
    await own.destroy().catch(() => undefined);

    const left = await api.db.query(`SELECT source_ref FROM learning_record WHERE source_ref = ANY($1)`, [[thrown, killed]]);
    expect(left).toEqual([]);
    expect(await balanceOf(api, resident.userId)).toBe(0);
    await expectLedgerSound(api);
  });
});

describe('a randomized concurrent workload keeps every invariant', () => {
  it('grants and voids from many connections: transfers balance, balances are their entries, replay equals the ledger', async () => {
    const { tree } = await world();
    const residents = await Promise.all(Array.from({ length: 12 }, () => newBoundResident(api, randomInt(2) ? tree.communityA1 : tree.communityA2)));
    const admin: Actor = { userId: (await newStaff(api, Role.Admin, { area: tree.district })).user.id, role: Role.Admin, schoolId: null, areaId: tree.district.id };
    const service = api.app.get(LearningRecordsService);
    const categories = Object.values(Category);
    const made: string[] = [];
    let voided = 0;
    let refused = 0;
    const ops = Array.from({ length: Number(process.env.LEDGER_OPS ?? 300) }, (_, i) => async () => {
      if (i % 5 === 4 && made.length) {
        const id = made[randomInt(made.length)];
        try {
          await service.voidRecord(admin, id, '随机作废');
          voided += 1;
        } catch (err) {
          if ((err as { status?: number }).status !== 409) throw err;
          refused += 1;
        }
        return;
      }
      const batch = Array.from({ length: 1 + randomInt(4) }, () => ({
        residentId: residents[randomInt(residents.length)].userId,
        category: categories[randomInt(categories.length)],
        minutes: 30 + randomInt(1200),
        // two Shanghai years, so caps on both sides of New Year are exercised
        occurredAt: new Date(Date.UTC(2025, 11, 31, 16, 0) + (randomInt(2) ? 1 : -1) * randomInt(30 * 86400) * 1000),
      }));
      for (const r of await giveRecords(api, batch)) made.push(r.id);
    });
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < ops.length) await ops[next++]();
    }));
    const sound = await expectLedgerSound(api);
    const [{ negative }] = await api.db.query(`SELECT count(*)::int AS negative FROM ledger_account WHERE kind <> 'issuer' AND balance_milli < 0`);
    expect(negative).toBe(0);
    expect(voided).toBeGreaterThan(10);
    process.stdout.write(`ledger: ${made.length} records, ${voided} voided (${refused} refused as already voided), ${sound.transfers} transfers in all, 0 problems, replay = ledger\n`);
  });
});

describe('the ledger and conversion rules as users see them', () => {
  it('lists the rule versions publicly and explains the default numbers', async () => {
    const { tree } = await world();
    const res = await api.http.get<RuleSetView[]>(`/api/credit-rules?areaId=${tree.communityA1.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0].rules.find((r) => r.category === Category.Health)).toMatchObject({ minutesPerCredit: 600, yearlyCapMilli: 10_000 });
    expect(res.body[0].note).toContain('ECTS');
    expectApiError(await api.http.get(`/api/credit-rules/estimate?category=nope&minutes=60`), 400, ErrorCode.ValidationFailed);
  });
});

describe('reconciliation from a checkpoint', () => {
  it('replays only the residents with something new since, all of their records, and finds a record changed before the checkpoint', async () => {
    const { resident } = await world();
    const { resident: other } = await world();
    await giveRecords(api, [{ residentId: resident.userId }, { residentId: resident.userId, category: Category.Theory }, { residentId: other.userId }]);
    const replayer = api.app.get(CreditReconciler);
    const runner = api.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction('REPEATABLE READ');
    try {
      const m = runner.manager;
      const full = await replayer.replay(m);
      const ledger = await api.app.get(LedgerAudit).check(m);
      expect(full.differences).toEqual([]);
      expect(ledger.problems).toEqual([]);
      const since = { id: 'test', recordUpto: full.next.upto, records: full.next.count, recordDigest: full.next.digest, transferUpto: ledger.next.transfers.upto };

      expect(await replayer.replay(m, since)).toMatchObject({ residents: 0, records: 0, differences: [], verifiedPrefix: Number(full.next.count), newRecords: { count: 0 } });

      // two new records of one resident: that resident is replayed, with the two records of before
      await api.app.get(LearningRecordsService).record(
        m,
        [Category.Health, Category.ArtsAndSports].map((category) => ({ residentId: resident.userId, source: 'admin_import' as const, sourceRef: `test:${randomUUID()}`, category, minutes: 90, occurredAt: new Date() })),
      );
      const fresh = await replayer.replay(m, since);
      expect(fresh).toMatchObject({ residents: 1, records: 4, grants: 4, differences: [], newRecords: { count: 2 } });
      expect(BigInt(fresh.newRecords.from!)).toBeGreaterThan(BigInt(since.recordUpto));

      // a record from before the checkpoint changed behind the triggers' back: the checkpoint run finds it by the digest
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE learning_record SET minutes = minutes + 60 WHERE resident_id = $1 AND id <= $2`, [other.userId, since.recordUpto]);
      expect((await replayer.replay(m, since)).differences).toEqual([
        `learning records up to id ${since.recordUpto} changed since checkpoint test: ${since.records} rows now, ${since.records} then`,
      ]);
      // and the full replay names the record, and the yearly total it no longer adds up to
      expect((await replayer.replay(m)).differences).toEqual([
        expect.stringMatching(/^record \d+: ledger granted 200, replay 300$/),
        expect.stringMatching(new RegExp(`^resident ${other.userId} \\d+ health: cap total 200, replay 300$`)),
      ]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
