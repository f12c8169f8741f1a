import { AccessLogEntry, CheckInError, CheckInResult, ErrorCode, MyAccessLogEntry, MyDataCopy, Page, PersonalDataKind, PRIVACY_TEXT_VERSION, Role } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { AccessLogPurge, ACCESS_LOG_PURGE_JOB_ID } from '@lp/server/dist/access-log/access-log-purge';
import { Clock } from '@lp/server/dist/common/clock';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { PeriodicJobs } from '@lp/server/dist/scheduling/periodic-jobs';
import { NOMINEE_LOOKUPS } from '@lp/server/dist/selections/nominee-lookups';
import { expectApiError, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish, Publisher } from '../support/catalogue';
import { atSession, showQr } from '../support/checkin';
import { giveRecords, withDefaultRules } from '../support/credit';
import { newAreaTree, newBoundResident, newSchool, newStaff, uniquePhone } from '../support/factories';
import { tinyPng } from '../support/files';
import { testRedisUrl } from '../support/test-env';
import { freshDatabase } from '../support/global-setup';
import { newSelection, nominate, STORY } from '../support/selections';

/**
 * Residents' rights over their data: every staff read of one resident's personal data is logged and
 * shown to the resident (without naming the staff member) and to the admins of the staff member's
 * area; old rows are purged once across workers; a resident downloads a copy of everything held
 * about them. The file has its own database, so the purge and the counts below are exact.
 *
 *   district D ─ street A ─ community A1 (school S: teacher, venue), A2
 *              └ street B ─ community B1
 */
const EXPORTS_PER_HOUR = 3;
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let who: Publisher;
let streetA: string;
let streetB: string;
let district: string;

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_resident_rights');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db, DATA_EXPORT_PER_HOUR: String(EXPORTS_PER_HOUR) });
  tree = await newAreaTree(api);
  await withDefaultRules(api, tree.district);
  who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
  streetA = who.admin.tokens.accessToken;
  streetB = (await newStaff(api, Role.Admin, { area: tree.streetB })).tokens.accessToken;
  district = (await newStaff(api, Role.SuperAdmin, { area: tree.district })).tokens.accessToken;
}, 120_000);
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api?.close());

