import { IssuedConsent, PartnerError, PartnerKeyIssued, PartnerKeyRotated, PartnerKeyView, PartnerOfferAdminView, Role } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, Http, startApi, TestApi } from '../support/api';
import { creditWorld } from '../support/credit';
import { newStaff } from '../support/factories';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api.close());

/** A partner of a fresh district, one credits:read key, and a resident's consent to call with. */
async function partnerWithKey() {
  const world = await creditWorld(api);
  const partner = (await world.district.post<{ id: number }>('/api/partners', { name: `换钥机构${randomUUID().slice(0, 8)}` })).body;
  const issued = (await world.district.post<PartnerKeyIssued>(`/api/partners/${partner.id}/keys`, { scopes: ['credits:read'] })).body;
  const consent = (await world.as.post<IssuedConsent>('/api/me/consents', { partnerId: partner.id, scopes: ['credits:read'], days: 30 })).body;
  const call = (key: string) => api.http.send('GET', '/api/partner/v1/credits', undefined, { 'x-api-key': key, 'x-consent-token': consent.token });
  return { ...world, partner, issued, call };
}

const keyRows = async (partnerId: number) => (await api.db.query(`SELECT count(*)::int AS n FROM partner_api_key WHERE partner_id = $1`, [partnerId]))[0].n as number;

