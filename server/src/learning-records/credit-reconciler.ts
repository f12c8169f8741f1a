import { Category, LearningSource } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CreditRulesService } from '../credit-rules/credit-rules.service';
import { CreditPlanner, PlannedGrant, capKey } from './credit-planner';

export interface ReconcileReport {
  residents: number;
  records: number;
  grants: number;
  reversals: number;
  differences: string[];
  /** From a checkpoint: records up to it proved unchanged (count and digest), and new ones since. */
  verifiedPrefix: number | null;
  newRecords: { count: number; from: string | null; to: string | null };
  /** What the next checkpoint records of learning_record. */
  next: { upto: string; count: string; digest: string };
}

/** The learning-record part of a ledger checkpoint (bigints as text). */
export interface RecordCheckpoint {
  id: string;
  recordUpto: string;
  records: string;
  recordDigest: string;
  transferUpto: string;
}

/** A learning record as a row: every column the replay reads from it. */
const RECORD_ROW = `hashint8extended(r.id, hashint8extended(COALESCE(r.voids_id, 0), hashint8extended(r.minutes, hashint8extended(r.area_id,
  hashfloat8extended(date_part('epoch', r.occurred_at), uuid_hash_extended(r.resident_id,
  hashenumextended(r.category, hashenumextended(r.source, 16))))))))`;
const xor = (a: string, b: string) => BigInt.asIntN(64, BigInt(a) ^ BigInt(b)).toString();

interface ReplayRow {
  id: string;
  resident_id: string;
  source: LearningSource;
  category: Category;
  minutes: number;
  occurred_at: Date;
  district_id: number;
  voids_id: string | null;
  grant_id: string | null;
  grant_amount: string | null;
  grant_rule_set_id: number | null;
  grant_cap_year: number | null;
  fixed_rule_set_id: number | null;
  fixed_credits: number | null;
  reversal_amount: string | null;
}

const CHUNK = 20_000;

/** What the credit rules hold as granted against a resident's yearly caps. */
type YearTotal = Awaited<ReturnType<CreditRulesService['grantedTotals']>>[number];
const RESIDENTS_PER_QUERY = 2_000;

/** Each record with what the ledger holds for it: its grant, its certified credits, the reversal of the grant it voids. */
const REPLAY_ROWS = `
  SELECT r.id, r.resident_id, r.source, r.category, r.minutes, r.occurred_at, r.voids_id,
         a.district_id,
         g.id AS grant_id, g.amount_milli AS grant_amount, g.rule_set_id AS grant_rule_set_id, g.cap_year AS grant_cap_year,
         c.rule_set_id AS fixed_rule_set_id, c.credits_milli AS fixed_credits,
         rv.amount_milli AS reversal_amount
  FROM learning_record r
  JOIN learning_area a ON a.id = r.area_id
  LEFT JOIN learning_ledger_transfer g ON g.learning_record_id = r.id AND g.kind = 'grant'
  LEFT JOIN learning_certified_credit c ON c.learning_record_id = r.id
  LEFT JOIN learning_ledger_transfer og ON og.learning_record_id = r.voids_id AND og.kind = 'grant'
  LEFT JOIN learning_ledger_transfer rv ON rv.reverses_transfer_id = og.id`;

/**
 * Proves that the ledger is what the rules make of the records: replays every learning record,
 * resident by resident in id order, through the same planner live granting uses, and compares
 * each expected grant and reversal, and the yearly cap totals, with what the ledger holds.
 *
 * From a checkpoint it replays only the residents with a record or a grant or reversal since
 * (all of each one's records, since caps run over a year), and proves the records up to the
 * checkpoint unchanged by count and digest. It then trusts, for the residents it does not replay,
 * what a full run reads besides records and ledger: their certified credits, their yearly totals
 * (credit_year_total) and the rule book, as they were at the checkpoint.
 */
@Injectable()
export class CreditReconciler {
  constructor(
    private readonly db: DataSource,
    private readonly rules: CreditRulesService,
  ) {}

