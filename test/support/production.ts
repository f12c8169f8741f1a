import { runMigrations } from '@lp/server/dist/database/data-source';
import { KEY_GENERATORS } from '@lp/server/dist/config/secret-strength';
import { selfSignedPdfCertificate } from '@lp/server/dist/transcripts/pdf-certificate';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freshDatabase } from './global-setup';

/**
 * What production needs that tests otherwise skip: a database role whose password is not published
 * (production refuses `postgres` with no password, and every password in the repository), and
 * secrets of its own.
 */
export interface OwnDatabase {
  /** The database, reached as its own role. */
  url: string;
  /** The same database as the test's administrator, for checks. */
  adminUrl: string;
  drop(): Promise<void>;
}

async function asAdmin(work: (db: Client) => Promise<unknown>): Promise<void> {
  const db = new Client({ connectionString: process.env.E2E_ADMIN_DATABASE_URL! });
  await db.connect();
  try {
    await work(db);
  } finally {
    await db.end();
  }
}

/** A fresh, migrated database and a role with a random password of its own. */
export async function ownDatabase(base: string): Promise<OwnDatabase> {
  const adminUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, base);
  await runMigrations(adminUrl);
  const role = `${base}_${process.pid}`;
  const password = randomBytes(18).toString('base64url');
  await asAdmin((db) => db.query(`DROP ROLE IF EXISTS ${role}`));
  await asAdmin((db) => db.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`));
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  // the production server's key store (startProductionEntry) holds tables of this role: it goes first
  const keyStore = `${new URL(adminUrl).pathname.slice(1)}_keys`;
  const drop = () =>
    asAdmin(async (db) => {
      await db.query(`DROP DATABASE IF EXISTS ${keyStore} WITH (FORCE)`);
      await db.query(`DROP ROLE IF EXISTS ${role}`);
    });
  return { url: url.toString(), adminUrl, drop };
}

/** A valid production configuration with freshly made secrets; `env` adds or overrides. */
export function productionSettings(env: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DEMO_MODE: 'false',
    PUBLIC_BASE_URL: 'https://xuexi.example.cn',
    WECHAT_API_BASE: 'https://api.weixin.qq.com',
    WECHAT_APP_ID: 'wx0123456789abcdef',
    WECHAT_APP_SECRET: randomBytes(16).toString('hex'),
    ...Object.fromEntries(Object.entries(KEY_GENERATORS).map(([name, make]) => [name, make()])),
    TRANSCRIPT_PDF_CERT: productionCertificate(),
    ...env,
  };
}

let certificate: string | null = null;

/** One certificate for this test process's production configurations (making an RSA key takes a moment). */
function productionCertificate(): string {
  certificate ??= selfSignedPdfCertificate('Minghu District Learning Credit Bank');
  return certificate;
}
