import { NominationView, ObjectionView, Role, SelectionNotice, SelectionRules, SelectionView } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { SelectionNoticeCloser } from '@lp/server/dist/selections/selection-notice-closer';
import { SelectionsService } from '@lp/server/dist/selections/selections.service';
import { expectApiError, startApi, TestApi } from '../support/api';
import { giveRecords, withDefaultRules } from '../support/credit';
import { newAreaTree, newBoundResident, newSchool, newStaff } from '../support/factories';
import { tinyPng } from '../support/files';
import { dayFromToday, newSelection, nominate, STORY, travelToDay } from '../support/selections';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
}, 60_000);
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api?.close());

const thisYear = () => Number(dayFromToday(api, 0).slice(0, 4));

/** A district with its default credit rules, a district admin, street A's admin and street B's admin. */
async function world() {
  const tree = await newAreaTree(api);
  await withDefaultRules(api, tree.district);
  const district = await newStaff(api, Role.Admin, { area: tree.district });
  const streetA = await newStaff(api, Role.Admin, { area: tree.streetA });
  const streetB = await newStaff(api, Role.Admin, { area: tree.streetB });
  return { tree, district: district.tokens.accessToken, streetA: streetA.tokens.accessToken, streetB: streetB.tokens.accessToken };
}

async function nominationRows(selectionId: number): Promise<number> {
  const [row] = (await api.db.query(`SELECT count(*)::int AS n FROM selection_nomination WHERE selection_id = $1`, [selectionId])) as { n: number }[];
  return row.n;
}

