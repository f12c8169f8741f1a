import { loadConfig } from '../config/app-config';
import { AdmittedAttempt, LoginAttempts, RefusedAttempt } from './login-attempts';

/** Without REDIS_URL the counts live in this process: the same rules, no Redis. */
const attempts = () =>
  new LoginAttempts(
    loadConfig({
      DATABASE_URL: 'postgres://x@localhost/x',
      JWT_SECRET: 'a'.repeat(40),
      FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      LOOKUP_HASH_KEY: 'l'.repeat(40),
      CHECKIN_SIGNING_KEY: 'k'.repeat(40),
      TRANSCRIPT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIAMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMD',
      WECHAT_APP_ID: 'wx',
      WECHAT_APP_SECRET: 's',
      LOGIN_THROTTLE_LIMIT: '50',
    }),
    null,
  );

/** Tries and fails, as a wrong password does; returns what admission said. */
async function fail(limits: LoginAttempts, username: string, address: string): Promise<AdmittedAttempt | RefusedAttempt> {
  const attempt = await limits.admit(username, address);
  if (attempt.admitted) await limits.failed(attempt);
  return attempt;
}

describe('LoginAttempts in one process', () => {
  it('lets 5 failures of a username from an address through, then makes the next wait 1 s', async () => {
    const limits = attempts();
    for (let i = 0; i < 5; i++) expect((await fail(limits, 'admin', '203.0.113.1')).admitted).toBe(true);
    const refused = await fail(limits, 'admin', '203.0.113.1');
    expect(refused).toMatchObject({ admitted: false, limit: 'account', retryAfterSeconds: 1, audit: true });
    // the same username typed otherwise is the same username; the refusal is audited once a minute
    expect(await fail(limits, ' ADMIN ', '203.0.113.1')).toMatchObject({ admitted: false, limit: 'account', audit: false });
    // another address is not affected
    expect((await fail(limits, 'admin', '203.0.113.2')).admitted).toBe(true);
  });

  it('lets no more than 5 of a burst sent at once through', async () => {
    const limits = attempts();
    const burst = await Promise.all(Array.from({ length: 30 }, () => limits.admit('admin', '203.0.113.3')));
    expect(burst.filter((a) => a.admitted)).toHaveLength(5);
  });

  it('forgets the failures of an address once the right password is given there', async () => {
    const limits = attempts();
    for (let i = 0; i < 4; i++) await fail(limits, 'teacher', '203.0.113.4');
    const right = await limits.admit('teacher', '203.0.113.4');
    if (!right.admitted) throw new Error('the 5th attempt should be let through');
    await limits.succeeded(right);
    for (let i = 0; i < 5; i++) expect((await fail(limits, 'teacher', '203.0.113.4')).admitted).toBe(true);
  });

  it('under attack from many addresses, a new address gets one guess, a known one keeps its five', async () => {
    const limits = attempts();
    const home = await limits.admit('admin', '203.0.113.10');
    if (!home.admitted) throw new Error('first attempt refused');
    await limits.succeeded(home);
    for (let a = 20; a < 23; a++) for (let i = 0; i < 5; i++) await fail(limits, 'admin', `203.0.113.${a}`);

    expect((await fail(limits, 'admin', '203.0.113.30')).admitted).toBe(true);
    const held = await fail(limits, 'admin', '203.0.113.30');
    expect(held).toMatchObject({ admitted: false, limit: 'account' });
    expect((held as RefusedAttempt).retryAfterSeconds).toBeGreaterThanOrEqual(60);
    for (let i = 0; i < 5; i++) expect((await fail(limits, 'admin', '203.0.113.10')).admitted).toBe(true);
  });

  it('limits attempts per address over all usernames', async () => {
    const limits = attempts();
    for (let i = 0; i < 50; i++) expect((await limits.admit(`user${i}`, '203.0.113.40')).admitted).toBe(true);
    expect(await limits.admit('another', '203.0.113.40')).toMatchObject({ admitted: false, limit: 'address' });
  });
});
