import { Injectable, Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { nameHashInput } from '../residents/resident-name';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { FieldCrypto } from '../common/field-crypto.service';
import { ResidentCrypto } from '../resident-keys/resident-crypto';
import { ResidentKeyStore } from '../resident-keys/resident-key-store';
import { moveAll, SealedPlaces } from '../resident-keys/sealed-places';

export const FIELD_REENCRYPT_JOB_ID = 'field-reencrypt';
const EVERY_MS = 30 * 60_000;
const BATCH = 500;
const REHASH_PAGE = 200;

/**
 * Every encrypted column: its table, the table's key and the column. A test checks that no `*_enc` column is missing.
 * A resident's phone and ID number are sealed under the resident's own data key (`r1.…`/`r2.…`, ResidentCrypto) once
 * `sealResidents()` has moved them; the job leaves those alone and re-wraps the data keys in the key store instead.
 */
export const ENCRYPTED_COLUMNS: readonly { table: string; key: string; keyType: 'uuid' | 'bigint'; column: string }[] = [
  { table: 'resident_profile', key: 'user_id', keyType: 'uuid', column: 'phone_enc' },
  { table: 'resident_profile', key: 'user_id', keyType: 'uuid', column: 'id_number_enc' },
  { table: 'learning_org', key: 'id', keyType: 'bigint', column: 'contact_phone_enc' },
  { table: 'selection_objection', key: 'id', keyType: 'bigint', column: 'contact_enc' },
  { table: 'education_worker', key: 'id', keyType: 'bigint', column: 'phone_enc' },
];

/** The column's value is not sealed under a resident's data key (ResidentCrypto: r1. AES, r2. SM4), which is not the field key's to move. */
const notUnderResidentKey = (column: string) => `left(${column}, 3) NOT IN ('r1.', 'r2.')`;

export interface ReencryptionReport {
  /** Values moved to the current key and cipher (residents' data keys re-wrapped included). */
  reencrypted: number;
  /** Residents whose name, phone and ID number were moved under their own data key in this run. */
  sealed: number;
  /**
   * Values elsewhere sealed under residents' data keys (transcript names, evidence files, check-in places)
   * moved to the current suite in this run, by place; empty when they were already found all moved.
   */
  resealed: Record<string, number>;
  /** Values under a key this server was not given: left as they are, counted per column. */
  unreadable: Record<string, number>;
  /** Values still not under the current key or suite after the run (unreadable ones included, closed accounts' not). */
  remaining: number;
}

/**
 * Look-up hashes whose input the database keeps (encrypted, or the name in clear): when the hash
 * algorithm changes, `crypto:rehash` recomputes them. The inputs of the others are never stored:
 * partner keys and consent tokens are checked under both algorithms (FieldCrypto.lookupHashes), and
 * selection_objection.address_hash only spaces out objections from one address for a few minutes.
 */
const REHASHED: readonly { table: string; key: string; keyType: 'uuid' | 'bigint'; hash: string; input: string; decrypt: boolean; name?: boolean }[] = [
  { table: 'resident_profile', key: 'user_id', keyType: 'uuid', hash: 'phone_hash', input: 'phone_enc', decrypt: true },
  { table: 'resident_profile', key: 'user_id', keyType: 'uuid', hash: 'id_number_hash', input: 'id_number_enc', decrypt: true },
  { table: 'resident_profile', key: 'user_id', keyType: 'uuid', hash: 'name_hash', input: 'real_name', decrypt: false, name: true },
  { table: 'education_worker', key: 'id', keyType: 'bigint', hash: 'phone_hash', input: 'phone_enc', decrypt: true },
];

/**
 * Field keys over time:
 * - `reencrypt()` moves every encrypted value to the current field key and cipher after a key
 *   rotation or a switch of CRYPTO_SUITE: it reads a batch of values not written under the current
 *   key, decrypts and re-encrypts them, and writes each back only if nobody changed it meanwhile.
 *   Old and new values are both readable throughout, so the portal keeps serving while it runs.
 *   A periodic job (once across all nodes); `npm run crypto:reencrypt` runs it at once.
 * - the look-up hash algorithm is recorded in `crypto_setting`; a server whose CRYPTO_SUITE hashes
 *   differently refuses to start on a database that holds such hashes, until `rehash()`
 *   (`npm run crypto:rehash`, all nodes stopped) has recomputed them under the new algorithm.
 */
@Injectable()
export class FieldKeys {
  constructor(
    private readonly ds: DataSource,
    private readonly crypto: FieldCrypto,
    private readonly residentCrypto: ResidentCrypto,
    private readonly keyStore: ResidentKeyStore,
    private readonly sealedPlaces: SealedPlaces,
  ) {}

  /** Null when the configured look-up hash is the database's; otherwise why the server must not start. */
  async lookupMismatch(): Promise<string | null> {
    const rows: { algorithm: string }[] = await this.ds.query(`SELECT lookup_hash_algorithm AS algorithm FROM crypto_setting`);
    const recorded = rows[0]?.algorithm;
    if (recorded === this.crypto.lookupAlgorithm) return null;
    if (!(await this.holdsHashes())) {
      await this.record();
      return null;
    }
    return (
      `CRYPTO_SUITE=${this.crypto.suite} makes look-up hashes with ${this.crypto.lookupAlgorithm}, but this database's were made with ${recorded}: ` +
      'stop every node and run `npm run crypto:rehash -w @lp/server` with the new setting, then start again'
    );
  }

  /** Recomputes every look-up hash whose input is kept, under the configured algorithm, in one transaction. */
  async rehash(): Promise<{ rehashed: number; from: string; to: string }> {
    return this.ds.transaction(async (m) => {
      const [{ algorithm: from }] = await m.query(`SELECT lookup_hash_algorithm AS algorithm FROM crypto_setting FOR UPDATE`);
      // nobody writes a hash under the old algorithm while we work
      await m.query(`LOCK TABLE ${[...new Set(REHASHED.map((h) => h.table))].join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
      let rehashed = 0;
      for (const h of REHASHED) {
        // pages in key order (the tables are locked, so a page cannot shift): memory stays one page, at any size
        for (let after: string | null = null; ; ) {
          const slice: { k: string; v: string }[] = await m.query(
            `SELECT ${h.key}::text AS k, ${h.input} AS v FROM ${h.table}
              WHERE ${h.input} IS NOT NULL AND ($1::${h.keyType} IS NULL OR ${h.key} > $1::${h.keyType})
              ORDER BY ${h.key} LIMIT ${REHASH_PAGE}`,
            [after],
          );
          if (slice.length === 0) break;
          after = slice[slice.length - 1].k;
          // sealed under the resident's key (a closed account's opens to null: no hash at all)
          const opened = h.table === 'resident_profile' ? await this.residentCrypto.openAll(slice.map((r) => ({ residentId: r.k, stored: r.v }))) : slice.map((r) => r.v);
          const hashes = opened.map((v) => {
            if (v === null) return null;
            const plain = h.decrypt && /^v[12]\./.test(v) ? this.crypto.decrypt(v) : v;
            return this.crypto.lookupHash(h.name ? nameHashInput(plain) : plain);
          });
          await m.query(
            `UPDATE ${h.table} t SET ${h.hash} = n.h FROM unnest($1::text[], $2::text[]) AS n(k, h) WHERE t.${h.key} = n.k::${h.keyType}`,
            [slice.map((r) => r.k), hashes],
          );
          rehashed += slice.length;
        }
      }
      await m.query(`UPDATE crypto_setting SET lookup_hash_algorithm = $1, changed_at = now()`, [this.crypto.lookupAlgorithm]);
      return { rehashed, from, to: this.crypto.lookupAlgorithm };
    });
  }

  private async holdsHashes(): Promise<boolean> {
    const tables = [...new Set(REHASHED.map((h) => h.table))];
    const rows: { found: boolean }[] = await this.ds.query(`SELECT ${tables.map((t) => `EXISTS (SELECT 1 FROM ${t})`).join(' OR ')} AS found`);
    return rows[0].found;
  }

  private async record(): Promise<void> {
    await this.ds.query(`UPDATE crypto_setting SET lookup_hash_algorithm = $1, changed_at = now()`, [this.crypto.lookupAlgorithm]);
  }

  /**
   * `everywhere`: look at every value sealed under residents' keys (resident_profile and the places) even
   * when they were last found all sealed the current way (the command does; the periodic job does not).
   */
  async reencrypt(everywhere = false): Promise<ReencryptionReport> {
    const sealedAs = await this.residentsSealedAs();
    // the residents' values need no look while crypto_setting says they are all sealed the current way:
    // a switch of CRYPTO_SUITE changes the current way; a new field key moves none of them (their data
    // keys are re-wrapped below on every run, and a value still under the field key is never recorded done)
    const residents = everywhere || sealedAs !== this.residentCrypto.sealing;
    const report: ReencryptionReport = { reencrypted: 0, sealed: residents ? await this.sealResidents() : 0, resealed: {}, unreadable: {}, remaining: 0 };
    for (const c of ENCRYPTED_COLUMNS) {
      if (c.table === 'resident_profile' && !residents) continue;
      let after: string | null = null;
      for (;;) {
        const batch = await this.ds.transaction(async (m) => {
          // keyset order, so a value that cannot be moved is passed once and not met again
          const rows: { k: string; v: string }[] = await m.query(
            `SELECT ${c.key}::text AS k, ${c.column} AS v FROM ${c.table}
              WHERE ${c.column} IS NOT NULL AND left(${c.column}, $1) <> $2 AND ${notUnderResidentKey(c.column)} AND ($3::${c.keyType} IS NULL OR ${c.key} > $3::${c.keyType})
              ORDER BY ${c.key} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
            [this.crypto.currentPrefix.length, this.crypto.currentPrefix, after],
          );
          const moved: { k: string; old: string; v: string }[] = [];
          for (const row of rows) {
            try {
              moved.push({ k: row.k, old: row.v, v: this.crypto.encrypt(this.crypto.decrypt(row.v)) });
            } catch {
              const name = `${c.table}.${c.column}`;
              report.unreadable[name] = (report.unreadable[name] ?? 0) + 1;
            }
          }
          if (moved.length) {
            await m.query(
              `UPDATE ${c.table} t SET ${c.column} = n.v
                 FROM unnest($1::text[], $2::text[], $3::text[]) AS n(k, old, v)
                WHERE t.${c.key} = n.k::${c.keyType} AND t.${c.column} = n.old`,
              [moved.map((x) => x.k), moved.map((x) => x.old), moved.map((x) => x.v)],
            );
          }
          report.reencrypted += moved.length;
          return rows;
        });
        if (batch.length < BATCH) break;
        after = batch[batch.length - 1].k;
      }
      const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM ${c.table} WHERE ${c.column} IS NOT NULL AND left(${c.column}, $1) <> $2 AND ${notUnderResidentKey(c.column)}`, [
        this.crypto.currentPrefix.length,
        this.crypto.currentPrefix,
      ]);
      report.remaining += n;
    }
    await this.rewrapDataKeys(report);
    if (residents) await this.resealResidents(report, sealedAs);
    return report;
  }

  /** The way residents' values were last found all sealed (`crypto_setting.residents_sealed_as`), null before any run found that. */
  private async residentsSealedAs(): Promise<string | null> {
    const [{ done }] = (await this.ds.query(`SELECT residents_sealed_as AS done FROM crypto_setting`)) as { done: string | null }[];
    return done;
  }

  /** Residents' names, phones and ID numbers not yet sealed the current way (a closed account's aside). */
  private async residentsNotSealedAsNow(): Promise<number> {
    const [{ n }] = (await this.ds.query(
      `SELECT count(*)::int AS n FROM resident_profile p, LATERAL (VALUES (p.real_name), (p.phone_enc), (p.id_number_enc)) AS x(v)
        WHERE x.v IS NOT NULL AND left(x.v, 3) <> $1 AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = p.user_id AND u.closed_at IS NOT NULL)`,
      [this.residentCrypto.currentPrefix],
    )) as { n: number }[];
    return n;
  }

  /**
   * After a switch of CRYPTO_SUITE, moves the values the feature places keep sealed under residents'
   * keys to the current suite, and counts what is left of them and of resident_profile (sealResidents
   * moved those). `crypto_setting.residents_sealed_as` records the suite under which all of them were
   * last found moved: while it is the current one the job reads neither resident_profile nor the places
   * (check-in places: every row of attendance with a place). A node still on the old suite during a
   * rolling switch records its own suite when its job runs, so the next run of a new node looks again;
   * `crypto:reencrypt` always looks. A process that has no place registered (a command that did not
   * load them) records nothing.
   */
  private async resealResidents(report: ReencryptionReport, sealedAs: string | null): Promise<void> {
    let left = await this.residentsNotSealedAsNow();
    const places = this.sealedPlaces.all();
    for (const place of places) {
      report.resealed[place.name] = await moveAll(place, true);
      left += await place.left();
    }
    report.remaining += left;
    const current = this.residentCrypto.sealing;
    if (places.length && left === 0 && sealedAs !== current) await this.ds.query(`UPDATE crypto_setting SET residents_sealed_as = $1`, [current]);
  }

  /** Residents' data keys wrapped under an old field key or cipher: unwrapped and wrapped again under the current one. */
  private async rewrapDataKeys(report: ReencryptionReport): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const rows = await this.keyStore.stale(this.crypto.currentPrefix, after, BATCH);
      const moved: { id: string; old: string; wrapped: string }[] = [];
      for (const r of rows) {
        try {
          moved.push({ id: r.id, old: r.wrapped, wrapped: this.crypto.encrypt(this.crypto.decrypt(r.wrapped)) });
        } catch {
          report.unreadable['key store resident_data_key.wrapped'] = (report.unreadable['key store resident_data_key.wrapped'] ?? 0) + 1;
        }
      }
      await this.keyStore.rewrap(moved);
      report.reencrypted += moved.length;
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].id;
    }
    report.remaining += await this.keyStore.countStale(this.crypto.currentPrefix);
  }

  /**
   * Moves residents' names (in clear until now), phone and ID numbers (under the field key) under each
   * resident's own data key, filling a missing name hash on the way; returns how many residents it moved.
   * Data written before data keys existed; new data is sealed when written. Run by the re-encryption job
   * and `npm run crypto:reencrypt`; nodes share the work (SKIP LOCKED), a value changed meanwhile is left for the next run.
   */
  async sealResidents(): Promise<number> {
    let sealed = 0;
    for (;;) {
      const moved = await this.ds.transaction(async (m) => {
        const rows: { k: string; name: string; phone: string | null; idn: string | null; nameHash: string | null }[] = await m.query(
          `SELECT user_id::text AS k, real_name AS name, phone_enc AS phone, id_number_enc AS idn, name_hash AS "nameHash" FROM resident_profile
            WHERE left(real_name, 3) <> $1 OR left(phone_enc, 3) <> $1 OR left(id_number_enc, 3) <> $1
            ORDER BY user_id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [this.residentCrypto.currentPrefix],
        );
        const out: { k: string; name: string; phone: string | null; idn: string | null; hash: string | null }[] = [];
        for (const r of rows) {
          try {
            // in clear or under the field key: sealed now; sealed the other suite's way: opened and sealed again
            const seal = async (v: string | null, fromField: boolean): Promise<string | null> => {
              if (v === null || v.startsWith(this.residentCrypto.currentPrefix)) return v;
              const plain = ResidentCrypto.isSealed(v) ? await this.residentCrypto.open(r.k, v) : fromField ? this.crypto.decrypt(v) : v;
              if (plain === null) throw new Error('closed meanwhile');
              return this.residentCrypto.seal(r.k, plain);
            };
            const hash = r.nameHash ?? (ResidentCrypto.isSealed(r.name) ? null : this.crypto.lookupHash(nameHashInput(r.name)));
            out.push({ k: r.k, name: (await seal(r.name, false))!, phone: await seal(r.phone, true), idn: await seal(r.idn, true), hash });
          } catch {
            // under a field key this server was not given, or an account closed meanwhile: the report of reencrypt() counts what is left
          }
        }
        if (out.length) {
          await m.query(
            `UPDATE resident_profile p SET real_name = n.name, phone_enc = n.phone, id_number_enc = n.idn, name_hash = COALESCE(p.name_hash, n.hash)
               FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS n(k, name, phone, idn, hash)
              WHERE p.user_id = n.k`,
            [out.map((x) => x.k), out.map((x) => x.name), out.map((x) => x.phone), out.map((x) => x.idn), out.map((x) => x.hash)],
          );
        }
        return { rows: rows.length, moved: out.length };
      });
      sealed += moved.moved;
      if (moved.rows < BATCH || moved.moved === 0) break;
    }
    return sealed;
  }
}

