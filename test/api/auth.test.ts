import { AuthError, CurrentUser, ErrorCode, Role, TokenPair } from '@lp/shared';
import { sign } from 'jsonwebtoken';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newAreaTree, newSchool, newStaff } from '../support/factories';
import { TEST_SECRETS } from '../support/test-env';

let api: TestApi;
beforeAll(async () => {
  // a short WeChat timeout, so the test of a silent WeChat is quick; the others keep the production default
  api = await startApi({ WECHAT_TIMEOUT_MS: '1500' });
});
afterAll(() => api.close());

describe('WeChat login through the jscode2session protocol', () => {
  it('a good code creates a resident once and logs the same person in again with a new code', async () => {
    const first = api.wechat.codeFor();
    const a = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: first.code });
    expect(a.status).toBe(200);
    expect(a.body.user).toMatchObject({ role: Role.Resident, profileBound: false, wechatLinked: true });

    const again = api.wechat.codeFor(first.openid);
    const b = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: again.code });
    expect(b.status).toBe(200);
    expect(b.body.user.id).toBe(a.body.user.id);
    const rows = await api.db.query('SELECT count(*)::int AS n FROM app_user WHERE wechat_openid = $1', [first.openid]);
    expect(rows[0].n).toBe(1);
    // the server sent our configured app id and secret, and WeChat's grant type
    const sent = api.wechat.requests.at(-1)!;
    expect(sent.searchParams.get('appid')).toBe(TEST_SECRETS.WECHAT_APP_ID);
    expect(sent.searchParams.get('grant_type')).toBe('authorization_code');
  });

  it('an unknown code and a code used twice are refused with 401 and create no account', async () => {
    expectApiError(await api.http.post('/api/auth/wechat/login', { code: 'not-a-real-code' }), 401, AuthError.WechatCodeInvalid);
    const { code, openid } = api.wechat.codeFor();
    expect((await api.http.post('/api/auth/wechat/login', { code })).status).toBe(200);
    expectApiError(await api.http.post('/api/auth/wechat/login', { code }), 401, AuthError.WechatCodeInvalid);
    const rows = await api.db.query('SELECT count(*)::int AS n FROM app_user WHERE wechat_openid = $1', [openid]);
    expect(rows[0].n).toBe(1);
  });

  it('WeChat errors become 429 (throttled) or 503 (busy), never 500', async () => {
    expectApiError(await api.http.post('/api/auth/wechat/login', { code: api.wechat.failingCode(45011, 'api minute-quota reach limit') }), 429);
    expectApiError(await api.http.post('/api/auth/wechat/login', { code: api.wechat.failingCode(-1, 'system error') }), 503, AuthError.WechatUnavailable);
  });

  it('WeChat answering HTTP errors or not answering at all gives 503 within the configured timeout', async () => {
    try {
      api.wechat.mode = 'http-error';
      expectApiError(await api.http.post('/api/auth/wechat/login', { code: api.wechat.codeFor().code }), 503, AuthError.WechatUnavailable);
      api.wechat.mode = 'hang';
      const started = Date.now();
      expectApiError(await api.http.post('/api/auth/wechat/login', { code: api.wechat.codeFor().code }), 503, AuthError.WechatUnavailable);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      api.wechat.mode = 'normal';
    }
  });

  it('a missing or malformed code is a 400 in Chinese and never reaches WeChat', async () => {
    const calls = api.wechat.requests.length;
    expectApiError(await api.http.post('/api/auth/wechat/login', {}), 400, ErrorCode.ValidationFailed);
    expectApiError(await api.http.post('/api/auth/wechat/login', { code: 12345 }), 400, ErrorCode.ValidationFailed);
    expectApiError(await api.http.post('/api/auth/wechat/login', { code: 'x', extra: true }), 400, ErrorCode.ValidationFailed);
    expect(api.wechat.requests.length).toBe(calls);
  });
});

