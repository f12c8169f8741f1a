import { Category, CreditError } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { newAreaTree, newConversion, newRecords, newResident, newRuleSet } from '../test-support/factories';
import { refusal, repositoryTestModule, RepositoryTestModule, rolledBack } from '../test-support/database';
import { LedgerAudit, LedgerCheck } from './ledger-audit';
import { LedgerRepository, TransferRow } from './ledger.repository';
import { LedgerService } from './ledger.service';

let t: RepositoryTestModule;
let repo: LedgerRepository;
let ledger: LedgerService;

beforeAll(async () => {
  t = await repositoryTestModule([LedgerRepository, LedgerService, LedgerAudit], 8);
  repo = t.get(LedgerRepository);
  ledger = t.get(LedgerService);
});
afterAll(() => t?.close());

/** A district with rules, one of its residents with a 健康养生 account, and the district's issuing account. */
async function creditWorld() {
  const tree = await newAreaTree(t.db);
  const ruleSetId = await newRuleSet(t.db, tree.district.id);
  const residentId = await newResident(t.db, tree.communityA1);
  return t.db.transaction(async (m) => {
    const issuer = await repo.issuerAccount(m, tree.district.id, 0);
    const account = (await repo.residentAccounts(m, [{ residentId, category: Category.Health }])).get(`${residentId}|${Category.Health}`)!;
    return { tree, ruleSetId, residentId, issuer, account };
  });
}
type World = Awaited<ReturnType<typeof creditWorld>>;

/** A grant of `amountMilli` for a fresh learning record of the world's resident. */
async function grantOf(w: World, amountMilli: number): Promise<TransferRow> {
  const [record] = await newRecords(t.db, [{ residentId: w.residentId }]);
  return {
    kind: 'grant',
    fromAccountId: w.issuer,
    toAccountId: w.account,
    amountMilli,
    idempotencyKey: `grant:${record.id}`,
    learningRecordId: record.id,
    ruleSetId: w.ruleSetId,
    capYear: 2025,
    capCategory: Category.Health,
  };
}

/** The resident spending `amountMilli` on a partner's offer: from their account to the partner's. */
async function conversionOf(w: World, amountMilli: number): Promise<TransferRow> {
  const { partnerId, conversionId } = await newConversion(t.db, w.residentId, w.tree.district.id, amountMilli);
  const partner = await t.db.transaction((m) => repo.partnerAccount(m, partnerId));
  return { kind: 'conversion', fromAccountId: w.account, toAccountId: partner, amountMilli, idempotencyKey: `conversion:${conversionId}`, conversionId };
}

const post = (transfers: TransferRow[]) => t.db.transaction((m) => ledger.post(m, transfers));
const balanceOf = async (m: EntityManager, accountId: string) =>
  Number(((await m.query(`SELECT balance_milli FROM ledger_account WHERE id = $1`, [accountId])) as { balance_milli: string }[])[0].balance_milli);
const entriesOf = (accountId: string) =>
  t.db.query(`SELECT amount_milli::int AS amount, balance_before::int AS before, balance_after::int AS after FROM ledger_entry WHERE account_id = $1 ORDER BY id`, [
    accountId,
  ]) as Promise<{ amount: number; before: number; after: number }[]>;

describe('accounts', () => {
  it('makes one account per resident and category on first use and finds the same ones afterwards', async () => {
    const tree = await newAreaTree(t.db);
    const residentId = await newResident(t.db, tree.communityA1);
    const wanted = [
      { residentId, category: Category.Health },
      { residentId, category: Category.Theory },
      { residentId, category: Category.Health },
    ];
    const first = await t.db.transaction((m) => repo.residentAccounts(m, wanted));
    const again = await t.db.transaction((m) => repo.residentAccounts(m, wanted));

    expect([...first.keys()].sort()).toEqual([`${residentId}|${Category.Health}`, `${residentId}|${Category.Theory}`]);
    expect(again).toEqual(first);
    // made in category order, so 健康养生 (health) before 理论学习 (theory)
    expect(await repo.balancesOf(t.db.manager, residentId)).toEqual([
      { id: first.get(`${residentId}|${Category.Health}`), category: Category.Health, balanceMilli: 0 },
      { id: first.get(`${residentId}|${Category.Theory}`), category: Category.Theory, balanceMilli: 0 },
    ]);
  });

  it("makes each of the district's issuing accounts once when several transactions ask for it at the same moment", async () => {
    const tree = await newAreaTree(t.db);
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => t.db.transaction((m) => repo.issuerAccount(m, tree.district.id, 3))));
    const other = await t.db.transaction((m) => repo.issuerAccount(m, tree.district.id, 7));

    expect(new Set(ids).size).toBe(1);
    expect(other).not.toBe(ids[0]);
    expect(await t.db.query(`SELECT id, issuer_shard FROM ledger_account WHERE district_id = $1 ORDER BY issuer_shard`, [tree.district.id])).toEqual([
      { id: ids[0], issuer_shard: 3 },
      { id: other, issuer_shard: 7 },
    ]);
  });
});

