import { Provider, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ReadReplica } from '../database/read-replica';
import { AppConfig } from '../config/app-config';
import { ConnectionGuard } from '../database/connection-guard';
import { dataSourceOptions, ENTITIES } from '../database/data-source';

/** The database the global setup made for this run (see global-setup.ts). */
export function repositoryTestDatabaseUrl(): string {
  const url = process.env.REPOSITORY_TEST_DATABASE_URL;
  if (!url) throw new Error('REPOSITORY_TEST_DATABASE_URL is not set: run repository specs through jest (server/jest.config.js)');
  return url;
}

export interface RepositoryTestModule {
  db: DataSource;
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

/**
 * The repositories under test wired as the app wires them: TypeORM configured by the app's own
 * options against the run's database, and the connection guard, which throws when code inside a
 * transaction asks the pool for a second connection.
 */
export async function repositoryTestModule(providers: Provider[], poolSize = 6): Promise<RepositoryTestModule> {
  const module: TestingModule = await Test.createTestingModule({
    imports: [TypeOrmModule.forRoot(dataSourceOptions(repositoryTestDatabaseUrl(), poolSize)), TypeOrmModule.forFeature(ENTITIES)],
    providers: [...providers, ConnectionGuard, ReadReplica, { provide: AppConfig, useValue: Object.assign(new AppConfig(), { NODE_ENV: 'test' }) }],
  }).compile();
  return { db: module.get(DataSource), get: (type) => module.get(type), close: () => module.close() };
}

/** Runs `work` in a transaction that is always rolled back: for rows no other test may ever see. */
export async function rolledBack<T>(db: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    return await work(runner.manager);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/** What PostgreSQL said when it refused a statement: its SQLSTATE and the constraint it named. */
export async function refusal(work: Promise<unknown>): Promise<{ code: string; constraint: string | null; message: string }> {
  try {
    await work;
  } catch (err) {
    const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string }; message: string };
    return { code: e.driverError?.code ?? e.code ?? 'none', constraint: e.driverError?.constraint ?? e.constraint ?? null, message: e.message };
  }
  throw new Error('the database accepted what it should have refused');
}
