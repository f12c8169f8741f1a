import { AdminTranscriptView, Category, ConversionView, ErrorCode, PartnerError, Page, ResidentConversionPage, Role, TranscriptError, TranscriptStatus, TranscriptSummary } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { expectApiError, startApi, TestApi } from '../support/api';
import { balanceOf, creditWorld, expectLedgerSound, giveRecords } from '../support/credit';
import { newBoundResident, newStaff } from '../support/factories';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

async function count(sql: string, params: unknown[]): Promise<number> {
  const [row] = (await api.db.query(sql, params)) as { n: number }[];
  return row.n;
}

describe('admins find a resident\'s transcripts and revoke one', () => {
  it('by resident and by number, scoped to the area; revoked with a reason it shows revoked everywhere', async () => {
    const { tree, resident, as } = await creditWorld(api);
    await giveRecords(api, [{ residentId: resident.userId, minutes: 600 }]);
    const issued = await as.post<TranscriptSummary>('/api/me/transcripts');
    expect(issued.status).toBe(201);
    const id = issued.body.id;
    const street = api.http.as((await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken);
    const other = api.http.as((await newStaff(api, Role.Admin, { area: tree.streetB })).tokens.accessToken);

    const listed = await street.get<Page<AdminTranscriptView>>(`/api/admin/transcripts?residentId=${resident.userId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id, residentId: resident.userId, state: 'genuine', stateLabel: '真实有效', revokedAt: null, community: tree.communityA1.name })]);
    expect(listed.body.items[0].holderName).toContain('*');
    const found = await street.get<AdminTranscriptView>(`/api/admin/transcripts/${id}`);
    expect(found.body).toMatchObject({ id, state: 'genuine', verifyUrl: issued.body.verifyUrl });

    // another street's admin sees nothing of it and cannot revoke it
    expectApiError(await other.get(`/api/admin/transcripts?residentId=${resident.userId}`), 403);
    expectApiError(await other.get(`/api/admin/transcripts/${id}`), 403);
    expectApiError(await other.post(`/api/transcripts/${id}/revoke`, { reason: '信息有误' }), 403);
    // bad input is refused in Chinese
    expectApiError(await street.get('/api/admin/transcripts?residentId=abc'), 400, ErrorCode.ValidationFailed);
    expectApiError(await street.get('/api/admin/transcripts'), 400, ErrorCode.ValidationFailed);
    expectApiError(await street.get(`/api/admin/transcripts?residentId=${resident.userId}&cursor=bm90LWEtY3Vyc29y`), 400);
    expectApiError(await street.get(`/api/admin/transcripts/${randomUUID()}`), 404, TranscriptError.NotFound);
    expectApiError(await street.post(`/api/transcripts/${id}/revoke`, { reason: ' ' }), 400, ErrorCode.ValidationFailed);
    expectApiError(await street.post(`/api/transcripts/${id}/revoke`, {}), 400, ErrorCode.ValidationFailed);
    expect(await count(`SELECT count(*)::int AS n FROM transcript WHERE id = $1 AND revoked_at IS NOT NULL`, [id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'transcript.revoke' AND target_id = $1`, [id])).toBe(0);

    const revoked = await street.post<TranscriptSummary>(`/api/transcripts/${id}/revoke`, { reason: '姓名登记有误' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id, revokeReason: '姓名登记有误', revokedAt: expect.any(String) });
    expect((await street.get<AdminTranscriptView>(`/api/admin/transcripts/${id}`)).body).toMatchObject({ state: 'revoked', stateLabel: '已撤销', revokeReason: '姓名登记有误' });
    expect((await api.http.get<TranscriptStatus>(`/api/transcripts/${id}/status`)).body).toMatchObject({ state: 'revoked', stateLabel: '已撤销' });
    expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'transcript.revoke' AND target_id = $1`, [id])).toBe(1);
  });

  it('pages a resident\'s transcripts newest first', async () => {
    const { tree, resident, as } = await creditWorld(api);
    const admin = api.http.as((await newStaff(api, Role.Admin, { area: tree.communityA1 })).tokens.accessToken);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      // each new record makes the next transcript differ, so a new one is issued
      await giveRecords(api, [{ residentId: resident.userId, minutes: 60 + i }]);
      ids.unshift((await as.post<TranscriptSummary>('/api/me/transcripts')).body.id);
    }
    const first = (await admin.get<Page<AdminTranscriptView>>(`/api/admin/transcripts?residentId=${resident.userId}&limit=2`)).body;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await admin.get<Page<AdminTranscriptView>>(`/api/admin/transcripts?residentId=${resident.userId}&limit=2&cursor=${first.nextCursor}`)).body;
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    // every transcript once, newest first (transcripts of the same second by number)
    const seen = [...first.items, ...second.items];
    expect(seen.map((t) => t.id).sort()).toEqual([...ids].sort());
    const order = seen.map((t) => [t.issuedAt, t.id].join(' '));
    expect(order).toEqual([...order].sort().reverse());
  });
});

describe('admins find a resident\'s conversions and reverse one', () => {
  async function partnerOffer(district: ReturnType<TestApi['http']['as']>, creditsMilli: number) {
    const partner = await district.post<{ id: number }>('/api/partners', { name: `开放大学${randomUUID().slice(0, 8)}` });
    const offer = await district.post<{ id: number }>(`/api/partners/${partner.body.id}/offers`, { title: '课程免修', description: '', creditsMilli, categories: [] });
    expect(offer.status).toBe(201);
    return offer.body.id;
  }

  it('lists them with the balance, reverses one with a reason, and the balance is restored; scoped and refused in Chinese', async () => {
    const { tree, resident, as, district } = await creditWorld(api);
    await giveRecords(api, [600, 600, 600].map((minutes) => ({ residentId: resident.userId, category: Category.Health, minutes })));
    const offerId = await partnerOffer(district, 1000);
    const made: ConversionView[] = [];
    for (let i = 0; i < 3; i += 1) made.unshift((await as.post<ConversionView>('/api/me/conversions', { offerId, requestKey: randomUUID() })).body);
    expect(await balanceOf(api, resident.userId)).toBe(0);
    const street = api.http.as((await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken);
    const other = api.http.as((await newStaff(api, Role.Admin, { area: tree.streetB })).tokens.accessToken);

    const first = await street.get<ResidentConversionPage>(`/api/admin/residents/${resident.userId}/conversions?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ balanceMilli: 0, nextCursor: made[1].id });
    expect(first.body.items.map((c) => [c.id, c.reversed])).toEqual([
      [made[0].id, false],
      [made[1].id, false],
    ]);
    const second = (await street.get<ResidentConversionPage>(`/api/admin/residents/${resident.userId}/conversions?limit=2&cursor=${first.body.nextCursor}`)).body;
    expect(second.items.map((c) => c.id)).toEqual([made[2].id]);
    expect(second.nextCursor).toBeNull();

    expectApiError(await other.get(`/api/admin/residents/${resident.userId}/conversions`), 403);
    expectApiError(await other.post(`/api/conversions/${made[0].id}/reverse`, { reason: '开放大学未能办理' }), 403);
    expectApiError(await street.get(`/api/admin/residents/${resident.userId}/conversions?cursor=abc`), 400);
    expectApiError(await street.get('/api/admin/residents/not-a-uuid/conversions'), 400);
    expectApiError(await street.post(`/api/conversions/${made[0].id}/reverse`, { reason: '' }), 400, ErrorCode.ValidationFailed);
    expect(await balanceOf(api, resident.userId)).toBe(0);

    const reversed = await street.post<ConversionView>(`/api/conversions/${made[0].id}/reverse`, { reason: '开放大学未能办理' });
    expect(reversed.status).toBe(200);
    expect(reversed.body).toMatchObject({ id: made[0].id, reversed: true });
    expectApiError(await street.post(`/api/conversions/${made[0].id}/reverse`, { reason: '再撤销一次' }), 409, PartnerError.ConversionReversed);
    const after = (await street.get<ResidentConversionPage>(`/api/admin/residents/${resident.userId}/conversions`)).body;
    expect(after.balanceMilli).toBe(1000);
    expect(after.items.map((c) => c.reversed)).toEqual([true, false, false]);
    expect(await balanceOf(api, resident.userId)).toBe(1000);
    await expectLedgerSound(api);
  });

  it('a resident without conversions gives an empty page with their balance', async () => {
    const { tree } = await creditWorld(api);
    const someone = await newBoundResident(api, tree.communityA2);
    await giveRecords(api, [{ residentId: someone.userId, minutes: 600 }]);
    const admin = api.http.as((await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken);
    expect((await admin.get<ResidentConversionPage>(`/api/admin/residents/${someone.userId}/conversions`)).body).toEqual({ items: [], nextCursor: null, balanceMilli: 1000 });
  });
});
