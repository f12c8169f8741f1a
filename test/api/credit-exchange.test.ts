import { CertificationError, CertificationView, Category, ConversionView, CreditError, IssuedConsent, LearningAccountView, PartnerCreditsView, PartnerError, PartnerOfferView, Role } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, Http, startApi, TestApi } from '../support/api';
import { balanceOf, creditWorld, expectLedgerSound, giveRecords } from '../support/credit';
import { newBoundResident, newStaff } from '../support/factories';
import { notAPdf, tinyPng } from '../support/files';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api.close());

const world = () => creditWorld(api);

const upload = (http: Http, body: Buffer, type: string) => http.send<{ id: string; sizeBytes: number }>('POST', '/api/uploads', body, { 'content-type': type });

describe('学分认定: evidence uploads, submission, review', () => {
  it('takes a real photo or PDF up to 5 MB, refuses other types, lies and oversize files, and lists nothing', async () => {
    const { as, tree } = await world();
    const ok = await upload(as, tinyPng(), 'image/png');
    expect(ok.status).toBe(201);
    expect(ok.body.sizeBytes).toBe(tinyPng().length);
    expect(expectApiError(await upload(as, notAPdf(), 'application/pdf'), 415).message).toMatch(/PDF/);
    expectApiError(await as.send('POST', '/api/uploads', '{"x":1}', { 'content-type': 'application/json' }), 415);
    expectApiError(await upload(as, Buffer.from('GIF89a'), 'image/gif'), 415);
    expectApiError(await upload(as, Buffer.concat([tinyPng(), Buffer.alloc(5 * 1024 * 1024)]), 'image/png'), 413);
    expect((await as.get('/api/uploads')).status).toBe(404);
    const other = await newBoundResident(api, tree.communityA2);
    expectApiError(await api.http.as(other.tokens.accessToken).get(`/api/uploads/${ok.body.id}`), 404);
    const mine = await as.send<string>('GET', `/api/uploads/${ok.body.id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('image/png');
  });

  it('an approved certificate adds the table’s credits; the same certificate number cannot be submitted twice', async () => {
    const { as, tree, resident } = await world();
    const evidence = (await upload(as, tinyPng(), 'image/png')).body.id;
    const number = `S-${Date.now()}-a`;
    const submitted = await as.post<CertificationView>('/api/me/certifications', { achievementCode: 'vocational_level_4', certificateNo: number, issuer: '省人力资源和社会保障厅', issuedOn: '2025-06-30', evidenceUploadId: evidence });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status: 'pending', creditsMilli: 0, achievement: { creditsMilli: 4000 } });
    // the same number written differently is the same certificate
    const again = await as.post('/api/me/certifications', { achievementCode: 'vocational_level_4', certificateNo: number.toLowerCase().replace(/-/g, ' '), issuer: '省人社厅', issuedOn: '2025-06-30', evidenceUploadId: evidence });
    expectApiError(again, 409, CertificationError.Duplicate);
    expectApiError(await as.post('/api/me/certifications', { achievementCode: 'vocational_level_4', certificateNo: 'X12345', issuer: '省人社厅', issuedOn: '2099-01-01', evidenceUploadId: evidence }), 400);

    const other = await newStaff(api, Role.Admin, { area: tree.streetB });
    expectApiError(await api.http.as(other.tokens.accessToken).post(`/api/certifications/${submitted.body.id}/approve`), 403);
    const reviewer = api.http.as((await newStaff(api, Role.Admin, { area: tree.communityA1 })).tokens.accessToken);
    const pending = await reviewer.get<CertificationView[]>('/api/certifications?status=pending');
    expect(pending.body.map((c) => c.id)).toContain(submitted.body.id);
    expect((await reviewer.send('GET', `/api/uploads/${evidence}`)).status).toBe(200);
    const approved = await reviewer.post<CertificationView>(`/api/certifications/${submitted.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', creditsMilli: 4000 });
    expectApiError(await reviewer.post(`/api/certifications/${submitted.body.id}/reject`, { reason: '重复' }), 409, CertificationError.Reviewed);
    expect(await balanceOf(api, resident.userId)).toBe(4000);
    const account = (await as.get<LearningAccountView>('/api/me/learning-account')).body;
    expect(account.certifications[0]).toMatchObject({ status: 'approved', creditsMilli: 4000 });
    expect(account.recent[0]).toMatchObject({ source: 'certification', creditsMilli: 4000, minutes: 0 });

    const second = await as.post<CertificationView>('/api/me/certifications', { achievementCode: 'award_city_first', certificateNo: `B${Date.now()}`, issuer: '市文广旅局', issuedOn: '2025-05-01', evidenceUploadId: evidence });
    const rejected = await reviewer.post<CertificationView>(`/api/certifications/${second.body.id}/reject`, { reason: '照片看不清证书编号' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '照片看不清证书编号' });
    expect(await balanceOf(api, resident.userId)).toBe(4000);
    await expectLedgerSound(api);
  });
});

describe('学分转换: credits into what a partner recognises', () => {
  async function partnerWithOffer(district: Http, creditsMilli: number, categories: Category[] = []) {
    const partner = await district.post<{ id: number }>('/api/partners', { name: `开放大学${randomUUID().slice(0, 8)}` });
    const offer = await district.post<PartnerOfferView>(`/api/partners/${partner.body.id}/offers`, { title: '《计算机应用基础》免修', description: '凭回执到开放大学教务处办理', creditsMilli, categories });
    expect(offer.status).toBe(201);
    return { partnerId: partner.body.id, offer: offer.body };
  }

  it('a conversion is a ledger transfer with a receipt; a retry returns the same receipt; credits cannot be spent twice', async () => {
    const { as, district, resident, tree } = await world();
    await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 1200 }, { residentId: resident.userId, category: Category.ArtsAndSports, minutes: 600 }]);
    expect(await balanceOf(api, resident.userId)).toBe(3000);
    const { offer } = await partnerWithOffer(district, 2500);
    const vocationalOnly = (await partnerWithOffer(district, 500, [Category.VocationalSkills])).offer;
    const listed = (await as.get<PartnerOfferView[]>('/api/partner-offers')).body;
    expect(listed.find((o) => o.id === offer.id)?.availableMilli).toBe(3000);
    expect(listed.find((o) => o.id === vocationalOnly.id)?.availableMilli).toBe(0);
    expectApiError(await as.post('/api/me/conversions', { offerId: vocationalOnly.id, requestKey: randomUUID() }), 409, CreditError.InsufficientCredits);

    const key = randomUUID();
    const first = await as.post<ConversionView>('/api/me/conversions', { offerId: offer.id, requestKey: key });
    expect(first.status).toBe(201);
    expect(first.body.receiptNo).toMatch(/^LP\d{8}[A-Z0-9]{8}$/);
    const retry = await as.post<ConversionView>('/api/me/conversions', { offerId: offer.id, requestKey: key });
    expect(retry.status).toBe(200);
    expect(retry.body.receiptNo).toBe(first.body.receiptNo);
    expect(await balanceOf(api, resident.userId)).toBe(500);
    expectApiError(await as.post('/api/me/conversions', { offerId: offer.id, requestKey: randomUUID() }), 409, CreditError.InsufficientCredits);

    // an admin of the resident's area undoes it: the credits come back
    const admin = api.http.as((await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken);
    const reversed = await admin.post<ConversionView>(`/api/conversions/${first.body.id}/reverse`, { reason: '开放大学未能办理' });
    expect(reversed.body.reversed).toBe(true);
    expect(await balanceOf(api, resident.userId)).toBe(3000);
    await expectLedgerSound(api);
  });

  it('ten conversions racing for the same credits: exactly one succeeds', async () => {
    const { as, district, resident } = await world();
    await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 1200 }]);
    const { offer } = await partnerWithOffer(district, 2000);
    const replies = await Promise.all(Array.from({ length: 10 }, () => as.post('/api/me/conversions', { offerId: offer.id, requestKey: randomUUID() })));
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(await balanceOf(api, resident.userId)).toBe(0);
    await expectLedgerSound(api);
  });
});

