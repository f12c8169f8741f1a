/** Fixed secrets for tests only; never used anywhere else. */
export const TEST_SECRETS = {
  JWT_SECRET: 'test-only-jwt-secret-0123456789abcdefghijklmnop',
  FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  LOOKUP_HASH_KEY: 'test-only-lookup-key-0123456789abcdefghijklmnop',
  CHECKIN_SIGNING_KEY: 'test-only-checkin-key-0123456789abcdefghijklmnop',
  // Ed25519, PKCS#8 DER in base64: a fixed prefix and the 32-byte seed 0x07…07
  TRANSCRIPT_SIGNING_KEY: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 7)]).toString('base64'),
  WECHAT_APP_ID: 'wx-test-appid',
  WECHAT_APP_SECRET: 'wx-test-secret',
};

/** Settings the tests depend on, pinned so a changed default cannot quietly change what they check. */
export const TEST_SETTINGS = {
  ONLINE_DAILY_CAP_MINUTES: '120',
  WEB_CONCURRENCY: '1',
  // Every test server shares one Redis and speaks from 127.0.0.1, so rate limits are shared too: one
  // server at the production limits that a hostile-input test trips would refuse every other test's
  // logins. Tests of the limits set them again and speak from addresses of their own (X-Forwarded-For).
  THROTTLE_LIMIT: '1000000',
  LOGIN_THROTTLE_LIMIT: '1000000',
  FILE_CHECK_THROTTLE_LIMIT: '1000000',
};

/** Set by the global setup: the database and Redis every API test talks to. */
export function testDatabaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run the tests through jest (global setup)');
  return url;
}

/** How the tests' application reaches that database: directly, or through PgBouncer (E2E_PGBOUNCER=1). */
export function testDatabasePooler(): 'none' | 'transaction' {
  return process.env.E2E_DATABASE_POOLER === 'transaction' ? 'transaction' : 'none';
}

export function testRedisUrl(): string {
  const url = process.env.E2E_REDIS_URL;
  if (!url) throw new Error('E2E_REDIS_URL is not set: run the tests through jest (global setup)');
  return url;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
