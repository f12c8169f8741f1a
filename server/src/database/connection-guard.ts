import { Injectable, Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../config/app-config';

/** The transaction the running code is inside, if any. */
interface OpenTransaction {
  open: boolean;
  connections: number;
}

/**
 * One transaction, one pool connection. A transaction keeps its connection until it ends; code
 * inside it that asks the pool for another (a read through the default manager instead of the
 * transaction's, a service that opens a transaction of its own) holds one connection while it
 * waits for a second. A burst of such requests takes every connection and then waits for ever:
 * the pool runs dry and everyone is answered 503. This guard notices the second request for a
 * connection when it is made, whether or not the pool happens to have one free, so the mistake
 * shows in every test instead of only in a crowd. Outside production it throws; in production
 * it logs where it happened and lets the request go on.
 */
@Injectable()
export class ConnectionGuard {
  private readonly logger = new Logger(ConnectionGuard.name);
  private readonly current = new AsyncLocalStorage<OpenTransaction>();

  constructor(dataSource: DataSource, config: AppConfig) {
    const strict = !config.isProduction;
    this.watchTransactions(dataSource.manager, strict);
    this.watchPool((dataSource.driver as PostgresDriver).master as Pool, strict);
  }

  private watchTransactions(manager: EntityManager, strict: boolean): void {
    const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
    const current = this.current;
    const guarded = async (...args: unknown[]): Promise<unknown> => {
      if (current.getStore()?.open) this.refuse('a transaction was started inside another one', strict);
      const tx: OpenTransaction = { open: true, connections: 0 };
      try {
        return await current.run(tx, () => transaction(...args));
      } finally {
        tx.open = false;
      }
    };
    manager.transaction = guarded as EntityManager['transaction'];
  }

  private watchPool(pool: Pool, strict: boolean): void {
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
    const current = this.current;
    const guarded = (...args: unknown[]): unknown => {
      const tx = current.getStore();
      if (tx?.open) {
        tx.connections += 1;
        if (tx.connections > 1) this.refuse('a second pool connection was asked for inside a transaction', strict);
      }
      return connect(...args);
    };
    pool.connect = guarded as Pool['connect'];
  }

  private refuse(what: string, strict: boolean): void {
    const err = new Error(`${what}: use the transaction's EntityManager for everything it does`);
    if (strict) throw err;
    this.logger.error({ stack: err.stack }, what);
  }
}
