import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { postgresPool } from './postgres-pool';

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
 * shows in every test instead of only in a crowd. Outside production it throws; production does
 * not watch (see the constructor).
 */
@Injectable()
export class ConnectionGuard {
  private readonly current = new AsyncLocalStorage<OpenTransaction>();

  constructor(dataSource: DataSource, config: AppConfig) {
    // Production does not watch: the async context it keeps is paid by every transaction and pool
    // connection of the check-in peaks, and every test and development run already throws on the mistake.
    if (config.isProduction) return;
    this.watchTransactions(dataSource.manager);
    this.watchPool(postgresPool(dataSource));
  }

  private watchTransactions(manager: EntityManager): void {
    const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
    const current = this.current;
    const guarded = async (...args: unknown[]): Promise<unknown> => {
      if (current.getStore()?.open) this.refuse('a transaction was started inside another one');
      const tx: OpenTransaction = { open: true, connections: 0 };
      try {
        return await current.run(tx, () => transaction(...args));
      } finally {
        tx.open = false;
      }
    };
    manager.transaction = guarded as EntityManager['transaction'];
  }

  private watchPool(pool: Pool): void {
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
    const current = this.current;
    const guarded = (...args: unknown[]): unknown => {
      const tx = current.getStore();
      if (tx?.open) {
        tx.connections += 1;
        if (tx.connections > 1) this.refuse('a second pool connection was asked for inside a transaction');
      }
      return connect(...args);
    };
    pool.connect = guarded as Pool['connect'];
  }

  private refuse(what: string): void {
    throw new Error(`${what}: use the transaction's EntityManager for everything it does`);
  }
}
