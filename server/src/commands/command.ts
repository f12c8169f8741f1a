import { DATABASE_POOLERS, DatabasePooler } from '../database/pooler';
/** What every command shares, without loading Nest: commands that need only a DataSource stay light. */

/** The database a command works on: DATABASE_URL, the one setting every command needs. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  return url;
}

/** DATABASE_POOLER as the server reads it: 'transaction' behind PgBouncer in transaction mode. */
export function databasePooler(): DatabasePooler {
  const value = process.env.DATABASE_POOLER || 'none';
  if (!(DATABASE_POOLERS as readonly string[]).includes(value)) throw new Error(`DATABASE_POOLER must be one of ${DATABASE_POOLERS.join(', ')}`);
  return value as DatabasePooler;
}

/** Runs a command: a failure is one line on stderr, `<what> failed: <why>`, and exit code `exitCode`. */
export function runCommand(what: string, main: () => Promise<void>, exitCode = 1): void {
  main().catch((err: Error) => {
    process.stderr.write(`${what} failed: ${err.message}\n`);
    process.exit(exitCode);
  });
}