describe('posting', () => {
  it('writes a grant as one transfer with two entries that balance, and moves both balances', async () => {
    const w = await creditWorld();
    const grant = await grantOf(w, 1500);
    const ids = await post([grant]);

    const [transfer] = (await t.db.query(`SELECT id, amount_milli::int AS amount, kind FROM ledger_transfer WHERE idempotency_key = $1`, [
      grant.idempotencyKey,
    ])) as { id: string; amount: number; kind: string }[];
    expect(transfer).toEqual({ id: ids.get(grant.idempotencyKey), amount: 1500, kind: 'grant' });
    expect(await entriesOf(w.issuer)).toEqual([{ amount: -1500, before: 0, after: -1500 }]);
    expect(await entriesOf(w.account)).toEqual([{ amount: 1500, before: 0, after: 1500 }]);
    expect(await repo.balancesOf(t.db.manager, w.residentId)).toEqual([{ id: w.account, category: Category.Health, balanceMilli: 1500 }]);
    expect(await balanceOf(t.db.manager, w.issuer)).toBe(-1500);
  });

  it('answers a transfer posted again under its idempotency key with the original, and writes nothing', async () => {
    const w = await creditWorld();
    const grant = await grantOf(w, 1500);
    const first = (await post([grant])).get(grant.idempotencyKey)!;

    const again = await post([grant]);
    // together with a new one: the repeat is answered, the new one posted after it
    const next = await grantOf(w, 500);
    const mixed = await post([grant, next]);

    expect(again).toEqual(new Map([[grant.idempotencyKey, first]]));
    expect(mixed.get(grant.idempotencyKey)).toBe(first);
    expect(await entriesOf(w.account)).toEqual([
      { amount: 1500, before: 0, after: 1500 },
      { amount: 500, before: 1500, after: 2000 },
    ]);
    expect(await balanceOf(t.db.manager, w.account)).toBe(2000);
  });

  it('answers the same transfer posted by several transactions at the same moment once, with one id', async () => {
    const w = await creditWorld();
    const grant = await grantOf(w, 1500);
    const answers = await Promise.all(Array.from({ length: 6 }, () => post([grant])));
    expect(new Set(answers.map((a) => a.get(grant.idempotencyKey))).size).toBe(1);
    expect(await entriesOf(w.account)).toEqual([{ amount: 1500, before: 0, after: 1500 }]);
  });

  it('refuses an idempotency key that names another movement, and keeps the first one', async () => {
    const w = await creditWorld();
    const grant = await grantOf(w, 1500);
    await post([grant]);
    const [other] = await newRecords(t.db, [{ residentId: w.residentId }]);

    for (const changed of [{ amountMilli: 900 }, { learningRecordId: other.id }]) {
      const refused = await refusal(post([{ ...grant, ...changed }]));
      expect(refused.message).toContain(`idempotency key ${grant.idempotencyKey} already names another transfer`);
    }
    expect(await entriesOf(w.account)).toEqual([{ amount: 1500, before: 0, after: 1500 }]);
    expect(await balanceOf(t.db.manager, w.account)).toBe(1500);
  });

  it('refuses at commit a transfer whose entries do not balance, and nothing of it stays', async () => {
    const w = await creditWorld();
    const grant = await grantOf(w, 1500);
    const lopsided = [
      { idempotencyKey: grant.idempotencyKey, accountId: w.issuer, amountMilli: -1500, balanceBefore: 0, balanceAfter: -1500, version: 1 },
      { idempotencyKey: grant.idempotencyKey, accountId: w.account, amountMilli: 1000, balanceBefore: 0, balanceAfter: 1000, version: 1 },
    ];
    const accounts = new Map([[w.issuer, { balanceMilli: -1500, version: 1 }], [w.account, { balanceMilli: 1000, version: 1 }]]);

    const refused = await refusal(t.db.transaction((m) => repo.insert(m, [grant], lopsided, accounts)));

    expect(refused.code).toBe('23514');
    expect(refused.message).toMatch(/^ledger transfer \d+ does not balance$/);
    expect(await t.db.query(`SELECT id FROM ledger_transfer WHERE idempotency_key = $1`, [grant.idempotencyKey])).toEqual([]);
    expect(await balanceOf(t.db.manager, w.account)).toBe(0);
  });

  it('refuses an entry whose balance after is not its balance before plus its amount', async () => {
    const w = await creditWorld();
    const grant = await grantOf(w, 1500);
    const entries = [
      { idempotencyKey: grant.idempotencyKey, accountId: w.issuer, amountMilli: -1500, balanceBefore: 0, balanceAfter: -1500, version: 1 },
      { idempotencyKey: grant.idempotencyKey, accountId: w.account, amountMilli: 1500, balanceBefore: 0, balanceAfter: 1600, version: 1 },
    ];
    const accounts = new Map([[w.issuer, { balanceMilli: -1500, version: 1 }], [w.account, { balanceMilli: 1600, version: 1 }]]);

    const refused = await refusal(rolledBack(t.db, (m) => repo.insert(m, [grant], entries, accounts)));

    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_entry_arithmetic' });
  });

  it('keeps a resident account from going below zero, in the service and in the table', async () => {
    const w = await creditWorld();
    await post([await grantOf(w, 1000)]);
    const spend = await conversionOf(w, 1001);

    await expect(post([spend])).rejects.toMatchObject({ code: CreditError.InsufficientCredits });
    const refused = await refusal(rolledBack(t.db, (m) => repo.insert(m, [], [], new Map([[w.account, { balanceMilli: -1, version: 1 }]]))));
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_account_not_negative' });
    expect(await balanceOf(t.db.manager, w.account)).toBe(1000);
  });

  it('never lets a transfer or an entry be changed or deleted', async () => {
    const w = await creditWorld();
    const grant = await grantOf(w, 1500);
    await post([grant]);

    const edit = await refusal(rolledBack(t.db, (m) => m.query(`UPDATE ledger_transfer SET memo = 'changed' WHERE idempotency_key = $1`, [grant.idempotencyKey])));
    const removal = await refusal(rolledBack(t.db, (m) => m.query(`DELETE FROM ledger_entry WHERE account_id = $1`, [w.account])));

    expect(edit).toMatchObject({ code: '23001', message: 'ledger_transfer is append-only: UPDATE refused' });
    expect(removal).toMatchObject({ code: '23001', message: 'ledger_entry is append-only: DELETE refused' });
  });
});

