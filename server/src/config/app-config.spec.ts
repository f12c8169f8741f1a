import { ConfigError, loadConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  JWT_SECRET: 'a'.repeat(40),
  FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  LOOKUP_HASH_KEY: 'b'.repeat(40),
  CHECKIN_SIGNING_KEY: 'c'.repeat(40),
  WECHAT_APP_ID: 'wx123',
  WECHAT_APP_SECRET: 'secret',
};

describe('configuration read at boot', () => {
  it('fills defaults and converts numbers and switches', () => {
    const config = loadConfig({ ...valid, PORT: '8080', DEMO_MODE: 'true' });
    expect(config.PORT).toBe(8080);
    expect(config.DEMO_MODE).toBe(true);
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: undefined }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['FIELD_ENCRYPTION_KEY', { FIELD_ENCRYPTION_KEY: 'not-base64-32-bytes' }],
    ['PORT', { PORT: 'eighty' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['WECHAT_API_BASE', { WECHAT_API_BASE: 'not a url' }],
  ])('a missing or bad %s stops start-up with a message that names it', (name, change) => {
    expect(() => loadConfig({ ...valid, ...change })).toThrow(ConfigError);
    expect(() => loadConfig({ ...valid, ...change })).toThrow(new RegExp(name));
  });

  it('production refuses the demo switch and plain-http WeChat', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', DEMO_MODE: 'true' })).toThrow(/DEMO_MODE/);
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', WECHAT_API_BASE: 'http://127.0.0.1:9' })).toThrow(/WECHAT_API_BASE/);
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).isProduction).toBe(true);
  });
});
