import { AuthError, ErrorCode } from '@lp/shared';
import { randomInt } from 'node:crypto';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AccessAudit } from '@lp/server/dist/common/access-audit';
import { dataSourceOptions } from '@lp/server/dist/database/data-source';
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