describe('concurrency', () => {
  it('chains the entries of an account without a gap when grants are posted at the same moment', async () => {
    const w = await creditWorld();
    const grants = await Promise.all([100, 200, 300, 400, 500, 600].map((amount) => grantOf(w, amount)));

    await Promise.all(grants.map((g) => post([g])));

    const entries = await entriesOf(w.account);
    expect(entries.map((e) => e.amount).sort((a, b) => a - b)).toEqual([100, 200, 300, 400, 500, 600]);
    entries.forEach((e, i) => expect(e.before).toBe(i === 0 ? 0 : entries[i - 1].after));
    expect(entries[entries.length - 1].after).toBe(2100);
    expect(await balanceOf(t.db.manager, w.account)).toBe(2100);
  });

  it('lets only one of two spendings that each fit the balance alone go through', async () => {
    const w = await creditWorld();
    await post([await grantOf(w, 1000)]);
    const [a, b] = [await conversionOf(w, 700), await conversionOf(w, 700)];

    const outcomes = await Promise.allSettled([post([a]), post([b])]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: CreditError.InsufficientCredits } });
    expect(await balanceOf(t.db.manager, w.account)).toBe(300);
  });
});

describe('grants and reversals', () => {
  it('lists a grant as open until it is reversed, and reverses it only once', async () => {
    const w = await creditWorld();
    const grant = await grantOf(w, 1500);
    const grantId = (await post([grant])).get(grant.idempotencyKey)!;
    const reversal = (key: string): TransferRow => ({
      kind: 'reversal',
      fromAccountId: w.account,
      toAccountId: w.issuer,
      amountMilli: 1500,
      idempotencyKey: key,
      reversesTransferId: grantId,
    });

    expect(await repo.openGrants(t.db.manager, [grant.learningRecordId!])).toEqual(
      new Map([[grant.learningRecordId, { id: grantId, fromAccountId: w.issuer, toAccountId: w.account, amountMilli: 1500, capYear: 2025, capCategory: Category.Health, ruleSetId: w.ruleSetId }]]),
    );
    await post([reversal(`reverse:${grantId}`)]);
    expect(await repo.openGrants(t.db.manager, [grant.learningRecordId!])).toEqual(new Map());

    await post([await grantOf(w, 1500)]); // enough on the account that only the rule can refuse
    const again = await refusal(post([reversal(`reverse-again:${randomUUID()}`)]));
    expect(again).toMatchObject({ code: '23505', constraint: 'ledger_transfer_reversed_once' });
  });

  it('grants a learning record once, whatever the idempotency key', async () => {
    const w = await creditWorld();
    const grant = await grantOf(w, 1500);
    await post([grant]);

    const refused = await refusal(post([{ ...grant, idempotencyKey: `grant-again:${randomUUID()}` }]));

    expect(refused).toMatchObject({ code: '23505', constraint: 'ledger_transfer_grant_once' });
  });
});

