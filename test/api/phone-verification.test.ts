import { AuthError, maskName, NotificationView, ProfileError, ResidentProfile } from '@lp/shared';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newPublisher, newVenue, Publisher } from '../support/catalogue';
import { activityWithSession, atSession, proxyCheckIn } from '../support/checkin';
import { Clock } from '@lp/server/dist/common/clock';
import { idNumberFor, newAreaTree, newBoundResident, newResident, newSchool, uniquePhone } from '../support/factories';

/**
 * 手机号快速验证 against the local WeChat protocol server: the code from getPhoneNumber is
 * exchanged for the number with the access token from `stable_token`, and a number WeChat
 * verified wins over one an account only typed.
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let who: Publisher;
beforeAll(async () => {
  api = await startApi({ WECHAT_TIMEOUT_MS: '1500' });
  tree = await newAreaTree(api);
  who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
});
afterEach(() => {
  api.wechat.mode = 'normal';
  api.app.get(Clock).reset();
});
afterAll(() => api.close());

const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

function binding(communityId: number, phone: { phone: string } | { phoneCode: string }, realName = '王秀英') {
  const birthDate = '1957-09-03';
  return { realName, ...phone, idNumber: idNumberFor(birthDate), birthDate, communityId, groups: [] };
}

const verify = (token: string, code: string) => api.http.as(token).post<ResidentProfile>('/api/me/phone/verification', { code });
const profileOf = async (token: string) => (await api.http.as(token).get<ResidentProfile>('/api/me/profile')).body;
const verifiedAt = async (userId: string) =>
  (await api.db.query('SELECT phone_verified_at FROM resident_profile WHERE user_id = $1', [userId]))[0].phone_verified_at as Date | null;

describe('手机号快速验证', () => {
  it('binding with a good code stores the number WeChat gives, verified and encrypted', async () => {
    const phone = uniquePhone();
    const r = await newResident(api);
    const res = await api.http.as(r.tokens.accessToken).put<ResidentProfile>('/api/me/profile', binding(tree.communityA1.id, { phoneCode: api.wechat.phoneCodeFor(phone) }));
    console.log(`bind with a phone code: ${res.status} ${res.body.phoneMasked} verified=${res.body.phoneVerified}`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ phoneMasked: masked(phone), phoneVerified: true });
    const [row] = await api.db.query('SELECT * FROM resident_profile WHERE user_id = $1', [r.tokens.user.id]);
    expect(row.phone_verified_at).toBeInstanceOf(Date);
    expect(JSON.stringify(row)).not.toContain(phone);
  });

  it('a bound resident verifies: the typed number is replaced by WeChat’s, and a typed binding is not verified', async () => {
    const r = await newBoundResident(api, tree.communityA1);
    expect((await profileOf(r.tokens.accessToken)).phoneVerified).toBe(false);
    expect(await verifiedAt(r.userId)).toBeNull();
    const wechatPhone = uniquePhone();
    const res = await verify(r.tokens.accessToken, api.wechat.phoneCodeFor(wechatPhone));
    console.log(`verify a bound resident: ${res.status} ${res.body.phoneMasked}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ phoneMasked: masked(wechatPhone), phoneVerified: true });
    expect(await verifiedAt(r.userId)).toBeInstanceOf(Date);
  });

  it('a bad, forged or used code is a Chinese 400 and changes nothing', async () => {
    const r = await newBoundResident(api, tree.communityA1);
    const forged = expectApiError(await verify(r.tokens.accessToken, 'not-a-code-wechat-gave'), 400, ProfileError.PhoneCodeInvalid);
    expect(forged.message).toMatch(/手机号快速验证/);
    const code = api.wechat.phoneCodeFor(uniquePhone());
    expect((await verify(r.tokens.accessToken, code)).status).toBe(200);
    expectApiError(await verify(r.tokens.accessToken, code), 400, ProfileError.PhoneCodeInvalid); // each code works once
    expectApiError(await verify(r.tokens.accessToken, 'bad code!'), 400); // not even sent to WeChat
    const fresh = await newResident(api);
    const refused = await api.http.as(fresh.tokens.accessToken).put('/api/me/profile', binding(tree.communityA1.id, { phoneCode: 'expired0code' }));
    expectApiError(refused, 400, ProfileError.PhoneCodeInvalid);
    expect((await api.db.query('SELECT count(*)::int AS n FROM resident_profile WHERE user_id = $1', [fresh.tokens.user.id]))[0].n).toBe(0);
  });

  it('an expired (42001) or revoked (40001) access token is force-refreshed once and the exchange retried once', async () => {
    const r = await newBoundResident(api, tree.communityA1);
    expect((await verify(r.tokens.accessToken, api.wechat.phoneCodeFor(uniquePhone()))).status).toBe(200); // a token is cached now
    for (const spoil of ['expire', 'revoke'] as const) {
      if (spoil === 'expire') api.wechat.expireTokens();
      else api.wechat.revokeTokens();
      const [tokensBefore, phonesBefore] = [api.wechat.tokenForceRefresh.length, api.wechat.phoneRequests];
      const res = await verify(r.tokens.accessToken, api.wechat.phoneCodeFor(uniquePhone()));
      const asked = api.wechat.tokenForceRefresh.slice(tokensBefore);
      console.log(`${spoil}d token: ${res.status}, stable_token force_refresh=${JSON.stringify(asked)}, exchanges=${api.wechat.phoneRequests - phonesBefore}`);
      expect(res.status).toBe(200);
      expect(asked).toEqual([true]);
      expect(api.wechat.phoneRequests - phonesBefore).toBe(2);
    }
    // the refreshed token is the one cached: the next exchange asks for none
    const before = api.wechat.tokenRequests;
    expect((await verify(r.tokens.accessToken, api.wechat.phoneCodeFor(uniquePhone()))).status).toBe(200);
    expect(api.wechat.tokenRequests).toBe(before);
  });

  it('a token WeChat keeps refusing is refreshed only once: the resident gets a Chinese 503', async () => {
    const r = await newBoundResident(api, tree.communityA1);
    api.wechat.refuseEveryToken = true;
    try {
      const [tokensBefore, phonesBefore] = [api.wechat.tokenRequests, api.wechat.phoneRequests];
      const res = await verify(r.tokens.accessToken, api.wechat.phoneCodeFor(uniquePhone()));
      console.log(`every token refused: ${res.status}, token requests=${api.wechat.tokenRequests - tokensBefore}, exchanges=${api.wechat.phoneRequests - phonesBefore}`);
      expect(expectApiError(res, 503, AuthError.WechatUnavailable).message).toMatch(/微信/);
      expect(api.wechat.phoneRequests - phonesBefore).toBe(2);
      expect(api.wechat.tokenRequests - tokensBefore).toBe(1);
    } finally {
      api.wechat.refuseEveryToken = false;
    }
  });

  it('WeChat down or silent: a Chinese 503 with an error code, and nothing changes', async () => {
    const r = await newBoundResident(api, tree.communityA1);
    for (const mode of ['http-error', 'hang'] as const) {
      api.wechat.mode = mode;
      const started = Date.now();
      const res = await verify(r.tokens.accessToken, api.wechat.phoneCodeFor(uniquePhone()));
      console.log(`WeChat ${mode}: ${res.status} ${JSON.stringify(res.body)} after ${Date.now() - started} ms`);
      const error = expectApiError(res, 503, AuthError.WechatUnavailable);
      expect(error.message).toMatch(/^微信服务暂时/);
      api.wechat.mode = 'normal';
    }
    expect((await profileOf(r.tokens.accessToken)).phoneVerified).toBe(false);
  });

  it('one account gets 5 exchanges an hour, sent at once or one by one; the 6th is a Chinese 429 that never reaches WeChat', async () => {
    const r = await newBoundResident(api, tree.communityA1);
    const other = await newBoundResident(api, tree.communityA1);
    const phonesBefore = api.wechat.phoneRequests;
    // bad codes count as much as good ones: each is a call WeChat may bill
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => verify(r.tokens.accessToken, i % 2 ? `forged-${i}-code` : api.wechat.phoneCodeFor(uniquePhone()))));
    const statuses = answers.map((a) => a.status).sort();
    console.log(`8 exchanges at once by one account: ${statuses.join(' ')}; sent to WeChat ${api.wechat.phoneRequests - phonesBefore}`);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(3);
    for (const refused of answers.filter((a) => a.status === 429)) expect(expectApiError(refused, 429, ProfileError.PhoneChecksExhausted).message).toMatch(/手机号验证次数太多/);
    expect(api.wechat.phoneRequests - phonesBefore).toBe(5);
    expect(Number(answers.find((a) => a.status === 429)!.headers.get('retry-after'))).toBeGreaterThan(0);
    // another resident is not held up by it
    expect((await verify(other.tokens.accessToken, api.wechat.phoneCodeFor(uniquePhone()))).status).toBe(200);
  });
});

describe('a number verified through WeChat wins', () => {
  it('moves from the account that only typed it, which is told; typed bindings of it are refused after', async () => {
    const phone = uniquePhone();
    const typist = await newResident(api);
    expect((await api.http.as(typist.tokens.accessToken).put('/api/me/profile', binding(tree.communityA1.id, { phone }, '李红'))).status).toBe(201);
    // before anyone verified it: taken, and the refusal says how the owner gets it back
    const second = await newResident(api);
    const taken = expectApiError(await api.http.as(second.tokens.accessToken).put('/api/me/profile', binding(tree.communityA1.id, { phone })), 409, ProfileError.PhoneTaken);
    expect(taken.message).toMatch(/手机号快速验证/);

    const owner = await newResident(api);
    const bound = await api.http.as(owner.tokens.accessToken).put<ResidentProfile>('/api/me/profile', binding(tree.communityA2.id, { phoneCode: api.wechat.phoneCodeFor(phone) }));
    console.log(`owner binds the verified number: ${bound.status} ${JSON.stringify(bound.body.phoneMasked)}`);
    expect(bound.status).toBe(201);
    expect(bound.body).toMatchObject({ phoneMasked: masked(phone), phoneVerified: true });

    const lost = await profileOf(typist.tokens.accessToken);
    const told = (await api.http.as(typist.tokens.accessToken).get<NotificationView[]>('/api/me/notifications')).body;
    console.log(`the typist now: phone ${JSON.stringify(lost.phoneMasked)}, notifications ${JSON.stringify(told.map((n) => n.title))}`);
    expect(lost).toMatchObject({ phoneMasked: null, phoneVerified: false });
    expect(told).toHaveLength(1);
    expect(told[0].title).toMatch(/手机号/);
    expect(told[0].body).not.toContain(phone);
    const audit = await api.db.query(`SELECT actor_id, target_id FROM audit_event WHERE action = 'profile.phone_moved' AND target_id = $1`, [typist.tokens.user.id]);
    expect(audit).toEqual([{ actor_id: owner.tokens.user.id, target_id: typist.tokens.user.id }]);

    const third = await newResident(api);
    const refused = expectApiError(await api.http.as(third.tokens.accessToken).put('/api/me/profile', binding(tree.communityA1.id, { phone })), 409, ProfileError.PhoneVerifiedElsewhere);
    expect(refused.message).toMatch(/验证/);
  });

  it('proxy check-in by phone finds the resident who verified the number, not the one who typed it first', async () => {
    const phone = uniquePhone();
    const { offering, session } = await activityWithSession(api, who, null, { allowWalkIn: true });
    const typist = await newResident(api);
    expect((await api.http.as(typist.tokens.accessToken).put('/api/me/profile', binding(tree.communityA1.id, { phone }, '赵大明'))).status).toBe(201);
    atSession(api, offering, 2);
    const before = await api.http.as(who.teacher.tokens.accessToken).post<{ residentNameMasked: string }>(`/api/teacher/sessions/${session.id}/proxy-lookups`, { phone });
    expect(before.body.residentNameMasked).toBe(maskName('赵大明'));

    const owner = await newBoundResident(api, tree.communityA2, { realName: '钱秀兰' });
    expect((await verify(owner.tokens.accessToken, api.wechat.phoneCodeFor(phone))).status).toBe(200);
    const { lookup, saved } = await proxyCheckIn(api, who.teacher.tokens.accessToken, session.id, { phone });
    console.log(`proxy lookup after verification: ${lookup.status} ${lookup.body.residentNameMasked} ${lookup.body.phoneMasked}`);
    expect(lookup.body).toMatchObject({ residentNameMasked: maskName('钱秀兰'), phoneMasked: masked(phone) });
    expect(saved?.status).toBe(201);
    const rows = await api.db.query('SELECT resident_id FROM attendance WHERE session_id = $1', [session.id]);
    expect(rows).toEqual([{ resident_id: owner.userId }]);
  });
});