const myLog = async (token: string) => {
  const res = await api.http.as(token).get<MyAccessLogEntry[]>('/api/me/access-log');
  expect(res.status).toBe(200);
  return res.body;
};
const adminLog = async (token: string, query: string) => {
  const res = await api.http.as(token).get<Page<AccessLogEntry>>(`/api/admin/access-log${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

/** Runs `call` and counts the SQL statements sent meanwhile with this resident's id among their parameters. */
async function queriesAbout<T>(residentId: string, call: () => Promise<{ status: number; body: T }>): Promise<{ status: number; body: T; queries: number }> {
  const proto = PostgresQueryRunner.prototype as unknown as { query: (sql: string, params?: unknown[], ...rest: unknown[]) => Promise<unknown> };
  const original = proto.query;
  let queries = 0;
  proto.query = function (this: unknown, sql: string, params?: unknown[], ...rest: unknown[]) {
    if (params?.includes(residentId)) queries += 1;
    return original.call(this, sql, params, ...rest);
  };
  try {
    return { ...(await call()), queries };
  } finally {
    proto.query = original;
  }
}

/** A resident of A1 enrolled in, and checked in to, an activity of school S at its venue. */
async function residentWhoAttended(name: string) {
  const resident = await newBoundResident(api, tree.communityA1, { realName: name });
  const venue = await newVenue(api, tree.communityA1, 29.66, 121.41, `文化家园${Math.random().toString(36).slice(2, 6)}`);
  const offering = await publish(api, who, activityInput(venue.id));
  expect((await api.http.as(resident.tokens.accessToken).post(`/api/offerings/${offering.id}/enrollments`)).status).toBe(201);
  atSession(api, offering, 1);
  const qr = (await showQr(api, who.teacher.tokens.accessToken, offering.sessions[0].id)).qr;
  const checkIn = await api.http.as(resident.tokens.accessToken).post<CheckInResult>('/api/check-ins', { qr });
  expect(checkIn.status).toBe(201);
  return { resident, offering, venue };
}

describe('who looked at whom', () => {
  it('each kind of staff read of one resident is logged once, shown to the resident without the staff member, and to the admins of that area only', async () => {
    const { resident, offering } = await residentWhoAttended('李看看');
    const other = await newBoundResident(api, tree.communityA2, { realName: '赵旁人' });
    const asR = api.http.as(resident.tokens.accessToken);
    const adminA = api.http.as(streetA);

    // 代签 look-up by phone: the teacher sees who it is (while the session runs)
    atSession(api, offering, 5);
    expect((await api.http.as(who.teacher.tokens.accessToken).post(`/api/teacher/sessions/${offering.sessions[0].id}/proxy-lookups`, { phone: resident.phone })).status).toBe(200);
    api.app.get(Clock).reset();
    // a certification request: its detail and its evidence file
    const upload = await asR.send<{ id: string }>('POST', '/api/uploads', tinyPng(), { 'content-type': 'image/png' });
    const cert = await asR.post<{ id: string }>('/api/me/certifications', {
      achievementCode: 'vocational_level_5', certificateNo: `R${Date.now()}`, issuer: '测试发证单位', issuedOn: '2025-06-30', evidenceUploadId: upload.body.id,
    });
    expect(cert.status).toBe(201);
    expect((await adminA.get(`/api/certifications/${cert.body.id}`)).status).toBe(200);
    expect((await adminA.get(`/api/uploads/${upload.body.id}`)).status).toBe(200);
    // a search by full phone number, the volunteer register, a transcript
    expect((await adminA.post('/api/admin/residents/search', { q: resident.phone })).status).toBe(200);
    const volunteer = await adminA.post<{ id: number }>('/api/admin/volunteers', { phone: resident.phone, areaId: tree.communityA1.id });
    expect(volunteer.status).toBe(201);
    expect((await adminA.get(`/api/admin/volunteers/${volunteer.body.id}`)).status).toBe(200);
    await giveRecords(api, [{ residentId: resident.userId, minutes: 120 }]);
    const transcript = await asR.post<{ id: string }>('/api/me/transcripts');
    expect(transcript.status).toBe(201);
    expect((await adminA.get(`/api/admin/transcripts/${transcript.body.id}`)).status).toBe(200);
    // the resident reading their own things logs nothing
    expect((await asR.get(`/api/uploads/${upload.body.id}`)).status).toBe(200);
    // a refused read (another street's admin) shows nothing, so logs nothing
    expectApiError(await api.http.as(streetB).get(`/api/certifications/${cert.body.id}`), 403);

    const expected: PersonalDataKind[] = ['proxy-lookup', 'certification-evidence', 'evidence-file', 'resident-lookup', 'register-entry', 'register-entry', 'transcript'];
    const mine = await myLog(resident.tokens.accessToken);
    expect(mine.map((e) => e.kind).sort()).toEqual([...expected].sort());
    const proxy = mine.find((e) => e.kind === 'proxy-lookup')!;
    expect(proxy).toMatchObject({ role: '老师', areaName: '甲一社区', purpose: '老师帮您代签到时查找您' });
    expect(proxy.schoolName).toMatch(/^测试学校/);
    expect(mine.find((e) => e.kind === 'transcript')).toMatchObject({ role: '管理员', areaName: '甲街道', schoolName: null });
    // who exactly looked is the district's business, not the resident's
    const text = JSON.stringify(mine);
    for (const staff of [who.teacher.user, who.admin.user]) {
      expect(text).not.toContain(staff.id);
      expect(text).not.toContain(staff.displayName);
    }
    // another resident sees none of it
    expect(await myLog(other.tokens.accessToken)).toEqual([]);
    expectApiError(await asR.get('/api/admin/access-log'), 403);

    // street A's admins see all seven, with who looked; street B's none; the district all
    const seenByA = await adminLog(streetA, `?residentId=${resident.userId}&limit=100`);
    expect(seenByA.items).toHaveLength(expected.length);
    expect(seenByA.items.find((e) => e.kind === 'proxy-lookup')).toMatchObject({
      staff: { userId: who.teacher.user.id, role: Role.Teacher }, resident: { userId: resident.userId, nameMasked: '李**' }, route: 'POST /api/teacher/sessions/:id/proxy-lookups',
    });
    expect(JSON.stringify(seenByA)).not.toContain(resident.phone);
    expect((await adminLog(streetB, `?residentId=${resident.userId}`)).items).toEqual([]);
    expect((await adminLog(district, `?residentId=${resident.userId}&limit=100`)).items).toHaveLength(expected.length);
    // filters and pages: by staff member, by day, two at a time
    const byTeacher = await adminLog(streetA, `?staffId=${who.teacher.user.id}`);
    expect(byTeacher.items.map((e) => e.kind)).toEqual(['proxy-lookup']);
    const page1 = await adminLog(streetA, `?residentId=${resident.userId}&limit=2`);
    const page2 = await adminLog(streetA, `?residentId=${resident.userId}&limit=2&cursor=${page1.nextCursor}`);
    expect(page1.items.map((e) => e.id).filter((id) => page2.items.some((e) => e.id === id))).toEqual([]);
    expect((await adminLog(streetA, `?residentId=${resident.userId}&to=2020-01-01`)).items).toEqual([]);
    expectApiError(await adminA.get('/api/admin/access-log?from=2026-13-01'), 400, ErrorCode.ValidationFailed);
    expectApiError(await adminA.get('/api/admin/access-log?cursor=bm9wZQ'), 400);
  });

  it('purges only rows past the retention, on one of two workers sharing the schedule, and overlapping runs delete each row once', async () => {
    expect(api.app.get(PeriodicJobs).modeOf(ACCESS_LOG_PURGE_JOB_ID)).toBe('queue');
    const resident = await newBoundResident(api, tree.communityA2);
    const staffId = who.admin.user.id;
    const insert = (daysAgo: number, n: number) =>
      api.db.query(
        `INSERT INTO personal_data_access (staff_id, staff_role, area_id, resident_id, kind, route, at)
         SELECT $1, 'admin', $2, $3, 'resident-lookup', 'POST /api/admin/residents/search', now() - make_interval(days => $4) FROM generate_series(1, $5)`,
        [staffId, tree.streetA.id, resident.userId, daysAgo, n],
      );
    await insert(400, 30);
    await insert(366, 5);
    await insert(300, 4);
    await insert(1, 2);
    const purge = api.app.get(AccessLogPurge);
    // two workers sharing Redis schedule the job: its turn runs on one of them only
    const prefix = `lp:bull:test-${randomUUID()}`;
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    const runs: { node: string; removed: number }[] = [];
    const nodes = ['a', 'b'].map((node) => {
      const jobs = new PeriodicJobs(redis, { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix });
      jobs.register({ id: ACCESS_LOG_PURGE_JOB_ID, everyMs: 3_600_000, run: async () => void runs.push({ node, removed: await purge.tick() }) });
      return jobs;
    });
    try {
      await Promise.all(nodes.map((n) => n.onApplicationBootstrap()));
      for (let i = 0; i < 50 && runs.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      await Promise.all(nodes.map((n) => n.onModuleDestroy()));
      redis.disconnect();
    }
    expect(runs).toEqual([{ node: expect.any(String), removed: 35 }]);
    const left = (await api.db.query(`SELECT count(*)::int AS n FROM personal_data_access WHERE resident_id = $1`, [resident.userId])) as { n: number }[];
    expect(left[0].n).toBe(6);
    // and should two runs overlap anyway, each old row is deleted once
    await insert(500, 10);
    const [a, b] = await Promise.all([purge.tick(), purge.tick()]);
    expect(a + b).toBe(10);
  });
});

describe('nominating by phone', () => {
  it('finds only residents of the caller\'s area, logs each one found, and stops a member of staff trying numbers after the limit', async () => {
    const sel = await newSelection(api, district, tree.district.id);
    const inA = await newBoundResident(api, tree.communityA2, { realName: '钱被推' });
    const inB = await newBoundResident(api, tree.communityB1, { realName: '孙别区' });
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityA1) });
    const t = api.http.as(teacher.tokens.accessToken);
    const post = (body: Record<string, unknown>) => t.post(`/api/selections/${sel.id}/nominations`, { story: STORY, ...body });

    // a resident of street B answers like an unknown number: the teacher learns nothing
    const outside = expectApiError(await post({ nomineePhone: inB.phone }), 400);
    const unknown = expectApiError(await post({ nomineePhone: uniquePhone() }), 400);
    expect(outside.message).toBe(unknown.message);
    expect(await myLog(inB.tokens.accessToken)).toEqual([]);
    const photo = await t.send<{ id: string }>('POST', '/api/uploads', tinyPng(), { 'content-type': 'image/png' });
    await nominate(api, teacher.tokens.accessToken, sel.id, { nomineePhone: inA.phone, photoUploadIds: [photo.body.id] });
    expect((await myLog(inA.tokens.accessToken)).map((e) => e.kind)).toEqual(['nominee-lookup']);
    // the reviewer opening the teacher's photo saw no resident's data: nothing is logged about the teacher
    expect((await api.http.as(district).get(`/api/uploads/${photo.body.id}`)).status).toBe(200);
    expect((await adminLog(district, `?residentId=${teacher.user.id}`)).items).toEqual([]);

    // 3 look-ups so far; the rest of the allowance, then 429 in Chinese with Retry-After
    for (let i = 3; i < NOMINEE_LOOKUPS; i++) expectApiError(await post({ nomineePhone: uniquePhone() }), 400);
    const stopped = expectApiError(await post({ nomineePhone: inA.phone }), 429, ErrorCode.TooManyRequests);
    expect(stopped.message).toMatch(/次数太多.*分钟后再试/);
    // another member of staff has their own allowance
    const byAdmin = await api.http.as(streetA).post(`/api/selections/${sel.id}/nominations`, { story: STORY, nomineePhone: inB.phone });
    expect(byAdmin.status).toBe(400);
  });
});

describe('a copy of my data', () => {
  it('holds each kind of data of the resident, their own numbers readable, and nothing of anyone else; more copies than the hourly allowance are refused', async () => {
    const { resident, offering, venue } = await residentWhoAttended('周全量');
    const neighbour = await residentWhoAttended('吴邻居');
    const asR = api.http.as(resident.tokens.accessToken);
    const [record] = await giveRecords(api, [{ residentId: resident.userId, minutes: 600, title: '太极拳入门' }]);
    const upload = await asR.send<{ id: string }>('POST', '/api/uploads', tinyPng(), { 'content-type': 'image/png' });
    const certificateNo = `C${Date.now()}`;
    expect((await asR.post('/api/me/certifications', { achievementCode: 'vocational_level_5', certificateNo, issuer: '测试发证单位', issuedOn: '2025-06-30', evidenceUploadId: upload.body.id })).status).toBe(201);
    const partner = await api.http.as(district).post<{ id: number; name: string }>('/api/partners', { name: `测试开放大学${Date.now()}` });
    expect((await asR.post('/api/me/consents', { partnerId: partner.body.id, scopes: ['credits:read'], days: 30 })).status).toBe(201);
    const transcript = await asR.post<{ id: string }>('/api/me/transcripts');
    const sel = await newSelection(api, streetA, tree.streetA.id);
    await nominate(api, streetA, sel.id, { nomineeId: resident.userId });
    expect((await api.http.as(streetA).post('/api/admin/residents/search', { q: resident.phone })).status).toBe(200);

    const res = await asR.get<MyDataCopy>('/api/me/data-export');
    expect(res.status).toBe(200);
    const copy = res.body;
    expect(copy.privacyTextVersion).toBe(PRIVACY_TEXT_VERSION);
    expect(copy.account.userId).toBe(resident.userId);
    expect(copy.profile).toMatchObject({ realName: '周全量', phone: resident.phone, idNumber: resident.idNumber, birthDate: resident.birthDate });
    expect(copy.enrollments.map((e) => e.offeringId)).toEqual([offering.id]);
    expect(copy.attendance).toHaveLength(1);
    expect(copy.attendance[0]).toMatchObject({ sessionId: offering.sessions[0].id, method: 'scan' });
    expect(copy.attendance[0].place).toContain(venue.name);
    expect(copy.learningRecords.map((r) => r.id)).toContain(record.id);
    expect(copy.ledgerEntries.some((e) => e.kind === 'grant' && e.amountMilli > 0)).toBe(true);
    expect(copy.consents.map((c) => c.partner)).toEqual([partner.body.name]);
    expect(copy.certifications.map((c) => c.certificateNo)).toEqual([certificateNo]);
    expect(copy.transcripts.map((t) => t.id)).toEqual([transcript.body.id]);
    expect(copy.nominations.map((n) => n.nominee)).toEqual(['周全量']);
    expect(copy.accessLog.map((e) => e.kind).sort()).toEqual(['nominee-lookup', 'resident-lookup']);
    const text = JSON.stringify(copy);
    for (const foreign of [neighbour.resident.phone, neighbour.resident.idNumber, neighbour.resident.userId, '吴邻居']) expect(text).not.toContain(foreign);

    // a longer history costs no more queries: each kind is read once
    const before = await queriesAbout(resident.userId, () => asR.get<MyDataCopy>('/api/me/data-export'));
    await giveRecords(api, Array.from({ length: 25 }, (_, i) => ({ residentId: resident.userId, minutes: 30 + i, title: `第${i + 1}课` })));
    const after = await queriesAbout(resident.userId, () => asR.get<MyDataCopy>('/api/me/data-export'));
    expect(after.status).toBe(200);
    expect(after.body.learningRecords.length).toBe(copy.learningRecords.length + 25);
    expect(after.queries).toBe(before.queries);
    expect(after.queries).toBeGreaterThanOrEqual(8);
    expect(after.queries).toBeLessThanOrEqual(15);
    const refused = expectApiError(await asR.get('/api/me/data-export'), 429, ErrorCode.TooManyRequests);
    expect(refused.message).toContain('下载个人数据的次数太多');
    // staff have no copy to take
    expectApiError(await api.http.as(streetA).get('/api/me/data-export'), 403);
  });
});

describe('consents and the privacy text version', () => {
  it('a consent to a partner records the privacy text version it was given under', async () => {
    const resident = await newBoundResident(api, tree.communityA1);
    const partner = await api.http.as(district).post<{ id: number }>('/api/partners', { name: `版本测试机构${Date.now()}` });
    const issued = await api.http.as(resident.tokens.accessToken).post<{ consent: { id: string; privacyTextVersion: string } }>('/api/me/consents', { partnerId: partner.body.id, scopes: ['credits:read'], days: 30 });
    expect(issued.status).toBe(201);
    expect(issued.body.consent.privacyTextVersion).toBe(PRIVACY_TEXT_VERSION);
    const [row] = (await api.db.query(`SELECT privacy_text_version FROM partner_consent WHERE id = $1`, [issued.body.consent.id])) as { privacy_text_version: string }[];
    expect(row.privacy_text_version).toBe(PRIVACY_TEXT_VERSION);
  });

  it('location is asked once, before the first check-in that uses it; a resident who says no still checks in where the teacher reviews, and no position is kept', async () => {
    const venue = await newVenue(api, tree.communityA1, 29.66, 121.41);
    const near = { latitude: 29.6601, longitude: 121.41, accuracy: 20 };
    const plain = await publish(api, who, activityInput(venue.id));
    const flagged = await publish(api, who, activityInput(venue.id, { geofencePolicy: 'flag' as never }));
    const fenced = await publish(api, who, activityInput(venue.id, { geofencePolicy: 'reject' as never }));
    const yes = await newBoundResident(api, tree.communityA1);
    const no = await newBoundResident(api, tree.communityA1);
    for (const r of [yes, no]) for (const o of [plain, flagged, fenced]) expect((await api.http.as(r.tokens.accessToken).post(`/api/offerings/${o.id}/enrollments`)).status).toBe(201);
    const checkIn = async (token: string, offering: typeof plain, location?: typeof near) => {
      atSession(api, offering, 1);
      const qr = (await showQr(api, who.teacher.tokens.accessToken, offering.sessions[0].id)).qr;
      return api.http.as(token).post<CheckInResult>('/api/check-ins', { qr, location });
    };
    const asked = async (token: string) => (await api.http.as(token).get<{ given: boolean | null; privacyTextVersion: string | null }>('/api/me/location-consent')).body;

    // an activity without a geofence never asks, and keeps no position even if the phone sent one
    expect(await asked(yes.tokens.accessToken)).toMatchObject({ given: null });
    const plainIn = await checkIn(yes.tokens.accessToken, plain, near);
    expect(plainIn.status).toBe(201);
    const placeOf = async (id: number | string) =>
      ((await api.db.query(`SELECT latitude, place_sealed AS sealed FROM attendance WHERE id = $1`, [id])) as { latitude: number | null; sealed: string | null }[])[0];
    expect(await placeOf(plainIn.body.id)).toEqual({ latitude: null, sealed: null });
    // the first geofenced check-in asks (409 in Chinese), nothing is written until the answer
    expect(expectApiError(await checkIn(yes.tokens.accessToken, flagged, near), 409, CheckInError.LocationConsentNeeded).message).toContain('是否同意');
    expectApiError(await api.http.as(yes.tokens.accessToken).put('/api/me/location-consent', { given: 'yes' }), 400, ErrorCode.ValidationFailed);
    const answered = await api.http.as(yes.tokens.accessToken).put<{ given: boolean; privacyTextVersion: string }>('/api/me/location-consent', { given: true });
    expect(answered.body).toMatchObject({ given: true, privacyTextVersion: PRIVACY_TEXT_VERSION });
    // answered once: the next geofenced check-ins go straight through
    const consented = await checkIn(yes.tokens.accessToken, flagged, near);
    expect(consented.body).toMatchObject({ flagged: false });
    // kept only sealed under the resident's key
    expect(await placeOf(consented.body.id)).toEqual({ latitude: null, sealed: expect.stringMatching(/^r[12]\./) });
    expect((await checkIn(yes.tokens.accessToken, fenced, near)).status).toBe(201);

    // a no: the 'flag' activity accepts for the teacher to confirm and says so; the 'reject' one says to ask for 代签
    await api.http.as(no.tokens.accessToken).put('/api/me/location-consent', { given: false });
    const reviewed = await checkIn(no.tokens.accessToken, flagged, near);
    expect(reviewed.status).toBe(201);
    expect(reviewed.body).toMatchObject({ flagged: true, flagReason: '本人不同意使用位置', review: 'pending' });
    expect(await placeOf(reviewed.body.id)).toEqual({ latitude: null, sealed: null });
    expect(expectApiError(await checkIn(no.tokens.accessToken, fenced, near), 403, CheckInError.OutsideVenue).message).toContain('代签');
    // and the copy of the resident's data carries the answer with its version
    const copy = (await api.http.as(no.tokens.accessToken).get<MyDataCopy>('/api/me/data-export')).body;
    expect(copy.locationConsent).toMatchObject({ given: false, privacyTextVersion: PRIVACY_TEXT_VERSION });
  });
});