  /** Runs on one connection of its own, in one snapshot, with no statement timeout: a whole ledger takes a while to read. */
  async reconcile(): Promise<ReconcileReport> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      // one snapshot for the whole replay: writers carrying on meanwhile are not half seen
      await runner.startTransaction('REPEATABLE READ');
      try {
        // LOCAL: behind a transaction pooler a session setting would stay on a connection others borrow
        await runner.query(`SET LOCAL statement_timeout = 0`);
        return await this.replay(runner.manager);
      } finally {
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Makes the caller's snapshot (taken by its next statement) follow every writer of learning
   * records: waits for those in flight and holds new ones back until the caller's transaction ends.
   */
  async quiesce(m: EntityManager): Promise<void> {
    await m.query(`LOCK TABLE learning_record IN SHARE MODE`);
  }

  /** Replays in the caller's snapshot: every record, or (given a checkpoint) the residents with something new since. */
  async replay(m: EntityManager, since: RecordCheckpoint | null = null): Promise<ReconcileReport> {
    const districts = ((await m.query(`SELECT id FROM learning_area WHERE level = 'district'`)) as { id: number }[]).map((d) => d.id);
    const book = await this.rules.book(m, districts);
    const upto = since?.recordUpto ?? '0';
    const [fresh] = (await m.query(
      `SELECT count(*)::int AS count, min(r.id) AS "from", max(r.id) AS "to", COALESCE(bit_xor(${RECORD_ROW}), 0) AS digest FROM learning_record r WHERE r.id > $1`,
      [upto],
    )) as { count: number; from: string | null; to: string | null; digest: string }[];
    const report: ReconcileReport = {
      residents: 0,
      records: 0,
      grants: 0,
      reversals: 0,
      differences: [],
      verifiedPrefix: null,
      newRecords: { count: fresh.count, from: fresh.from, to: fresh.to },
      next: { upto: fresh.to ?? upto, count: String(BigInt(since?.records ?? 0) + BigInt(fresh.count)), digest: xor(since?.recordDigest ?? '0', fresh.digest) },
    };
    const differ = (text: string) => {
      if (report.differences.length < 200) report.differences.push(text);
    };
    let only: string[] | null = null;
    if (since) {
      const [prefix] = (await m.query(`SELECT count(*)::bigint AS count, COALESCE(bit_xor(${RECORD_ROW}), 0) AS digest FROM learning_record r WHERE r.id <= $1`, [
        upto,
      ])) as { count: string; digest: string }[];
      if (prefix.count !== since.records || prefix.digest !== since.recordDigest) {
        differ(`learning records up to id ${upto} changed since checkpoint ${since.id}: ${prefix.count} rows now, ${since.records} then`);
      }
      report.verifiedPrefix = Number(prefix.count);
      // residents with a record since, or a grant or reversal since (of an older record too)
      only = (
        (await m.query(
          `SELECT resident_id FROM learning_record WHERE id > $1
           UNION
           SELECT r.resident_id FROM learning_ledger_transfer t JOIN learning_record r ON r.id = t.learning_record_id WHERE t.id > $2
           ORDER BY 1`,
          [upto, since.transferUpto],
        )) as { resident_id: string }[]
      ).map((r) => r.resident_id);
    }
    let planner: CreditPlanner | null = null;
    let current: string | null = null;
    let planned = new Map<string, PlannedGrant>();
    // the cap totals held for the residents of each chunk, read in one query per chunk
    const heldTotals = new Map<string, { year: number; category: string; granted: string }[]>();
    const finish = (residentId: string, p: CreditPlanner) => {
      const held = heldTotals.get(residentId) ?? [];
      heldTotals.delete(residentId);
      const expected = p.capTotals();
      for (const h of held) {
        const k = capKey(residentId, h.year, h.category);
        if (expected.get(k) !== Number(h.granted)) differ(`resident ${residentId} ${h.year} ${h.category}: cap total ${h.granted}, replay ${expected.get(k) ?? 0}`);
        expected.delete(k);
      }
      for (const [k, v] of expected) differ(`cap total ${k}: none held, replay ${v}`);
    };
    for await (const { rows, totals } of this.batches(m, only)) {
      for (const t of totals) {
        const list = heldTotals.get(t.residentId) ?? [];
        if (!list.some((x) => x.year === t.year && x.category === t.category)) list.push({ year: t.year, category: t.category, granted: String(t.grantedMilli) });
        heldTotals.set(t.residentId, list);
      }
      for (const r of rows) {
        if (r.resident_id !== current) {
          if (current && planner) finish(current, planner);
          current = r.resident_id;
          planner = new CreditPlanner(book);
          planned = new Map();
          report.residents += 1;
        }
        report.records += 1;
        if (r.voids_id === null) {
          const fixed = r.fixed_rule_set_id !== null && r.fixed_credits !== null ? { ruleSetId: r.fixed_rule_set_id, creditsMilli: r.fixed_credits } : null;
          const g = planner!.grant({ id: r.id, residentId: r.resident_id, source: r.source, category: r.category, minutes: r.minutes, occurredAt: r.occurred_at, districtId: r.district_id, voidsId: null, fixed });
          if (g) planned.set(r.id, g);
          const held = r.grant_amount === null ? 0 : Number(r.grant_amount);
          if (held) report.grants += 1;
          if ((g?.amountMilli ?? 0) !== held) differ(`record ${r.id}: ledger granted ${held}, replay ${g?.amountMilli ?? 0}`);
          else if (g && (g.ruleSetId !== r.grant_rule_set_id || g.capYear !== r.grant_cap_year)) differ(`record ${r.id}: granted under rule set ${r.grant_rule_set_id}/${r.grant_cap_year}, replay ${g.ruleSetId}/${g.capYear}`);
        } else {
          const g = planned.get(r.voids_id);
          const held = r.reversal_amount === null ? 0 : Number(r.reversal_amount);
          if (held) report.reversals += 1;
          if ((g?.amountMilli ?? 0) !== held) differ(`voiding record ${r.id}: ledger reversed ${held}, replay ${g?.amountMilli ?? 0}`);
          if (g) planner!.reverse(g);
        }
      }
    }
    if (current && planner) finish(current, planner);
    const [{ orphans }] = (await m.query(
      `SELECT count(*)::int AS orphans FROM learning_ledger_transfer t WHERE t.kind = 'grant' AND t.id > $1
       AND NOT EXISTS (SELECT 1 FROM learning_record r WHERE r.id = t.learning_record_id)`,
      [since?.transferUpto ?? '0'],
    )) as { orphans: number }[];
    if (orphans) differ(`${orphans} grants without a learning record`);
    return report;
  }

  /**
   * The rows to replay in (resident, id) order, in batches, each with the yearly totals held for
   * its residents. Every record: one sorted pass over the whole table through a cursor, planned for
   * all its rows (hash joins, one sort), not by pages, each of which would scan and sort the rest of
   * the table again. Given residents: theirs, a few thousand residents a query, through the index by
   * resident. The next batch is asked for before this one is handed over, so PostgreSQL reads it
   * while the planner replays this one.
   */
  private async *batches(m: EntityManager, only: string[] | null): AsyncGenerator<{ rows: ReplayRow[]; totals: YearTotal[] }> {
    let fetch: () => Promise<ReplayRow[]>;
    let next = 0;
    if (only) {
      fetch = async () => {
        const residents = only.slice(next, (next += RESIDENTS_PER_QUERY));
        if (!residents.length) return [];
        return (await m.query(`${REPLAY_ROWS} WHERE r.resident_id = ANY($1::uuid[]) ORDER BY r.resident_id, r.id`, [residents])) as ReplayRow[];
      };
    } else {
      await m.query(`SET LOCAL cursor_tuple_fraction = 1`);
      await m.query(`SET LOCAL work_mem = '512MB'`);
      await m.query(`DECLARE credit_replay NO SCROLL CURSOR FOR ${REPLAY_ROWS} ORDER BY r.resident_id, r.id`);
      fetch = async () => (await m.query(`FETCH ${CHUNK} FROM credit_replay`)) as ReplayRow[];
    }
    const load = async () => {
      let rows = await fetch();
      // a query for residents none of whom has a record left: ask for the next ones
      while (only && !rows.length && next < only.length) rows = await fetch();
      const totals = rows.length ? await this.rules.grantedTotals(m, [...new Set(rows.map((r) => r.resident_id))]) : [];
      return { rows, totals };
    };
    let pending = load();
    try {
      for (;;) {
        const batch = await pending;
        if (!batch.rows.length) return;
        pending = load();
        yield batch;
      }
    } finally {
      await pending.catch(() => undefined);
      if (!only) await m.query(`CLOSE credit_replay`);
    }
  }
}