async function notificationsOf(userId: string, like: string): Promise<number> {
  const [row] = (await api.db.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND title LIKE $2`, [userId, like])) as { n: number }[];
  return row.n;
}

describe('评选: permissions by area', () => {
  it('only admins of the area (or above it) create, review and see nominations; a teacher nominates only within the area of their school', async () => {
    const w = await world();
    const resident = await newBoundResident(api, w.tree.communityA1, { realName: '王小英' });
    // another street's admin may not open a selection for street A
    expectApiError(await api.http.as(w.streetB).post('/api/selections', { kind: 'star', areaId: w.tree.streetA.id, title: '甲街道百姓学习之星', year: 2031, quota: 2, nominateFrom: dayFromToday(api, -1), nominateUntil: dayFromToday(api, 3), noticeStart: dayFromToday(api, 4), noticeEnd: dayFromToday(api, 10) }), 403);
    expectApiError(await api.http.post('/api/selections', {}), 401);
    const sel = await newSelection(api, w.streetA, w.tree.streetA.id);

    // nominating: street B's admin and a teacher of street B's school are out of scope; a resident only nominates themself
    const teacherB = await newStaff(api, Role.Teacher, { school: await newSchool(api, w.tree.communityB1) });
    const teacherA = await newStaff(api, Role.Teacher, { school: await newSchool(api, w.tree.communityA2) });
    const other = await newBoundResident(api, w.tree.communityA2);
    expectApiError(await api.http.as(w.streetB).post(`/api/selections/${sel.id}/nominations`, { story: STORY, nomineeId: resident.userId }), 403);
    expectApiError(await api.http.as(teacherB.tokens.accessToken).post(`/api/selections/${sel.id}/nominations`, { story: STORY, nomineeId: resident.userId }), 403);
    expectApiError(await api.http.as(other.tokens.accessToken).post(`/api/selections/${sel.id}/nominations`, { story: STORY, nomineeId: resident.userId }), 403);
    expect(await nominationRows(sel.id)).toBe(0);
    const bySchool = await nominate(api, teacherA.tokens.accessToken, sel.id, { nomineeId: resident.userId });
    expect(bySchool).toMatchObject({ nominatorKind: 'school', consent: 'pending', status: 'pending' });

    // reviewing: only street A's admins and those above
    expectApiError(await api.http.as(w.streetB).get(`/api/selections/${sel.id}/nominations`), 403);
    expectApiError(await api.http.as(w.streetB).post(`/api/selection-nominations/${bySchool.id}/reject`, { reason: '事迹不够具体' }), 403);
    expectApiError(await api.http.as(resident.tokens.accessToken).get(`/api/selections/${sel.id}/nominations`), 403);
    expect((await api.http.as(w.district).get<NominationView[]>(`/api/selections/${sel.id}/nominations`)).body.map((n) => n.id)).toEqual([bySchool.id]);
    expect((await api.http.as(w.streetB).get<SelectionView[]>('/api/selections')).body.map((s) => s.id)).not.toContain(sel.id);

    // the district's rules: a street admin reads them but may not set them
    expectApiError(await api.http.as(w.streetA).put('/api/selection-rules', { kind: 'star', minAge: 18 }), 403);
    expect((await api.http.as(w.district).put<SelectionRules>('/api/selection-rules', { kind: 'star', minAge: 18 })).status).toBe(200);
    expect((await api.http.as(w.streetA).get<SelectionRules[]>('/api/selection-rules')).body.find((r) => r.kind === 'star')?.minAge).toBe(18);
  });
});

describe('评选: nominating someone by the phone they bound', () => {
  it('a teacher or admin names the nominee by phone; a resident may not, an unknown phone or two ways at once are refused in Chinese and nothing is written', async () => {
    const w = await world();
    const sel = await newSelection(api, w.streetA, w.tree.streetA.id);
    const nominee = await newBoundResident(api, w.tree.communityA1, { realName: '王小英' });
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, w.tree.communityA2) });
    const resident = await newBoundResident(api, w.tree.communityA1);
    const post = (token: string, body: Record<string, unknown>) => api.http.as(token).post(`/api/selections/${sel.id}/nominations`, { story: STORY, ...body });

    expect(expectApiError(await post(resident.tokens.accessToken, { nomineePhone: nominee.phone }), 403).message).toContain('只能推荐自己');
    expect(expectApiError(await post(teacher.tokens.accessToken, { nomineePhone: '13000000000' }), 400).message).toContain('没有找到用这个手机号');
    expect(expectApiError(await post(teacher.tokens.accessToken, { nomineePhone: '1234' }), 400).message).toContain('手机号格式不对');
    expectApiError(await post(teacher.tokens.accessToken, { nomineePhone: nominee.phone, nomineeId: nominee.userId }), 400);
    const brand = await newSelection(api, w.streetA, w.tree.streetA.id, { kind: 'brand' });
    expectApiError(await api.http.as(w.streetA).post(`/api/selections/${brand.id}/nominations`, { story: STORY, projectName: '银龄课堂', communityId: w.tree.communityA1.id, nomineePhone: nominee.phone }), 400);
    expect(await nominationRows(sel.id)).toBe(0);
    expect(await nominationRows(brand.id)).toBe(0);

    const byTeacher = await nominate(api, teacher.tokens.accessToken, sel.id, { nomineePhone: nominee.phone });
    expect(byTeacher).toMatchObject({ nomineeName: '王小英', nominatorKind: 'school', consent: 'pending' });
    // the same resident by phone again, now by the admin: the one nomination stands
    expect(expectApiError(await post(w.streetA, { nomineePhone: ` ${nominee.phone} ` }), 409).message).toContain('已经被推荐过了');
    expect(await nominationRows(sel.id)).toBe(1);
  });
});

describe('评选: the nominee consents first', () => {
  it('a resident nominated by their community is told, their learning reaches reviewers only once they accept, and nobody is selected before', async () => {
    const w = await world();
    const sel = await newSelection(api, w.streetA, w.tree.streetA.id, { year: thisYear() });
    const nominee = await newBoundResident(api, w.tree.communityA1, { realName: '王小英' });
    await giveRecords(api, [{ residentId: nominee.userId, minutes: 300 }, { residentId: nominee.userId, minutes: 180 }]);
    const n = await nominate(api, w.streetA, sel.id, { nomineeId: nominee.userId });
    expect(await notificationsOf(nominee.userId, '有人推荐您%')).toBe(1);

    const before = (await api.http.as(w.streetA).get<NominationView[]>(`/api/selections/${sel.id}/nominations`)).body[0];
    expect(before.learning).toBeNull();
    expect(JSON.stringify(before)).not.toMatch(/"minutes"/);
    expectApiError(await api.http.as(w.streetA).post(`/api/selection-nominations/${n.id}/select`), 409);
    // nobody else learns of the nomination: another resident's list and the public list stay empty of it
    const stranger = await newBoundResident(api, w.tree.communityA1);
    expect((await api.http.as(stranger.tokens.accessToken).get<NominationView[]>('/api/me/selection-nominations')).body).toEqual([]);
    expect((await api.http.get<SelectionView[]>(`/api/public/selections?areaId=${w.tree.district.id}`)).body).toEqual([]);
    expectApiError(await api.http.get(`/api/public/selections/${sel.id}`), 404);

    // the nominee sees it and accepts; a stranger may not answer for them
    const mine = (await api.http.as(nominee.tokens.accessToken).get<NominationView[]>('/api/me/selection-nominations')).body;
    expect(mine).toMatchObject([{ id: n.id, awaitingMyConsent: true }]);
    expectApiError(await api.http.as(stranger.tokens.accessToken).post(`/api/me/selection-nominations/${n.id}/consent`, { accept: true }), 404);
    expect((await api.http.as(nominee.tokens.accessToken).post<NominationView>(`/api/me/selection-nominations/${n.id}/consent`, { accept: true })).body.consent).toBe('given');
    expectApiError(await api.http.as(nominee.tokens.accessToken).post(`/api/me/selection-nominations/${n.id}/consent`, { accept: false }), 409);

    const after = (await api.http.as(w.streetA).get<NominationView[]>(`/api/selections/${sel.id}/nominations`)).body[0];
    expect(after.learning).toEqual({ minutes: 480, records: 2 });
    expect((await api.http.as(w.streetA).post<NominationView>(`/api/selection-nominations/${n.id}/select`)).body.status).toBe('selected');

    // one who declines is withdrawn and can never be selected
    const declining = await newBoundResident(api, w.tree.communityA2);
    const d = await nominate(api, w.streetA, sel.id, { nomineeId: declining.userId });
    await api.http.as(declining.tokens.accessToken).post(`/api/me/selection-nominations/${d.id}/consent`, { accept: false });
    expectApiError(await api.http.as(w.streetA).post(`/api/selection-nominations/${d.id}/select`), 409);
    const reviewed = (await api.http.as(w.streetA).get<NominationView[]>(`/api/selections/${sel.id}/nominations`)).body.find((x) => x.id === d.id)!;
    expect(reviewed).toMatchObject({ consent: 'declined', status: 'withdrawn', learning: null });
  });
});

describe('评选: quota, photos and review reasons', () => {
  it('no more are selected than the quota; a refusal needs a reason; photos are the nominator’s own images', async () => {
    const w = await world();
    const sel = await newSelection(api, w.streetA, w.tree.communityA1.id, { quota: 1 });
    const a = await newBoundResident(api, w.tree.communityA1);
    const b = await newBoundResident(api, w.tree.communityA1);
    const photo = await api.http.as(a.tokens.accessToken).send<{ id: string }>('POST', '/api/uploads', tinyPng(), { 'content-type': 'image/png' });
    const pdf = await api.http.as(a.tokens.accessToken).send<{ id: string }>('POST', '/api/uploads', Buffer.from('%PDF-1.4\n%%EOF'), { 'content-type': 'application/pdf' });
    expect(expectApiError(await api.http.as(a.tokens.accessToken).post(`/api/selections/${sel.id}/nominations`, { story: STORY, photoUploadIds: [pdf.body.id] }), 400).message).toContain('JPG 或 PNG');
    expectApiError(await api.http.as(b.tokens.accessToken).post(`/api/selections/${sel.id}/nominations`, { story: STORY, photoUploadIds: [photo.body.id] }), 400);
    expect(await nominationRows(sel.id)).toBe(0);
    const na = await nominate(api, a.tokens.accessToken, sel.id, { photoUploadIds: [photo.body.id] });
    expect(na).toMatchObject({ nominatorKind: 'self', consent: 'given', photoUploadIds: [photo.body.id] });
    const nb = await nominate(api, b.tokens.accessToken, sel.id);
    expectApiError(await api.http.as(b.tokens.accessToken).post(`/api/selections/${sel.id}/nominations`, { story: STORY }), 409);
    // the reviewer may open the photo; another street's admin may not
    expect((await api.http.as(w.streetA).get(`/api/uploads/${photo.body.id}`)).status).toBe(200);
    expect((await api.http.as(w.streetB).get(`/api/uploads/${photo.body.id}`)).status).toBe(403);

    expect((await api.http.as(w.streetA).post<NominationView>(`/api/selection-nominations/${na.id}/select`)).body.status).toBe('selected');
    expect(expectApiError(await api.http.as(w.streetA).post(`/api/selection-nominations/${nb.id}/select`), 409).message).toContain('名额已满');
    expectApiError(await api.http.as(w.streetA).post(`/api/selection-nominations/${nb.id}/reject`, {}), 400);
    const rejected = (await api.http.as(w.streetA).post<NominationView>(`/api/selection-nominations/${nb.id}/reject`, { reason: '事迹材料不够具体' })).body;
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '事迹材料不够具体' });
    expect((await api.http.as(w.streetA).get<SelectionView>(`/api/selections/${sel.id}`)).body.selectedCount).toBe(1);
  });
});

describe('评选: eligibility rules set by the district', () => {
  it('refuses in Chinese, naming each rule, and writes nothing: too few hours, too young, a winner of the last years', async () => {
    const w = await world();
    const year = thisYear();
    await api.http.as(w.district).put('/api/selection-rules', { kind: 'star', excludeWinnersYears: 3, minMinutes: 600, minAge: 18, maxAge: 90 });
    // last year's winner: a selection of last year settled with them on the final list
    const winner = await newBoundResident(api, w.tree.communityA1, { birthDate: '1960-05-01' });
    await giveRecords(api, [{ residentId: winner.userId, minutes: 900 }]);
    const last = await newSelection(api, w.streetA, w.tree.streetA.id, { year: year - 1 });
    await api.db.query(`UPDATE selection_rule SET min_minutes = NULL WHERE district_id = $1`, [w.tree.district.id]);
    const won = await nominate(api, winner.tokens.accessToken, last.id);
    await api.db.query(`UPDATE selection_rule SET min_minutes = 600 WHERE district_id = $1`, [w.tree.district.id]);
    await api.http.as(w.streetA).post(`/api/selection-nominations/${won.id}/select`);
    expect((await api.http.as(w.streetA).post(`/api/selections/${last.id}/publish`)).status).toBe(200);
    travelToDay(api, 13);
    expect((await api.http.as(w.streetA).post<SelectionView>(`/api/selections/${last.id}/finalise`)).body.status).toBe('final');
    api.app.get(Clock).reset();

    const sel = await newSelection(api, w.streetA, w.tree.streetA.id, { year });
    const young = await newBoundResident(api, w.tree.communityA1, { birthDate: dayFromToday(api, -16 * 366) });
    const idle = await newBoundResident(api, w.tree.communityA2, { birthDate: '1970-01-01' });
    const refusals = [
      [winner, '已获评百姓学习之星，3年内不能再参评'],
      [young, '年龄要满18周岁'],
      [idle, `${year}年学习要满10学时（现在0学时）`],
    ] as const;
    for (const [resident, words] of refusals) {
      const self = expectApiError(await api.http.as(resident.tokens.accessToken).post(`/api/selections/${sel.id}/nominations`, { story: STORY }), 400);
      expect(self.message).toContain('您暂不符合本次评选的条件');
      expect(self.message).toContain(words);
      const byAdmin = expectApiError(await api.http.as(w.streetA).post(`/api/selections/${sel.id}/nominations`, { story: STORY, nomineeId: resident.userId }), 400);
      expect(byAdmin.message).toContain('这位居民暂不符合');
    }
    expect(expectApiError(await api.http.as(young.tokens.accessToken).post(`/api/selections/${sel.id}/nominations`, { story: STORY }), 400).details).toEqual(
      expect.arrayContaining(['年龄要满18周岁', `${year}年学习要满10学时（现在0学时）`]),
    );
    expect(await nominationRows(sel.id)).toBe(0);
    for (const [resident] of refusals) expect(await notificationsOf(resident.userId, '有人推荐您%')).toBe(0);
    // bad input is refused in Chinese too, and outside the window nobody nominates
    expectApiError(await api.http.as(w.streetA).post(`/api/selections/${sel.id}/nominations`, { story: '太短' }), 400);
    travelToDay(api, 7);
    expect(expectApiError(await api.http.as(idle.tokens.accessToken).post(`/api/selections/${sel.id}/nominations`, { story: STORY }), 409).message).toContain('不在推荐时间内');
    expect(await nominationRows(sel.id)).toBe(0);
  });
});

describe('评选: residents who opted out of rankings', () => {
  it('are not nominated by others, cannot be listed, and leave the public and final lists when they opt out later', async () => {
    const w = await world();
    const sel = await newSelection(api, w.streetA, w.tree.streetA.id);
    const out = await newBoundResident(api, w.tree.communityA1, { realName: '赵不列' });
    await api.http.as(out.tokens.accessToken).put('/api/me/ranking-opt-out', { optOut: true });
    expect(expectApiError(await api.http.as(w.streetA).post(`/api/selections/${sel.id}/nominations`, { story: STORY, nomineeId: out.userId }), 400).message).toContain('不参加评选');
    expectApiError(await api.http.as(out.tokens.accessToken).post(`/api/selections/${sel.id}/nominations`, { story: STORY }), 400);
    expect(await nominationRows(sel.id)).toBe(0);

    const stays = await newBoundResident(api, w.tree.communityA1, { realName: '王小英' });
    const later = await newBoundResident(api, w.tree.communityA2, { realName: '钱后退' });
    const n1 = await nominate(api, stays.tokens.accessToken, sel.id);
    const n2 = await nominate(api, later.tokens.accessToken, sel.id);
    for (const n of [n1, n2]) await api.http.as(w.streetA).post(`/api/selection-nominations/${n.id}/select`);
    await api.http.as(w.streetA).post(`/api/selections/${sel.id}/publish`);
    const shown = async () => (await api.http.get<SelectionNotice>(`/api/public/selections/${sel.id}`)).body;
    expect((await shown()).entries.map((e) => e.maskedName)).toEqual(['王*英', '钱*退']);
    await api.http.as(later.tokens.accessToken).put('/api/me/ranking-opt-out', { optOut: true });
    const notice = await shown();
    expect(notice.entries).toEqual([{ nominationId: n1.id, maskedName: '王*英', community: '甲一社区', story: STORY }]);
    expect(JSON.stringify(notice)).not.toMatch(/钱|赵|王小英/);
    // the public list of selections counts only those it may show, as the notice itself does
    const listed = (await api.http.get<SelectionView[]>(`/api/public/selections?areaId=${w.tree.streetA.id}`)).body.find((s) => s.id === sel.id);
    expect(listed?.selectedCount).toBe(1);
    expect(notice.selection.selectedCount).toBe(1);
    travelToDay(api, 13);
    await api.http.as(w.streetA).post(`/api/selections/${sel.id}/finalise`);
    const final = await shown();
    expect(final.selection.status).toBe('final');
    expect(final.entries.map((e) => e.nominationId)).toEqual([n1.id]);
    expect(await notificationsOf(later.userId, '恭喜%')).toBe(0);
  });
});

describe('评选: 公示 and 异议', () => {
  it('takes objections from anyone during 公示, three an hour from one address, stores the contact encrypted and shows it masked', async () => {
    const w = await world();
    const sel = await newSelection(api, w.streetA, w.tree.streetA.id);
    const r = await newBoundResident(api, w.tree.communityA1, { realName: '王小英' });
    const n = await nominate(api, r.tokens.accessToken, sel.id);
    await api.http.as(w.streetA).post(`/api/selection-nominations/${n.id}/select`);
    await api.http.as(w.streetA).post(`/api/selections/${sel.id}/publish`);
    const objection = { nominationId: n.id, contact: '13912345678', reason: '据我所知她今年很少参加学习活动。' };
    // before 公示 starts
    expectApiError(await api.http.post(`/api/public/selections/${sel.id}/objections`, objection), 409);
    travelToDay(api, 7);
    expectApiError(await api.http.post(`/api/public/selections/${sel.id}/objections`, { ...objection, reason: '短' }), 400);
    expectApiError(await api.http.post(`/api/public/selections/${sel.id}/objections`, { ...objection, nominationId: n.id + 100000 }), 400);
    for (let i = 0; i < 3; i++) expect((await api.http.post(`/api/public/selections/${sel.id}/objections`, objection)).status).toBe(201);
    const limited = await api.http.post(`/api/public/selections/${sel.id}/objections`, objection);
    expectApiError(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
    const [stored] = (await api.db.query(`SELECT count(*)::int AS n, bool_or(contact_enc LIKE '%13912345678%') AS plain FROM selection_objection WHERE selection_id = $1`, [sel.id])) as {
      n: number;
      plain: boolean;
    }[];
    expect(stored).toEqual({ n: 3, plain: false });

    const list = (await api.http.as(w.streetA).get<ObjectionView[]>(`/api/selections/${sel.id}/objections`)).body;
    expect(list.map((o) => o.contactMasked)).toEqual(['139****5678', '139****5678', '139****5678']);
    // the name is masked there too, as the field says (the reviewers read the full name on the nomination)
    expect(list.map((o) => o.maskedName)).toEqual(['王*英', '王*英', '王*英']);
    expectApiError(await api.http.as(w.streetB).get(`/api/selections/${sel.id}/objections`), 403);
    // an hour later the same address may object again
    api.app.get(Clock).travelTo(new Date(api.app.get(Clock).now().getTime() + 3_601_000));
    expect((await api.http.post(`/api/public/selections/${sel.id}/objections`, objection)).status).toBe(201);
  });

  it('the 公示-end job settles the final list once every 异议 is answered; running it twice, or twice at once, changes nothing more', async () => {
    const w = await world();
    const sel = await newSelection(api, w.streetA, w.tree.streetA.id);
    const keep = await newBoundResident(api, w.tree.communityA1, { realName: '王小英' });
    const drop = await newBoundResident(api, w.tree.communityA2, { realName: '孙被撤' });
    const nk = await nominate(api, keep.tokens.accessToken, sel.id);
    const nd = await nominate(api, drop.tokens.accessToken, sel.id);
    for (const n of [nk, nd]) await api.http.as(w.streetA).post(`/api/selection-nominations/${n.id}/select`);
    await api.http.as(w.streetA).post(`/api/selections/${sel.id}/publish`);
    travelToDay(api, 8);
    await api.http.post(`/api/public/selections/${sel.id}/objections`, { nominationId: nd.id, contact: 'wx:sun-neighbour', reason: '此人事迹中的获奖情况与事实不符。' });
    await api.http.post(`/api/public/selections/${sel.id}/objections`, { nominationId: nk.id, contact: '13912345678', reason: '想了解她的学习时长是怎样计算的。' });
    expectApiError(await api.http.as(w.streetA).post(`/api/selections/${sel.id}/finalise`), 409);

    travelToDay(api, 13);
    const closer = api.app.get(SelectionNoticeCloser);
    await closer.tick();
    expect((await api.http.as(w.streetA).get<SelectionView>(`/api/selections/${sel.id}`)).body.status).toBe('notice');
    expect(expectApiError(await api.http.as(w.streetA).post(`/api/selections/${sel.id}/finalise`), 409).message).toContain('异议没有答复');
    const objections = (await api.http.as(w.streetA).get<ObjectionView[]>(`/api/selections/${sel.id}/objections`)).body;
    expect(objections.find((o) => o.nominationId === nd.id)?.contactMasked).toBe('wx************ur');
    for (const o of objections) {
      const upheld = o.nominationId === nd.id;
      const answered = await api.http.as(w.streetA).post(`/api/selection-objections/${o.id}/answer`, { answer: upheld ? '经核实，获奖情况不实，取消入选。' : '学时按学习账户记录计算。', upheld });
      expect(answered.status).toBe(200);
    }
    expectApiError(await api.http.as(w.streetA).post(`/api/selection-objections/${objections[0].id}/answer`, { answer: '再答一次', upheld: false }), 409);

    await Promise.all([closer.tick(), closer.tick()]);
    const [first] = (await api.db.query(`SELECT status, finalised_at FROM selection WHERE id = $1`, [sel.id])) as { status: string; finalised_at: Date }[];
    expect(first.status).toBe('final');
    await closer.tick();
    const [second] = (await api.db.query(`SELECT status, finalised_at FROM selection WHERE id = $1`, [sel.id])) as { status: string; finalised_at: Date }[];
    expect(second).toEqual(first);
    expect(await notificationsOf(keep.userId, '恭喜%')).toBe(1);
    expect(await notificationsOf(drop.userId, '恭喜%')).toBe(0);
    expect((await api.http.get<SelectionNotice>(`/api/public/selections/${sel.id}`)).body.entries.map((e) => e.nominationId)).toEqual([nk.id]);
    expect((await api.http.as(w.streetA).post<SelectionView>(`/api/selections/${sel.id}/finalise`)).body.status).toBe('final');
    const [events] = (await api.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'selection.finalise' AND target_id = $1`, [String(sel.id)])) as { n: number }[];
    expect(events.n).toBe(1);
  });
});