describe('issuer shards', () => {
  it('spreads batches of grants over several issuer accounts of the district; the audit passes and the district issued the sum of its shards', async () => {
    const w = await creditWorld();
    const others = await Promise.all([1, 2, 3].map(() => newResident(t.db, w.tree.communityA2)));
    const accounts = await t.db.transaction((m) => repo.residentAccounts(m, others.map((residentId) => ({ residentId, category: Category.Health }))));
    // 24 batches posted at the same moment, each from the shard its first record picks, each granting to all four residents
    const batches = await Promise.all(
      Array.from({ length: 24 }, async () => {
        const records = await newRecords(t.db, [w.residentId, ...others].map((residentId) => ({ residentId })));
        return records.map((r, i) => ({ record: r, to: i === 0 ? w.account : accounts.get(`${others[i - 1]}|${Category.Health}`)! }));
      }),
    );
    const used = await Promise.all(
      batches.map((batch) =>
        t.db.transaction(async (m) => {
          const issuer = await ledger.issuerAccount(m, w.tree.district.id, `record:${batch[0].record.id}`);
          await ledger.post(
            m,
            batch.map(({ record, to }) => ({
              kind: 'grant' as const, fromAccountId: issuer, toAccountId: to, amountMilli: 250, idempotencyKey: `grant:${record.id}`,
              learningRecordId: record.id, ruleSetId: w.ruleSetId, capYear: 2025, capCategory: Category.Health,
            })),
          );
          return issuer;
        }),
      ),
    );

    expect(new Set(used).size).toBeGreaterThan(4);
    const shards = (await t.db.query(
      `SELECT id, issuer_shard, balance_milli::int AS balance FROM ledger_account WHERE kind = 'issuer' AND district_id = $1`,
      [w.tree.district.id],
    )) as { id: string; issuer_shard: number; balance: number }[];
    expect(new Set(shards.map((s) => s.issuer_shard)).size).toBe(shards.length);
    expect(shards.reduce((sum, s) => sum + s.balance, 0)).toBe(-24 * 4 * 250);
    for (const s of shards.filter((x) => used.includes(x.id))) {
      const entries = await entriesOf(s.id);
      entries.forEach((e, i) => expect(e.before).toBe(i === 0 ? 0 : entries[i - 1].after));
      expect(entries[entries.length - 1].after).toBe(s.balance);
    }
    const chain = await entriesOf(w.account);
    chain.forEach((e, i) => expect(e.before).toBe(i === 0 ? 0 : chain[i - 1].after));
    expect(await balanceOf(t.db.manager, w.account)).toBe(24 * 250);
    await rolledBack(t.db, async (m) => {
      await m.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
      expect((await t.get(LedgerAudit).check(m)).problems).toEqual([]);
    });
  });
});

