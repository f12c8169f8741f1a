import { Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/**
 * Behind PgBouncer the server cannot give its connections a statement timeout (PgBouncer refuses
 * the startup parameter), so the pooler's connect_query must. At start, through the pooler, this
 * reads what a borrowed connection has: none, and production refuses to start (a runaway query
 * would hold a server connection every other request waits for); elsewhere it says so.
 */
@Injectable()
export class PoolerCheck implements OnModuleInit {
  private readonly logger = new Logger(PoolerCheck.name);

  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.DATABASE_POOLER !== 'transaction') return;
    const [{ statement_timeout: timeout }] = (await this.db.query(`SHOW statement_timeout`)) as { statement_timeout: string }[];
    if (timeout !== '0') return;
    const problem =
      "DATABASE_POOLER=transaction, but the pooler's server connections have no statement timeout: " +
      "give the database in pgbouncer.ini connect_query='SET statement_timeout = 15000' (README, \"Behind PgBouncer\")";
    if (this.config.isProduction) throw new Error(problem);
    this.logger.warn(problem);
  }
}

@Module({ providers: [PoolerCheck] })
export class PoolerCheckModule {}