/** Schedules the re-encryption and refuses to serve on a database hashed under another algorithm. */
@Injectable()
export class FieldKeyJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(FieldKeyJobs.name);

  constructor(
    private readonly keys: FieldKeys,
    private readonly jobs: PeriodicJobs,
  ) {}

  /** Before any feature's start-up work (e.g. the name-hash backfill) can write a hash. */
  async onModuleInit(): Promise<void> {
    this.jobs.register({ id: FIELD_REENCRYPT_JOB_ID, everyMs: EVERY_MS, run: () => this.reencrypt() });
    const mismatch = await this.keys.lookupMismatch();
    if (mismatch) throw new Error(mismatch);
  }

  /** Residents bound before data keys existed are moved under their own key as the server starts. */
  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.keys.sealResidents();
    if (sealed) this.logger.log({ sealed }, 'residents moved under their own data key');
  }

  private async reencrypt(): Promise<ReencryptionReport> {
    const report = await this.keys.reencrypt();
    if (report.reencrypted || report.remaining || Object.values(report.resealed).some((n) => n > 0)) this.logger.log(report, 'field re-encryption');
    return report;
  }
}

/** FieldKeys alone, for the crypto commands: no periodic jobs there. */
@Module({ providers: [FieldCrypto, FieldKeys], exports: [FieldKeys] }) // ResidentKeysModule (global) gives the residents' keys
export class FieldKeysModule {}

@Module({ imports: [FieldKeysModule], providers: [FieldKeyJobs] })
export class FieldKeyJobsModule {}