// The audit reads the whole ledger of the run's database: every spec leaves it sound (what breaks it is rolled back).
describe('LedgerAudit', () => {
  it('finds the ledger sound after real postings, and names a balance that drifted from its entries and a transfer that does not balance', async () => {
    const w = await creditWorld();
    await post([await grantOf(w, 1500)]);
    const lopsided = await grantOf(w, 200);
    const audit = t.get(LedgerAudit);

    await rolledBack(t.db, async (m) => {
      await m.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
      expect((await audit.check(m)).problems).toEqual([]);

      await m.query(`UPDATE ledger_account SET balance_milli = balance_milli + 1 WHERE id = $1`, [w.account]);
      const [{ id }] = (await m.query(
        `INSERT INTO ledger_transfer (kind, from_account_id, to_account_id, amount_milli, idempotency_key, learning_record_id, rule_set_id, cap_year, cap_category)
         VALUES ('grant', $1, $2, 200, $3, $4, $5, 2025, 'health') RETURNING id`,
        [w.issuer, w.account, lopsided.idempotencyKey, lopsided.learningRecordId, w.ruleSetId],
      )) as { id: string }[];

      expect((await audit.check(m)).problems).toEqual([`transfer ${id} does not balance`, `account ${w.account} holds 1501 but its entries sum to 1500`]);
    });
  });
});