describe('access and refresh tokens', () => {
  it('refresh rotates: the new pair works, the old refresh token is spent', async () => {
    const login = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: api.wechat.codeFor().code });
    const rotated = await api.http.post<TokenPair>('/api/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(login.body.refreshToken);
    const me = await api.http.as(rotated.body.accessToken).get<CurrentUser>('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(login.body.user.id);
  });

  it('reusing a spent refresh token revokes the whole family, including the newest token', async () => {
    const login = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: api.wechat.codeFor().code });
    const rotated = await api.http.post<TokenPair>('/api/auth/refresh', { refreshToken: login.body.refreshToken });
    expectApiError(await api.http.post('/api/auth/refresh', { refreshToken: login.body.refreshToken }), 401, AuthError.RefreshTokenReused);
    expectApiError(await api.http.post('/api/auth/refresh', { refreshToken: rotated.body.refreshToken }), 401, AuthError.RefreshTokenInvalid);
  });

  it('an expired refresh token is refused', async () => {
    const login = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: api.wechat.codeFor().code });
    await api.db.query(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [login.body.user.id]);
    expectApiError(await api.http.post('/api/auth/refresh', { refreshToken: login.body.refreshToken }), 401, AuthError.RefreshTokenInvalid);
  });

  it('logout revokes the refresh token', async () => {
    const login = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: api.wechat.codeFor().code });
    expect((await api.http.post('/api/auth/logout', { refreshToken: login.body.refreshToken })).status).toBe(204);
    expectApiError(await api.http.post('/api/auth/refresh', { refreshToken: login.body.refreshToken }), 401, AuthError.RefreshTokenInvalid);
  });

  it('an expired access token answers token_expired, a forged or unsigned one is refused', async () => {
    const login = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: api.wechat.codeFor().code });
    const claims = { sub: login.body.user.id, role: 'resident', sch: null, area: null };
    const expired = sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS256' });
    expectApiError(await api.http.as(expired).get('/api/me'), 401, AuthError.TokenExpired);

    const forged = sign({ ...claims, role: 'super_admin' }, 'another-deployment-secret-0123456789abcdef', { algorithm: 'HS256' });
    expectApiError(await api.http.as(forged).get('/api/me'), 401, ErrorCode.Unauthenticated);

    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ ...claims, role: 'super_admin' })).toString('base64url');
    expectApiError(await api.http.as(`${header}.${body}.`).get('/api/me'), 401, ErrorCode.Unauthenticated);

    const hs512 = sign(claims, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS512' });
    expectApiError(await api.http.as(hs512).get('/api/me'), 401, ErrorCode.Unauthenticated);

    expectApiError(await api.http.get('/api/me'), 401, ErrorCode.Unauthenticated);
  });
});

describe('password login for teachers and administrators', () => {
  it('right password logs in with role and school; wrong password and unknown user look the same', async () => {
    const tree = await newAreaTree(api);
    const school = await newSchool(api, tree.streetA);
    const teacher = await newStaff(api, Role.Teacher, { school });
    expect(teacher.tokens.user).toMatchObject({ role: Role.Teacher, school: { id: school.id, name: school.name } });

    const wrong = expectApiError(await api.http.post('/api/auth/password/login', { username: teacher.username, password: 'wrong-password' }), 401, AuthError.BadCredentials);
    const unknown = expectApiError(await api.http.post('/api/auth/password/login', { username: 'nobody_here', password: 'whatever' }), 401, AuthError.BadCredentials);
    expect(wrong.message).toBe(unknown.message);
  });

  it('a teacher links WeChat and then logs in from the mini program as the same teacher', async () => {
    const tree = await newAreaTree(api);
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityA1) });
    const link = api.wechat.codeFor();
    const linked = await api.http.as(teacher.tokens.accessToken).post<CurrentUser>('/api/auth/wechat/link', { code: link.code });
    expect(linked.status).toBe(200);
    expect(linked.body.wechatLinked).toBe(true);

    const viaWechat = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: api.wechat.codeFor(link.openid).code });
    expect(viaWechat.body.user).toMatchObject({ id: teacher.user.id, role: Role.Teacher });
  });

  it('a WeChat account already used by a resident cannot be linked to a teacher', async () => {
    const tree = await newAreaTree(api);
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityA1) });
    const resident = api.wechat.codeFor();
    await api.http.post('/api/auth/wechat/login', { code: resident.code });
    const res = await api.http.as(teacher.tokens.accessToken).post('/api/auth/wechat/link', { code: api.wechat.codeFor(resident.openid).code });
    expectApiError(res, 409, ErrorCode.Conflict);
  });
});
