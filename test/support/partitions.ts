import { DataSource, EntityManager } from 'typeorm';

/** The year it is now in Shanghai: the year the partitions are cut by. */
export const thisShanghaiYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

export interface PgError {
  code?: string;
  constraint?: string;
  message: string;
}

/** Runs `work` in a transaction on `db` that must fail (checked at commit too); returns PostgreSQL's error. */
export async function refusedBy(db: DataSource, work: (m: EntityManager) => Promise<unknown>): Promise<PgError> {
  try {
    await db.transaction(work);
  } catch (err) {
    const e = err as { driverError?: PgError } & PgError;
    return { code: e.driverError?.code ?? e.code, constraint: e.driverError?.constraint ?? e.constraint, message: e.message };
  }
  throw new Error('the database accepted what it must refuse');
}