describe('versions and checkpoints', () => {
  const versionsOf = async (m: EntityManager, accountId: string) => ({
    entries: ((await m.query(`SELECT version::int FROM ledger_entry WHERE account_id = $1 ORDER BY id`, [accountId])) as { version: number }[]).map((r) => r.version),
    account: Number(((await m.query(`SELECT version FROM ledger_account WHERE id = $1`, [accountId])) as { version: string }[])[0].version),
  });
  /** Appends the run's checkpoint (no learning records in it) and reads it back as the next run would. */
  const checkpointOf = async (m: EntityManager, check: LedgerCheck) => {
    await t.get(LedgerAudit).writeCheckpoint(m, check, { upto: '0', count: '0', digest: '0' }, { test: true });
    return (await t.get(LedgerAudit).lastCheckpoint(m))!;
  };
  /** In one REPEATABLE READ snapshot, always rolled back: other specs' postings meanwhile stay out of it. */
  const inSnapshot = <T>(work: (m: EntityManager) => Promise<T>) =>
    rolledBack(t.db, async (m) => {
      await m.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
      return work(m);
    });

  it("numbers each account's entries 1, 2, 3 … in posting order, and keeps the account's version at their count", async () => {
    const w = await creditWorld();
    await post([await grantOf(w, 1500), await grantOf(w, 700)]);
    await post([await conversionOf(w, 1000)]);
    await post([await grantOf(w, 300)]);

    expect(await versionsOf(t.db.manager, w.account)).toEqual({ entries: [1, 2, 3, 4], account: 4 });
    expect(await versionsOf(t.db.manager, w.issuer)).toEqual({ entries: [1, 2, 3], account: 3 });
    // each entry starts where the version before it ended
    const chain = await entriesOf(w.account);
    expect(chain.map((e) => [e.before, e.after])).toEqual([[0, 1500], [1500, 2200], [2200, 1200], [1200, 1500]]);
    // a second entry under a version the account already has is refused by the table (the entry in its transfer's year)
    const [spent] = (await t.db.query(`SELECT id FROM ledger_transfer WHERE kind = 'conversion' AND from_account_id = $1`, [w.account])) as { id: string }[];
    const twice = await refusal(
      rolledBack(t.db, (m) =>
        m.query(`INSERT INTO ledger_entry (transfer_id, account_id, amount_milli, balance_before, balance_after, version, created_at)
                 SELECT $1, $2, -1, 0, -1, 1, created_at FROM ledger_transfer WHERE id = $1`, [
          spent.id,
          w.issuer,
        ]),
      ),
    );
    expect(twice).toMatchObject({ code: '23505', constraint: 'ledger_entry_version_once' });
  });

  it('from a checkpoint checks only what was posted since, joined to the chains as checkpointed, and proves the rest unchanged', async () => {
    const w = await creditWorld();
    await post([await grantOf(w, 1500)]);
    const later = [await grantOf(w, 200), await grantOf(w, 300)];
    const audit = t.get(LedgerAudit);

    await inSnapshot(async (m) => {
      const full = await audit.check(m);
      expect(full).toMatchObject({ mode: 'full', problems: [], verifiedPrefix: null });
      expect(full.checked.entries.count).toBe(Number(full.next.entries.count));
      const checkpoint = await checkpointOf(m, full);

      const idle = await audit.check(m, checkpoint);
      expect(idle).toMatchObject({ mode: 'incremental', basedOn: checkpoint.id, problems: [] });
      expect(idle.checked).toEqual({ transfers: { count: 0, from: null, to: null }, entries: { count: 0, from: null, to: null }, accounts: 0 });
      expect(idle.verifiedPrefix).toEqual({ transfers: Number(checkpoint.transfers), entries: Number(checkpoint.entries), accounts: Number(checkpoint.accounts) });

      await ledger.post(m, later);
      const since = await audit.check(m, checkpoint);
      expect(since.problems).toEqual([]);
      // two transfers, their four entries, and the two chains they moved: nothing else row by row
      expect(since.checked.transfers.count).toBe(2);
      expect(since.checked.entries.count).toBe(4);
      expect(since.checked.accounts).toBe(2);
      expect(BigInt(since.checked.entries.from!)).toBeGreaterThan(BigInt(checkpoint.entryUpto));
      // and the next checkpoint is what a full run would write now
      const again = await audit.check(m);
      expect(again.problems).toEqual([]);
      expect(since.next).toEqual(again.next);
    });
  });

  it('finds from a checkpoint an entry changed before it, and a balance moved without an entry; a full run names them', async () => {
    const w = await creditWorld();
    await post([await grantOf(w, 1500)]);
    await post([await grantOf(w, 500)]);
    const later = await grantOf(w, 100);
    const audit = t.get(LedgerAudit);

    await inSnapshot(async (m) => {
      const checkpoint = await checkpointOf(m, await audit.check(m));
      await ledger.post(m, [later]);
      // the way around the append-only triggers, as a superuser could: the first entry grows by 1 (its own arithmetic still holds)
      await m.query(`SET LOCAL session_replication_role = replica`);
      const [old] = (await m.query(`SELECT id FROM ledger_entry WHERE account_id = $1 AND version = 1`, [w.account])) as { id: string }[];
      await m.query(`UPDATE ledger_entry SET amount_milli = amount_milli + 1, balance_after = balance_after + 1 WHERE id = $1`, [old.id]);

      const since = await audit.check(m, checkpoint);
      expect(since.problems).toEqual([`entries up to id ${checkpoint.entryUpto} changed since checkpoint ${checkpoint.id}: ${checkpoint.entries} rows now, ${checkpoint.entries} then, digest differs`]);
      // the new work alone is sound: the checkpoint run found the change only by the digest of what it had proved
      expect(since.checked.transfers.count).toBe(1);

      const full = await audit.check(m);
      expect(full.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^transfer \d+ does not balance$/),
          `account ${w.account} holds 2100 but its entries sum to 2101`,
          expect.stringMatching(new RegExp(`^entry \\d+ of account ${w.account} does not follow the one before$`)),
        ]),
      );
    });

    await inSnapshot(async (m) => {
      const checkpoint = await checkpointOf(m, await audit.check(m));
      // an account that posted nothing since, its balance changed in place
      await m.query(`UPDATE ledger_account SET balance_milli = balance_milli + 5 WHERE id = $1`, [w.account]);
      expect((await audit.check(m, checkpoint)).problems).toEqual([
        `accounts up to id ${checkpoint.accountUpto} changed since checkpoint ${checkpoint.id} other than by entries posted since`,
      ]);
      expect((await audit.check(m)).problems).toEqual([`account ${w.account} holds 2005 but its entries sum to 2000`]);
    });
  });
});