describe('评选: demo data', () => {
  it('the demo seed’s selection is in 公示 today with its nominee masked on the public page', async () => {
    const w = await world();
    const resident = await newBoundResident(api, w.tree.communityA1, { realName: '王秀英' });
    const [admin] = (await api.db.query(`SELECT id FROM app_user WHERE role = 'admin' AND area_id = $1`, [w.tree.district.id])) as { id: string }[];
    const id = await api.db.transaction((m) =>
      api.app.get(SelectionsService).seedDemo(m, { districtId: w.tree.district.id, adminId: admin.id, today: dayFromToday(api, 0), nominees: [{ userId: resident.userId, communityId: w.tree.communityA1.id, story: STORY }] }),
    );
    const notice = (await api.http.get<SelectionNotice>(`/api/public/selections/${id}`)).body;
    expect(notice.selection).toMatchObject({ status: 'notice', kind: 'star', selectedCount: 1 });
    expect(notice.entries).toEqual([{ nominationId: expect.any(Number), maskedName: '王*英', community: '甲一社区', story: STORY }]);
    expect((await api.http.get<SelectionView[]>(`/api/public/selections?areaId=${w.tree.streetA.id}`)).body).toEqual([]);
    expect((await api.http.get<SelectionView[]>(`/api/public/selections?areaId=${w.tree.district.id}`)).body.map((s) => s.id)).toEqual([id]);
  });
});