describe('the partner API: key, scope and the resident’s consent, every call logged', () => {
  it('refuses without key, with a bad or unscoped key, without, with a foreign, revoked or expired consent; answers otherwise', async () => {
    const { as, district, resident } = await world();
    await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 600 }]);
    const partner = (await district.post<{ id: number }>('/api/partners', { name: `合作企业${randomUUID().slice(0, 8)}` })).body;
    const otherPartner = (await district.post<{ id: number }>('/api/partners', { name: `外市平台${randomUUID().slice(0, 8)}` })).body;
    const key = (await district.post<{ key: string }>(`/api/partners/${partner.id}/keys`, { scopes: ['credits:read'] })).body.key;
    const exportOnly = (await district.post<{ key: string }>(`/api/partners/${partner.id}/keys`, { scopes: ['records:export'] })).body.key;
    const consent = (await as.post<IssuedConsent>('/api/me/consents', { partnerId: partner.id, scopes: ['credits:read'], days: 30 })).body;
    const foreign = (await as.post<IssuedConsent>('/api/me/consents', { partnerId: otherPartner.id, scopes: ['credits:read'], days: 30 })).body;
    expect(consent.token).toMatch(/^lpc_/);
    const call = (headers: Record<string, string>) => api.http.send<PartnerCreditsView>('GET', '/api/partner/v1/credits', undefined, headers);
    const [{ before }] = await api.db.query(`SELECT count(*)::int AS before FROM partner_api_call WHERE partner_id = $1 OR partner_id IS NULL`, [partner.id]);

    expectApiError(await call({}), 401, PartnerError.ApiKeyMissing);
    expectApiError(await call({ 'x-api-key': 'lpk_nothing' }), 401, PartnerError.ApiKeyMissing);
    expectApiError(await call({ 'x-api-key': key.slice(0, -2) + (key.endsWith('AA') ? 'BB' : 'AA'), 'x-consent-token': consent.token }), 401, PartnerError.ApiKeyInvalid);
    expectApiError(await call({ 'x-api-key': exportOnly, 'x-consent-token': consent.token }), 403, PartnerError.ScopeMissing);
    expectApiError(await call({ 'x-api-key': key }), 403, PartnerError.ConsentRequired);
    expectApiError(await call({ 'x-api-key': key, 'x-consent-token': foreign.token }), 403, PartnerError.ConsentInvalid);
    const ok = await call({ 'x-api-key': key, 'x-consent-token': consent.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ balanceMilli: 1000, totalMinutes: 600 });
    // a user's token opens nothing here
    expectApiError(await as.send('GET', '/api/partner/v1/credits'), 401);

    api.app.get(Clock).travelTo(new Date(Date.now() + 31 * 86400_000));
    expectApiError(await call({ 'x-api-key': key, 'x-consent-token': consent.token }), 403, PartnerError.ConsentExpired);
    api.app.get(Clock).reset();
    expect((await as.post(`/api/me/consents/${consent.consent.id}/revoke`)).status).toBe(200);
    expectApiError(await call({ 'x-api-key': key, 'x-consent-token': consent.token }), 403, PartnerError.ConsentRevoked);

    // records as xAPI need their own scope, on the key and in the consent
    const exporter = (await district.post<{ key: string }>(`/api/partners/${partner.id}/keys`, { scopes: ['records:export', 'transcripts:verify'] })).body.key;
    const exportConsent = (await as.post<IssuedConsent>('/api/me/consents', { partnerId: partner.id, scopes: ['records:export'], days: 7 })).body;
    const records = await api.http.send<{ statements: { verb: { id: string } }[] }>('GET', '/api/partner/v1/records', undefined, { 'x-api-key': exporter, 'x-consent-token': exportConsent.token });
    expect(records.status).toBe(200);
    expect(records.body.statements).toHaveLength(1);
    expectApiError(await api.http.send('GET', '/api/partner/v1/transcripts', undefined, { 'x-api-key': exporter, 'x-consent-token': exportConsent.token }), 403, PartnerError.ConsentScope);

    const logged = await api.db.query(`SELECT outcome FROM partner_api_call WHERE (partner_id = $1 OR partner_id IS NULL) ORDER BY id OFFSET $2`, [partner.id, before]);
    expect(logged.map((r: { outcome: string }) => r.outcome)).toEqual(
      expect.arrayContaining([PartnerError.ApiKeyMissing, PartnerError.ApiKeyInvalid, PartnerError.ScopeMissing, PartnerError.ConsentRequired, PartnerError.ConsentInvalid, 'ok', PartnerError.ConsentExpired, PartnerError.ConsentRevoked]),
    );
    expect(logged.length).toBeGreaterThanOrEqual(9);
  });
});
