import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config';
import { selfSignedPdfCertificate } from '../transcripts/pdf-certificate';
import { KEY_GENERATORS } from './secret-strength';

const newKeys = () => Object.fromEntries(Object.entries(KEY_GENERATORS).map(([name, make]) => [name, make()]));

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  JWT_SECRET: 'a'.repeat(40),
  FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  LOOKUP_HASH_KEY: 'b'.repeat(40),
  CHECKIN_SIGNING_KEY: 'c'.repeat(40),
  TRANSCRIPT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIAMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMD',
  WECHAT_APP_ID: 'wx123',
  WECHAT_APP_SECRET: 'secret',
};

/** Secrets as an operator makes them: production takes nothing less. */
const ownSecrets = {
  ...newKeys(),
  WECHAT_APP_SECRET: randomBytes(16).toString('hex'),
  TRANSCRIPT_PDF_CERT: selfSignedPdfCertificate('Spec District'),
  DATA_KEY_STORE_URL: 'postgres://keys@keys.internal:5432/lifelong_keys',
};

describe('configuration read at boot', () => {
  it('fills defaults and converts numbers and switches', () => {
    const config = loadConfig({ ...valid, PORT: '8080', DEMO_MODE: 'true' });
    expect(config.PORT).toBe(8080);
    expect(config.DEMO_MODE).toBe(true);
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.ONLINE_DAILY_CAP_MINUTES).toBe(120);
    expect(loadConfig({ ...valid, ONLINE_DAILY_CAP_MINUTES: '90' }).ONLINE_DAILY_CAP_MINUTES).toBe(90);
    expect(config.WEB_CONCURRENCY).toBe(1);
    expect(loadConfig({ ...valid, WEB_CONCURRENCY: '2', REDIS_URL: 'redis://127.0.0.1:6379' }).WEB_CONCURRENCY).toBe(2);
    expect(config.SESSION_CLOSE_CONCURRENCY).toBe(2);
    expect(loadConfig({ ...valid, SESSION_CLOSE_CONCURRENCY: '4' }).SESSION_CLOSE_CONCURRENCY).toBe(4);
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: undefined }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['FIELD_ENCRYPTION_KEY', { FIELD_ENCRYPTION_KEY: 'not-base64-32-bytes' }],
    ['PORT', { PORT: 'eighty' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['WECHAT_API_BASE', { WECHAT_API_BASE: 'not a url' }],
    ['ONLINE_DAILY_CAP_MINUTES', { ONLINE_DAILY_CAP_MINUTES: '0' }],
    ['ONLINE_DAILY_CAP_MINUTES', { ONLINE_DAILY_CAP_MINUTES: 'two hours' }],
    ['TRANSCRIPT_SIGNING_KEY', { TRANSCRIPT_SIGNING_KEY: undefined }],
    ['TRANSCRIPT_SIGNING_KEY', { TRANSCRIPT_SIGNING_KEY: '-----BEGIN PRIVATE KEY----- not base64' }],
    // a PKCS#8 key of another kind (X25519) is not a signing key
    ['TRANSCRIPT_SIGNING_KEY', { TRANSCRIPT_SIGNING_KEY: 'MC4CAQAwBQYDK2VuBCIEIAMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMD' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'localhost:3000' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://xuexi.example.cn/?a=1' }],
    ['WEB_CONCURRENCY', { WEB_CONCURRENCY: '0' }],
    ['SESSION_CLOSE_CONCURRENCY', { SESSION_CLOSE_CONCURRENCY: '0' }],
    // workers share live rosters and rate limits only through Redis
    ['WEB_CONCURRENCY', { WEB_CONCURRENCY: '2' }],
  ])('a missing or bad %s stops start-up with a message that names it', (name, change) => {
    expect(() => loadConfig({ ...valid, ...change })).toThrow(ConfigError);
    expect(() => loadConfig({ ...valid, ...change })).toThrow(new RegExp(name));
  });

  it('takes the public address without a trailing slash and falls back to localhost outside production', () => {
    expect(loadConfig({ ...valid, PUBLIC_BASE_URL: 'https://xuexi.example.cn/' }).publicBaseUrl).toBe('https://xuexi.example.cn');
    expect(loadConfig({ ...valid, PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production' })).toThrow(/PUBLIC_BASE_URL/);
  });

  it.each(['http://localhost:3000', 'https://LOCALHOST', 'http://xuexi.localhost', 'http://127.0.0.1:3000', 'http://127.8.0.1', 'http://[::1]:3000', 'http://0.0.0.0'])(
    'refuses, in production, a public address that is this machine: %s',
    (address) => {
      expect(() => loadConfig({ ...valid, ...ownSecrets, NODE_ENV: 'production', PUBLIC_BASE_URL: address })).toThrow(/PUBLIC_BASE_URL: production must give an address a stranger/);
    },
  );

  it('keeps the access log a year by default and refuses, in production, less than 180 days', () => {
    expect(loadConfig(valid).ACCESS_AUDIT_RETENTION_DAYS).toBe(365);
    expect(loadConfig({ ...valid, ACCESS_AUDIT_RETENTION_DAYS: '30' }).ACCESS_AUDIT_RETENTION_DAYS).toBe(30);
    const production = { ...valid, ...ownSecrets, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://xuexi.example.cn' };
    expect(loadConfig({ ...production, ACCESS_AUDIT_RETENTION_DAYS: '180' }).ACCESS_AUDIT_RETENTION_DAYS).toBe(180);
    expect(() => loadConfig({ ...production, ACCESS_AUDIT_RETENTION_DAYS: '179' })).toThrow(/ACCESS_AUDIT_RETENTION_DAYS: production keeps/);
  });

  it('takes lesson-video origins as a comma list of https origins and refuses anything else', () => {
    expect(loadConfig(valid).mediaOrigins()).toEqual([]);
    expect(loadConfig({ ...valid, MEDIA_ORIGINS: 'https://video.example.gov.cn, https://cdn.example.cn:8443' }).mediaOrigins()).toEqual([
      'https://video.example.gov.cn',
      'https://cdn.example.cn:8443',
    ]);
    for (const bad of ['http://video.example.gov.cn', 'https://video.example.gov.cn/path', '*', "https://a.cn 'unsafe-inline'", 'https:']) {
      expect(() => loadConfig({ ...valid, MEDIA_ORIGINS: bad })).toThrow(/MEDIA_ORIGINS must be comma-separated https origins/);
    }
  });

  it("takes WeChat's QR verification file as a .txt name with its content, both or neither; production refuses a bad name", () => {
    const production = { ...valid, ...ownSecrets, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://xuexi.example.cn' };
    const good = loadConfig({ ...production, WECHAT_QR_VERIFY_FILE: 'Ab12Cd34Ef.txt', WECHAT_QR_VERIFY_CONTENT: '0123456789abcdef0123456789abcdef' });
    expect([good.WECHAT_QR_VERIFY_FILE, good.WECHAT_QR_VERIFY_CONTENT]).toEqual(['Ab12Cd34Ef.txt', '0123456789abcdef0123456789abcdef']);
    for (const bad of ['../etc/passwd.txt', 'index.html', 'a b.txt', 'api/x.txt', '.txt', `${'a'.repeat(65)}.txt`]) {
      expect(() => loadConfig({ ...production, WECHAT_QR_VERIFY_FILE: bad, WECHAT_QR_VERIFY_CONTENT: 'abc' })).toThrow(/WECHAT_QR_VERIFY_FILE must be the file name WeChat gives/);
    }
    expect(() => loadConfig({ ...production, WECHAT_QR_VERIFY_FILE: 'Ab12.txt', WECHAT_QR_VERIFY_CONTENT: '<script>' })).toThrow(/WECHAT_QR_VERIFY_CONTENT must be/);
    expect(() => loadConfig({ ...production, WECHAT_QR_VERIFY_FILE: 'Ab12.txt' })).toThrow(/set both/);
    expect(() => loadConfig({ ...valid, WECHAT_QR_VERIFY_CONTENT: 'abc' })).toThrow(/set both/);
  });

  it('production needs the key store, in a database other than the main one; elsewhere it sits beside the main one', () => {
    const production = { ...valid, ...ownSecrets, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://xuexi.example.cn' };
    expect(loadConfig(production).dataKeyStoreUrl).toBe('postgres://keys@keys.internal:5432/lifelong_keys');
    expect(() => loadConfig({ ...production, DATA_KEY_STORE_URL: '' })).toThrow(/DATA_KEY_STORE_URL: production keeps/);
    expect(() => loadConfig({ ...production, DATA_KEY_STORE_URL: production.DATABASE_URL })).toThrow(/DATA_KEY_STORE_URL: names the main database/);
    expect(new URL(loadConfig(valid).dataKeyStoreUrl).pathname).toBe(`${new URL(valid.DATABASE_URL).pathname}_keys`);
  });

  it('production refuses the demo switch and plain-http WeChat', () => {
    const production = { ...valid, ...ownSecrets, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://xuexi.example.cn' };
    expect(() => loadConfig({ ...production, DEMO_MODE: 'true' })).toThrow(/DEMO_MODE/);
    expect(() => loadConfig({ ...production, WECHAT_API_BASE: 'http://127.0.0.1:9' })).toThrow(/WECHAT_API_BASE/);
    expect(loadConfig(production).isProduction).toBe(true);
    const { TRANSCRIPT_PDF_CERT: _, ...withoutCertificate } = production;
    expect(() => loadConfig(withoutCertificate)).toThrow(/TRANSCRIPT_PDF_CERT: production signs transcript PDFs/);
  });

  it('production refuses secrets made of a pattern, naming each; development takes them', () => {
    const production = { ...valid, ...ownSecrets, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://xuexi.example.cn' };
    expect(() => loadConfig({ ...production, JWT_SECRET: valid.JWT_SECRET })).toThrow(/JWT_SECRET: not a random secret/);
    expect(() => loadConfig({ ...production, FIELD_ENCRYPTION_KEY: valid.FIELD_ENCRYPTION_KEY })).toThrow(/FIELD_ENCRYPTION_KEY/);
    expect(loadConfig(valid).JWT_SECRET).toBe(valid.JWT_SECRET);
  });

  it('arms a crash point only in tests: production and development refuse the switch, and an unknown point', () => {
    const production = { ...valid, ...ownSecrets, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://xuexi.example.cn' };
    expect(() => loadConfig({ ...production, TEST_CRASH_AT: 'attendance.stored' })).toThrow(/TEST_CRASH_AT/);
    expect(() => loadConfig({ ...valid, TEST_CRASH_AT: 'attendance.stored' })).toThrow(/TEST_CRASH_AT/);
    expect(() => loadConfig({ ...valid, NODE_ENV: 'test', TEST_CRASH_AT: 'attendance.everywhere' })).toThrow(/attendance\.everywhere/);
    expect(loadConfig({ ...valid, NODE_ENV: 'test', TEST_CRASH_AT: 'attendance.stored' }).testCrashPoints()).toEqual(['attendance.stored']);
    expect(loadConfig(production).testCrashPoints()).toEqual([]);
  });
});
