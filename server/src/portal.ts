import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import cluster from 'node:cluster';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp, listenEverywhere } from './app';
import { ConfigError, loadConfig } from './config/app-config';
import { KEY_GENERATORS } from './config/secret-strength';
import { selfSignedPdfCertificate } from './transcripts/pdf-certificate';
import { databasePooler } from './commands/command';
import { runMigrations } from './database/data-source';
import { EmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import { DemoSeeder } from './demo/demo-seeder';
import { FieldKeys } from './database/field-keys';
import { serveAsWorker, superviseWorkers } from './workers';

/**
 * The quick start (`npm start`): everything a newcomer needs on one port.
 * - no DATABASE_URL: a real PostgreSQL from the embedded-postgres package, data in server/.data/pg
 * - no secrets: development secrets generated once into server/.data/dev-secrets.json
 * - migrations, then demo data when the database is empty, then the API and the H5 app.
 */
const DATA_DIR = resolve(__dirname, '..', '.data');
const logger = new Logger('Portal');

async function startQuickStartPostgres(): Promise<EmbeddedPostgres> {
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const dir = join(DATA_DIR, 'pg');
  const pg = await startEmbeddedPostgres({
    dir,
    port,
    persistent: true,
    onError: (e: unknown) => logger.warn(`embedded postgres: ${String(e).slice(0, 300)}`),
  });
  if (pg.fresh) await pg.createDatabase('lifelong');
  logger.log(`embedded PostgreSQL on port ${port}, data in ${dir}`);
  return pg;
}

/**
 * Development secrets, generated once and kept so encrypted data stays readable across restarts.
 * A secret added by a later version is generated then and added to the file.
 */
function developmentSecrets(): Record<string, string> {
  const file = join(DATA_DIR, 'dev-secrets.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const missing = (Object.keys(KEY_GENERATORS) as (keyof typeof KEY_GENERATORS)[]).filter((k) => !kept[k]);
  // the quick start's PDFs carry a standard signature too, with a certificate of its own making
  const noCertificate = !kept.TRANSCRIPT_PDF_CERT;
  if (noCertificate) kept.TRANSCRIPT_PDF_CERT = selfSignedPdfCertificate('Lifelong learning portal (quick start)');
  if (missing.length || noCertificate) {
    for (const k of missing) kept[k] = KEY_GENERATORS[k]();
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(kept, null, 2), { mode: 0o600 });
  }
  return kept;
}

async function main(): Promise<void> {
  if (cluster.isWorker) return serveAsWorker(); // the primary below did the setup and passed it on in the environment
  const env = process.env;
  env.NODE_ENV ??= 'development';
  const production = env.NODE_ENV === 'production';
  if (!production) {
    for (const [k, v] of Object.entries(developmentSecrets())) env[k] ??= v;
    env.DEMO_MODE ??= 'true';
    env.WECHAT_APP_ID ??= 'wx-demo-appid';
    env.WECHAT_APP_SECRET ??= 'demo-secret-not-for-production';
  }
  let embedded: EmbeddedPostgres | null = null;
  if (!env.DATABASE_URL) {
    embedded = await startQuickStartPostgres();
    env.DATABASE_URL = embedded.url('lifelong');
  }
  const applied = await runMigrations(env.DATABASE_URL, databasePooler());
  if (applied.length) logger.log(`migrations applied: ${applied.join(', ')}`);

  const config = loadConfig(env);
  const seedDemo = async (app: NestFastifyApplication) => {
    if (config.DEMO_MODE && (await app.get(DemoSeeder).seedIfEmpty())) {
      // the demo's names and numbers under each resident's own data key, as the server keeps them
      await app.get(FieldKeys).sealResidents();
      logger.log('demo data loaded (明湖区)');
    }
  };
  if (config.WEB_CONCURRENCY > 1) {
    // the demo data is loaded here, once, before the workers start
    if (config.DEMO_MODE) {
      const seeding = await (await createApp({ shutdownHooks: false })).init();
      await seedDemo(seeding);
      await seeding.close();
    }
    const { listening, stopped } = superviseWorkers(config.WEB_CONCURRENCY, env);
    void stopped.then(() => (embedded ? embedded.stop() : undefined)).finally(() => process.exit(0));
    await listening;
    logger.log(`${config.WEB_CONCURRENCY} workers share port ${config.PORT}`);
  } else {
    // with embedded PostgreSQL, the handlers below close the app and then stop the database
    const app = await createApp({ shutdownHooks: !embedded });
    await seedDemo(app);
    if (embedded) {
      const stop = embedded.stop;
      logger.log('embedded PostgreSQL will stop with the server');
      process.once('beforeExit', () => void stop());
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          void app.close().finally(() => stop().finally(() => process.exit(0)));
        });
      }
    }
    await listenEverywhere(app, config.PORT);
  }
  const base = `http://localhost:${config.PORT}`;
  process.stdout.write(
    [
      '',
      '  终身学习门户已启动',
      `  居民/教师/管理员 (H5):  ${base}/`,
      `  接口文档 (OpenAPI):     ${base}/api/docs`,
      `  健康检查:               ${base}/api/health`,
      config.DEMO_MODE ? '  体验账号: 登录页下方可直接选择；教师/管理员密码 demo12345' : '',
      '',
    ].join('\n') + '\n',
  );
}

main().catch((err: Error) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
