import { Global, Injectable, Logger, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';

/** Something that answers SQL: the primary or the replica. */
export interface Reader {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/** Beyond this the replica is too far behind to serve anyone: reads go to the primary. */
export const MAX_LAG_MS = 5_000;
/** How long one look at the replica's lag is trusted by this process. */
const PROBE_EVERY_MS = 1_000;

export interface ReplicaState {
  configured: boolean;
  /** Whether the replica answered its last look. */
  up: boolean;
  /** How far its replay was behind the primary at that look (0 when caught up); null if unknown. */
  lagMs: number | null;
  /** Where shared reads go now. */
  serving: 'replica' | 'primary';
}

/**
 * Reads that may come from a streaming replica (DATABASE_REPLICA_URL): the statistics, the
 * catalogue lists and a resident's 学习账户. Without a replica every read is the primary's.
 *
 * - Shared reads (statistics, catalogue) go to the replica while its replay is at most 5 s behind;
 *   beyond that, or when it does not answer, to the primary, without an error.
 * - A resident's own reads must show every write that concerns them, whoever made it (their
 *   enrollment, a teacher's close that credited their hours): they go to the replica only if it has
 *   already replayed the primary's WAL as it stood when the read began (one tiny query on each,
 *   shared by the reads asking in the same turn of the event loop), else to the primary. Every
 *   commit before the read is then in what they see.
 *
 * The lag is looked at lazily, at most once a second per process, on the way to a read: no timer.
 */
@Injectable()
export class ReadReplica implements OnApplicationShutdown {
  private readonly logger = new Logger(ReadReplica.name);
  private replica: DataSource | null = null;
  private connecting: Promise<DataSource | null> | null = null;
  private state: ReplicaState;
  private lookedAt = 0;
  private looking: Promise<void> | null = null;
  private catchingUp: Promise<boolean> | null = null;

  private readonly url: string | undefined;

  /** Without the portal's configuration (a command) there is no replica: the primary answers all. */
  constructor(
    private readonly primary: DataSource,
    @Optional() private readonly config?: AppConfig,
  ) {
    this.url = config?.DATABASE_REPLICA_URL;
    this.state = { configured: Boolean(this.url), up: false, lagMs: null, serving: 'primary' };
  }

  /** For reads everyone shares: the replica when it is near enough, else the primary. */
  async shared(): Promise<Reader> {
    if (!this.state.configured) return this.primary;
    await this.look();
    return this.state.serving === 'replica' && this.replica ? this.guarded(this.replica) : this.primary;
  }

  /** For a resident's own reads: the replica only once it holds every commit made before now. */
  async forResident(): Promise<Reader> {
    if (!this.state.configured) return this.primary;
    await this.look();
    const replica = this.replica;
    if (this.state.serving !== 'replica' || !replica) return this.primary;
    try {
      return (await this.caughtUp(replica)) ? this.guarded(replica) : this.primary;
    } catch (err) {
      this.down(err);
      return this.primary;
    }
  }

  /**
   * Whether the replica has replayed the primary's WAL as it stands now. The reads asking in the same
   * turn of the event loop share one look (two tiny queries), taken after every one of them began:
   * each still sees every commit made before it.
   */
  private caughtUp(replica: DataSource): Promise<boolean> {
    this.catchingUp ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      // a read asking from now on began after this look's position may have been taken: it gets its own
      this.catchingUp = null;
      const [{ lsn }] = await this.primary.query<{ lsn: string }[]>(`SELECT pg_current_wal_lsn()::text AS lsn`);
      const [{ caught }] = await replica.query<{ caught: boolean }[]>(`SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS caught`, [lsn]);
      return caught;
    });
    return this.catchingUp;
  }

  /** What health reports. */
  async status(): Promise<ReplicaState> {
    if (this.state.configured) await this.look(true);
    return { ...this.state };
  }

  async onApplicationShutdown(): Promise<void> {
    const replica = this.replica;
    this.replica = null;
    if (replica?.isInitialized) await replica.destroy();
  }

  /** A reader that answers from the primary when the replica fails under a query. */
  private guarded(replica: DataSource): Reader {
    return {
      query: async <T>(sql: string, params?: unknown[]) => {
        try {
          return await replica.query<T>(sql, params);
        } catch (err) {
          if (!isConnectionError(err)) throw err;
          this.down(err);
          return this.primary.query<T>(sql, params);
        }
      },
    };
  }

  private async look(now = false): Promise<void> {
    if (!now && Date.now() - this.lookedAt < PROBE_EVERY_MS) return;
    this.looking ??= this.measure().finally(() => {
      this.lookedAt = Date.now();
      this.looking = null;
    });
    await this.looking;
  }

  private async measure(): Promise<void> {
    const replica = await this.connect();
    if (!replica) return;
    try {
      const [{ lsn: primaryLsn }] = await this.primary.query<{ lsn: string }[]>(`SELECT pg_current_wal_lsn()::text AS lsn`);
      const [row] = await replica.query<{ caught: boolean | null; behind_ms: number | null; standby: boolean }[]>(
        `SELECT pg_is_in_recovery() AS standby,
                pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught,
                (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS behind_ms`,
        [primaryLsn],
      );
      // caught up: no lag whatever the last replayed commit's age (an idle primary writes nothing)
      const lagMs = row.caught ? 0 : row.behind_ms === null ? null : Math.max(0, Math.round(row.behind_ms));
      const near = row.standby && lagMs !== null && lagMs <= MAX_LAG_MS;
      if (this.state.serving === 'replica' && !near) this.logger.warn({ lagMs }, 'the replica is too far behind: reads go to the primary');
      this.state = { configured: true, up: true, lagMs, serving: near ? 'replica' : 'primary' };
    } catch (err) {
      this.down(err);
    }
  }

  private async connect(): Promise<DataSource | null> {
    if (this.replica) return this.replica;
    this.connecting ??= (async () => {
      const { DB_POOL_SIZE, DATABASE_POOLER } = this.config!;
      const ds = new DataSource(dataSourceOptions(this.url!, DB_POOL_SIZE, DATABASE_POOLER, this.config!.isProduction));
      try {
        await ds.initialize();
        this.replica = ds;
        return ds;
      } catch (err) {
        this.down(err);
        return null;
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  private down(err: unknown): void {
    if (this.state.up || this.state.serving === 'replica') this.logger.warn({ err: (err as Error).message }, 'the replica does not answer: reads go to the primary');
    this.state = { configured: true, up: false, lagMs: null, serving: 'primary' };
    this.lookedAt = Date.now();
  }
}

/** A failure of the connection rather than of the statement: worth asking the primary instead. */
function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  // 57P01 admin shutdown, 57P03 cannot connect now, 08xxx connection exceptions, a query cancelled by
  // the replay it was in the way of; node's own socket errors
  if (e.code === '40001' && /conflict with recovery/.test(e.message ?? '')) return true;
  return /^(57P0[13]|08)/.test(e.code ?? '') || /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect/i.test(e.message ?? '');
}

@Global()
@Module({ providers: [ReadReplica], exports: [ReadReplica] })
export class ReadReplicaModule {}
