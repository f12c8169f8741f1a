/**
 * What stands between us and PostgreSQL: nothing, or a pooler in transaction mode (PgBouncer with
 * pool_mode = transaction), which lends a server connection for one transaction at a time. Behind
 * one, a connection carries nothing from one transaction to the next: we send no startup
 * parameters PgBouncer refuses, and use no session SET, session advisory lock, LISTEN or named
 * prepared statement (node-postgres and TypeORM prepare unnamed ones only). Every SET the code
 * makes is SET LOCAL inside its transaction, and every advisory lock a transaction's
 * (pg_advisory_xact_lock), pooler or not.
 */
export type DatabasePooler = 'none' | 'transaction';
export const DATABASE_POOLERS: readonly DatabasePooler[] = ['none', 'transaction'];
