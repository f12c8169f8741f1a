import { Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicJobs } from '../scheduling/periodic-jobs';

export const YEAR_PARTITIONS_JOB_ID = 'year-partitions';
const EVERY_MS = 24 * 3_600_000;
/** Creating a partition briefly locks its table: give up rather than queue behind a long query, and retry next run. */
const LOCK_TIMEOUT = '5s';

/**
 * Creates this year's and next year's partitions of the year-partitioned tables (learning_record,
 * ledger_transfer, ledger_entry, attendance; audit_event, personal_data_access, partner_api_call; see
 * the YearlyPartitions and YearlyLogPartitions migrations) once a day, once
 * across all workers and nodes. The database function makes only the missing ones, so a run is
 * idempotent and costs a catalogue lookup on the 364 days it has nothing to do. There is no DEFAULT
 * partition: a row for a year without one is refused, and this job makes sure next year's exists
 * a whole year ahead.
 */
@Injectable()
export class YearPartitions implements OnModuleInit {
  private readonly logger = new Logger(YearPartitions.name);

  constructor(
    private readonly db: DataSource,
    private readonly jobs: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ id: YEAR_PARTITIONS_JOB_ID, everyMs: EVERY_MS, run: () => this.ensure() });
  }

  /** Makes the partitions of `year` (the Shanghai year now by default) and the next; returns how many were new. */
  async ensure(year?: number): Promise<number> {
    const made = await this.db.transaction(async (m) => {
      await m.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      // a run started by hand beside the scheduled one waits for it, then finds nothing to make
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('${YEAR_PARTITIONS_JOB_ID}'))`);
      const [row] = (await m.query(
        `SELECT ensure_year_partitions(y, y + 1) AS made
           FROM COALESCE($1::int, date_part('year', now() AT TIME ZONE 'Asia/Shanghai')::int) y`,
        [year ?? null],
      )) as { made: number }[];
      return row.made;
    });
    if (made > 0) this.logger.log({ made, year }, 'yearly partitions created');
    return made;
  }
}

@Module({ providers: [YearPartitions], exports: [YearPartitions] })
export class YearPartitionsModule {}