describe('partner API keys: list, rotate, revoke', () => {
  it('a revoked key is refused at the next call; revoking twice is refused; the list shows the prefix, never the key', async () => {
    const { district, partner, issued, call } = await partnerWithKey();
    expect((await call(issued.key)).status).toBe(200);
    const revoked = await district.post<PartnerKeyView>(`/api/partners/${partner.id}/keys/${issued.id}/revoke`, { reason: '合作结束' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: issued.id, active: false });
    expectApiError(await call(issued.key), 401, PartnerError.ApiKeyInvalid);
    expectApiError(await district.post(`/api/partners/${partner.id}/keys/${issued.id}/revoke`, { reason: '再停一次' }), 409, PartnerError.ApiKeyEnded);
    const list = await district.get<PartnerKeyView[]>(`/api/partners/${partner.id}/keys`);
    expect(list.body).toEqual([expect.objectContaining({ id: issued.id, active: false, scopes: ['credits:read'] })]);
    expect(JSON.stringify(list.body)).not.toContain(issued.key);
    expect(issued.key).toContain(list.body[0].prefix);
    const [audit] = await api.db.query(`SELECT details FROM audit_event WHERE action = 'partner.key.revoke' AND target_id = $1`, [String(partner.id)]);
    expect(audit.details).toMatchObject({ reason: '合作结束', prefix: list.body[0].prefix });
  });

  it('a rotated key keeps working through the chosen overlap and is refused after it; the new key works at once', async () => {
    const { district, partner, issued, call } = await partnerWithKey();
    const rotated = await district.post<PartnerKeyRotated>(`/api/partners/${partner.id}/keys/${issued.id}/rotate`, { overlapHours: 24 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.issued.scopes).toEqual(['credits:read']);
    expect(rotated.body.previous).toMatchObject({ id: issued.id, active: true });
    const endsAt = new Date(rotated.body.previous.endsAt!).getTime();
    expect(endsAt - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect((await call(issued.key)).status).toBe(200);
    expect((await call(rotated.body.issued.key)).status).toBe(200);
    // a key already rotated is not rotated again
    expectApiError(await district.post(`/api/partners/${partner.id}/keys/${issued.id}/rotate`, { overlapHours: 1 }), 409, PartnerError.ApiKeyEnded);

    api.app.get(Clock).travelTo(new Date(endsAt + 60_000));
    expectApiError(await call(issued.key), 401, PartnerError.ApiKeyInvalid);
    expect((await call(rotated.body.issued.key)).status).toBe(200);
  });

  it('rotating with no overlap ends the old key at once; revoking a key in its overlap ends it at once', async () => {
    const { district, partner, issued, call } = await partnerWithKey();
    const now = (await district.post<PartnerKeyRotated>(`/api/partners/${partner.id}/keys/${issued.id}/rotate`, { overlapHours: 0 })).body;
    expectApiError(await call(issued.key), 401, PartnerError.ApiKeyInvalid);
    const later = (await district.post<PartnerKeyRotated>(`/api/partners/${partner.id}/keys/${now.issued.id}/rotate`, { overlapHours: 168 })).body;
    expect((await call(now.issued.key)).status).toBe(200);
    expect((await district.post(`/api/partners/${partner.id}/keys/${now.issued.id}/revoke`, { reason: '旧密钥泄露' })).status).toBe(200);
    expectApiError(await call(now.issued.key), 401, PartnerError.ApiKeyInvalid);
    expect((await call(later.issued.key)).status).toBe(200);
  });

  it('refuses bad input in Chinese and writes nothing', async () => {
    const { district, partner, issued, call } = await partnerWithKey();
    const before = await keyRows(partner.id);
    for (const overlapHours of [-1, 169, 1.5, '24', null]) {
      const refused = expectApiError(await district.post(`/api/partners/${partner.id}/keys/${issued.id}/rotate`, { overlapHours }), 400);
      expect(refused.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expectApiError(await district.post(`/api/partners/${partner.id}/keys/${issued.id}/rotate`, { overlapHours: 1, extra: 1 }), 400);
    for (const reason of ['', '停', '<b>停用</b>', 'x'.repeat(201)]) {
      expect(expectApiError(await district.post(`/api/partners/${partner.id}/keys/${issued.id}/revoke`, { reason }), 400).message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expectApiError(await district.post(`/api/partners/${partner.id}/keys/abc/revoke`, { reason: '合作结束' }), 400);
    expectApiError(await district.post(`/api/partners/${partner.id}/keys/999999999/revoke`, { reason: '合作结束' }), 404);
    expect(await keyRows(partner.id)).toBe(before);
    expect((await call(issued.key)).status).toBe(200);
  });

  it('only the district’s own admins manage its partners’ keys and offers; another district sees no such partner', async () => {
    const { district, partner, issued, tree, call } = await partnerWithKey();
    const street = api.http.as((await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken);
    const elsewhere = await creditWorld(api);
    const attempts: [string, object][] = [
      [`/api/partners/${partner.id}/keys/${issued.id}/revoke`, { reason: '越权尝试' }],
      [`/api/partners/${partner.id}/keys/${issued.id}/rotate`, { overlapHours: 0 }],
    ];
    for (const [path, input] of attempts) {
      expectApiError(await street.post(path, input), 403);
      expectApiError(await elsewhere.district.post(path, input), 404);
    }
    expectApiError(await street.get(`/api/partners/${partner.id}/keys`), 403);
    expectApiError(await elsewhere.district.get(`/api/partners/${partner.id}/offers`), 404);
    const resident = new Http(api.http.baseUrl, (await creditWorld(api)).resident.tokens.accessToken);
    expectApiError(await resident.get(`/api/partners/${partner.id}/keys`), 403);
    expect((await call(issued.key)).status).toBe(200);
    expect((await district.get<PartnerKeyView[]>(`/api/partners/${partner.id}/keys`)).body[0].active).toBe(true);
  });

  it('a closed offer lists as closed, is gone from residents’ offers, and cannot be closed twice', async () => {
    const { district, partner, as } = await partnerWithKey();
    const offer = (await district.post<{ id: number }>(`/api/partners/${partner.id}/offers`, { title: '旧课程免修', description: '', creditsMilli: 1000, categories: [] })).body;
    const closed = await district.post<PartnerOfferAdminView>(`/api/partners/${partner.id}/offers/${offer.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: offer.id, active: false });
    expectApiError(await district.post(`/api/partners/${partner.id}/offers/${offer.id}/close`), 409, PartnerError.OfferClosed);
    expect((await district.get<PartnerOfferAdminView[]>(`/api/partners/${partner.id}/offers`)).body).toEqual([expect.objectContaining({ id: offer.id, active: false })]);
    expect((await as.get<{ id: number }[]>('/api/partner-offers')).body.map((o) => o.id)).not.toContain(offer.id);
    expectApiError(await as.post('/api/me/conversions', { offerId: offer.id, requestKey: `closed-${Date.now()}` }), 404);
  });
});
