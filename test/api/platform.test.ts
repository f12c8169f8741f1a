import { AuthError, ErrorCode } from '@lp/shared';
import { randomInt } from 'node:crypto';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { SESSION_CLOSE_JOB_ID } from '@lp/server/dist/attendance/session-closer';
import { AccessAudit } from '@lp/server/dist/common/access-audit';
import { AppConfig } from '@lp/server/dist/config/app-config';
import { dataSourceOptions, runMigrations } from '@lp/server/dist/database/data-source';
import { REDIS_NAMESPACE } from '@lp/server/dist/redis/redis-namespace';
import { bullPrefix, PERIODIC_QUEUE } from '@lp/server/dist/scheduling/periodic-jobs';
import { expectApiError, startApi, TestApi } from '../support/api';
import { freshDatabase } from '../support/global-setup';
import { testRedisUrl } from '../support/test-env';

let api: TestApi;
beforeAll(async () => {
  api = await startApi({ CORS_ORIGINS: 'https://portal.example.gov.cn' });
});
afterAll(() => api.close());

describe('the platform around every endpoint', () => {
  it('health reports database and Redis up', async () => {
    const res = await api.http.get<{ status: string; info: Record<string, { status: string }> }>('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.redis.status).toBe('up');
  });

  it('serves the OpenAPI document listing the endpoints, with bearer auth declared', async () => {
    const res = await api.http.get<{ paths: Record<string, unknown>; components: { securitySchemes: object } }>('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/wechat/login', '/api/me/profile', '/api/areas/{id}/population/{year}']));
    expect(res.body.components.securitySchemes).toHaveProperty('bearer');
    expect((await fetch(`${api.http.baseUrl}/api/docs`)).status).toBe(200);
  });

  it('every endpoint declares who may call it', () => {
    expect(api.app.get(AccessAudit).undeclaredEndpoints()).toEqual([]);
  });

  it('unknown paths, bad JSON and oversized bodies answer { code, message } in Chinese', async () => {
    expectApiError(await api.http.get('/api/no-such-thing'), 404, ErrorCode.NotFound);
    expectApiError(await api.http.send('POST', '/api/auth/wechat/login', '{"code":', { 'content-type': 'application/json' }), 400, ErrorCode.ValidationFailed);
    expectApiError(await api.http.post('/api/auth/wechat/login', { code: 'x'.repeat(400_000) }), 413, ErrorCode.PayloadTooLarge);
    const nested = '{"code":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    expectApiError(await api.http.send('POST', '/api/auth/wechat/login', nested, { 'content-type': 'application/json' }), 400);
  });

  it('a body of a type the API does not read is refused with 415, and JSON with a __proto__ key with 400', async () => {
    expectApiError(await api.http.send('POST', '/api/auth/wechat/login', 'code=abc', { 'content-type': 'text/plain' }), 415);
    const poisoned = '{"code":"abc","__proto__":{"isAdmin":true}}';
    expectApiError(await api.http.send('POST', '/api/auth/wechat/login', poisoned, { 'content-type': 'application/json' }), 400, ErrorCode.ValidationFailed);
  });

  it('sends security headers and a request id, and allows only configured origins', async () => {
    const res = await fetch(`${api.http.baseUrl}/api/health`, { headers: { origin: 'https://evil.example.com' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(`${api.http.baseUrl}/api/health`, { headers: { origin: 'https://portal.example.gov.cn' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.gov.cn');
  });

  it('the demo login does not exist while the demo switch is off', async () => {
    expectApiError(await api.http.get('/api/auth/demo/accounts'), 404, AuthError.DemoDisabled);
    expectApiError(await api.http.post('/api/auth/demo/login', { userId: 'new-resident' }), 404, AuthError.DemoDisabled);
  });
});

/** EVALSHA calls Redis could not serve because it did not know the script (NOSCRIPT). */
async function evalshaMisses(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(/cmdstat_evalsha:.*failed_calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

describe('login throttling, counted in Redis', () => {
  it('the 6th login attempt from one client within a minute is refused with 429 by another instance too; other clients are not', async () => {
    const first = await startApi({ LOGIN_THROTTLE_LIMIT: '5', TRUST_PROXY: 'true' });
    const second = await startApi({ LOGIN_THROTTLE_LIMIT: '5', TRUST_PROXY: 'true' });
    const redis = new Redis(testRedisUrl());
    try {
      const client = `10.${randomInt(255)}.${randomInt(255)}.${randomInt(250)}`;
      const other = client.replace(/\.(\d+)$/, (_m, last: string) => `.${Number(last) + 1}`);
      // a username of this run alone: failures of one username from many addresses (earlier runs) slow new addresses down
      const username = `nobody_${randomInt(1e9)}`;
      const attempt = (instance: TestApi, ip: string) =>
        instance.http.send('POST', '/api/auth/password/login', { username, password: 'x' }, { 'x-forwarded-for': ip });
      for (let i = 0; i < 3; i++) expect((await attempt(first, client)).status).toBe(401);
      // the counting script travels as its digest; Redis forgetting it (a restart) costs one resend
      const missesBefore = await evalshaMisses(redis);
      await redis.script('FLUSH');
      for (let i = 0; i < 2; i++) expect((await attempt(first, client)).status).toBe(401);
      expect(await evalshaMisses(redis)).toBeGreaterThan(missesBefore);
      // the counter lives in Redis, so the second process knows about the first five
      expectApiError(await attempt(second, client), 429, ErrorCode.TooManyRequests);
      expect((await attempt(second, other)).status).toBe(401);
    } finally {
      await first.close();
      await second.close();
      redis.disconnect();
    }
  });
});

describe('one Redis, two portals', () => {
  it('portals on different databases keep their periodic jobs, rate limits and messages apart; nodes of one portal share them', async () => {
    const otherDb = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_other_portal');
    await runMigrations(otherDb);
    const settings = { LOGIN_THROTTLE_LIMIT: '2', TRUST_PROXY: 'true' };
    const one = await startApi(settings);
    const oneAgain = await startApi(settings);
    const two = await startApi({ ...settings, DATABASE_URL: otherDb });
    const named = await startApi({ ...settings, DATABASE_URL: otherDb, REDIS_NAMESPACE: `district-${randomInt(1e9)}` });
    const redis = new Redis(testRedisUrl());
    try {
      const ns = (api: TestApi) => api.app.get<string>(REDIS_NAMESPACE);
      expect(ns(oneAgain)).toBe(ns(one));
      expect(new Set([ns(one), ns(two), ns(named)]).size).toBe(3);
      expect(ns(named)).toBe(`lp:${named.app.get(AppConfig).REDIS_NAMESPACE}`);
      console.log(`[redis-namespace] one portal on two nodes: ${ns(one)}; another database: ${ns(two)}; REDIS_NAMESPACE set: ${ns(named)}`);

      // each portal's schedule of the session close is its own: another portal's worker never runs it against the wrong database
      for (const api of [one, two, named]) {
        const queue = new Queue(PERIODIC_QUEUE, { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix: bullPrefix(ns(api)) });
        try {
          expect((await queue.getJobSchedulers()).map((s) => s.key)).toContain(SESSION_CLOSE_JOB_ID);
        } finally {
          await queue.close();
        }
      }
      // live rosters and account changes travel on channels of the portal's own
      const channels = await redis.pubsub('CHANNELS', `${ns(one)}:*`);
      expect(channels).toEqual(expect.arrayContaining([`${ns(one)}:roster`, `${ns(one)}:accounts`]));
      expect(await redis.pubsub('CHANNELS', 'lp:roster')).toEqual([]);

      // a client throttled on one portal (on either of its nodes) may still log in to the other
      const client = `10.${randomInt(255)}.${randomInt(255)}.${randomInt(250)}`;
      const username = `nobody_${randomInt(1e9)}`;
      const attempt = (api: TestApi) => api.http.send('POST', '/api/auth/password/login', { username, password: 'x' }, { 'x-forwarded-for': client });
      for (let i = 0; i < 2; i++) expect((await attempt(one)).status).toBe(401);
      expectApiError(await attempt(oneAgain), 429, ErrorCode.TooManyRequests);
      expect((await attempt(two)).status).toBe(401);
      expect((await attempt(named)).status).toBe(401);
    } finally {
      redis.disconnect();
      for (const api of [one, oneAgain, two, named]) await api.close();
    }
  });
});

describe('migrations', () => {
  it('run up, down and up again on an empty database', async () => {
    const url = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_migrate');
    const ds = new DataSource(dataSourceOptions(url, 1));
    await ds.initialize();
    try {
      await ds.runMigrations();
      const tables = async () => (await ds.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migration'`))[0].n;
      expect(await tables()).toBeGreaterThanOrEqual(9);
      for (const _ of ds.migrations) await ds.undoLastMigration();
      expect(await tables()).toBe(0);
      await ds.runMigrations();
      expect(await tables()).toBeGreaterThanOrEqual(9);
    } finally {
      await ds.destroy();
    }
  });
});

