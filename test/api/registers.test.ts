import {
  EducationWorkerView, ErrorCode, IndicatorCode, IndicatorValue, NumberedPage, ProfileError, RegisterError, Role, shanghaiDate, StatisticsOverview,
  TrainingRequirement, VolunteerListItem, VolunteerView, WorkerKind,
} from '@lp/shared';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { expectApiError, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish } from '../support/catalogue';
import { newAreaTree, newBoundResident, newResident, newSchool, newStaff, uniquePhone } from '../support/factories';
import { freshDatabase } from '../support/global-setup';

/**
 * The 志愿者 and 成人教育工作者 registers, and the two indicators the workers' register feeds. The file
 * has its own database, so the indicator figures below are exact.
 *
 *   district D ─ street A ─ community A1 (school S, school T), A2
 *              └ street B ─ community B1
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let superToken: string;
let streetAToken: string;
let streetBToken: string;
let teacherSToken: string;
let schoolS: Awaited<ReturnType<typeof newSchool>>;
let schoolT: Awaited<ReturnType<typeof newSchool>>;

const today = shanghaiDate();
const Y = Number(today.slice(0, 4));
const count = async (table: string) => ((await api.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n;

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_registers');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db });
  tree = await newAreaTree(api);
  superToken = (await newStaff(api, Role.SuperAdmin, { area: tree.district })).tokens.accessToken;
  streetAToken = (await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken;
  streetBToken = (await newStaff(api, Role.Admin, { area: tree.streetB })).tokens.accessToken;
  schoolS = await newSchool(api, tree.communityA1);
  schoolT = await newSchool(api, tree.communityA1);
  teacherSToken = (await newStaff(api, Role.Teacher, { school: schoolS })).tokens.accessToken;
  // 常住人口: the district 20,000, community A1 5,000
  for (const [id, total] of [[tree.district.id, 20000], [tree.communityA1.id, 5000]]) {
    const put = await api.http.as(superToken).put(`/api/areas/${id}/population/${Y}`, {
      residentTotal: total, aged60Plus: 0, under18: 0, employed: 0, migrantWorkers: 0, unemployed: 0, ruralLabor: 0,
    });
    expect(put.status).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('志愿者 register', () => {
  let selfJoined: Awaited<ReturnType<typeof newBoundResident>>;
  let enrolled: Awaited<ReturnType<typeof newBoundResident>>;
  let enrolledId: number;

  it('a resident joins in their home community once; a second join and a resident without a profile are refused in Chinese', async () => {
    selfJoined = await newBoundResident(api, tree.communityA1, { realName: '张志愿' });
    const me = api.http.as(selfJoined.tokens.accessToken);
    expectApiError(await me.get('/api/me/volunteer'), 404, RegisterError.NotVolunteer);
    // joining shows name and phone to the community's staff: without the resident's yes (an empty body too), nobody joins
    const volunteersBefore = await count('volunteer');
    for (const body of [{}, { agreed: false }, { agreed: 'true' }, { skills: ['摄影'] }]) {
      expectApiError(await me.post('/api/me/volunteer', body), 400, ErrorCode.ValidationFailed);
    }
    expectApiError(await me.send('POST', '/api/me/volunteer', undefined, { 'content-type': 'application/json' }), 400, ErrorCode.ValidationFailed);
    expect(await count('volunteer')).toBe(volunteersBefore);
    const joined = await me.post<VolunteerView>('/api/me/volunteer', { skills: ['摄影', ' 讲解 '], intro: '周末有空', agreed: true });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ realName: '张志愿', area: { id: tree.communityA1.id }, skills: ['摄影', '讲解'], status: 'active', joinedBy: 'self', joinedOn: today, totalMinutes: 0 });
    expect(joined.body.phoneMasked).toBe(`${selfJoined.phone.slice(0, 3)}****${selfJoined.phone.slice(7)}`);
    expectApiError(await me.post('/api/me/volunteer', { agreed: true }), 409, RegisterError.AlreadyVolunteer);

    const unbound = await newResident(api);
    const before = await count('volunteer');
    expectApiError(await api.http.as(unbound.tokens.accessToken).post('/api/me/volunteer', { agreed: true }), 409, ProfileError.NotBound);
    expectApiError(await me.post('/api/me/volunteer', { skills: ['一二三四五六七八九十一二三四五六七八九十一'], agreed: true }), 400, ErrorCode.ValidationFailed);
    expect(await count('volunteer')).toBe(before);
    // a resident is not an admin of the register
    expectApiError(await me.get('/api/admin/volunteers'), 403);
  });

  it('an admin enrols a bound resident by phone in their own subtree only; a stranger phone, bad phone or another street writes nothing', async () => {
    enrolled = await newBoundResident(api, tree.communityA2, { realName: '李热心' });
    const before = await count('volunteer');
    expectApiError(await api.http.as(streetBToken).post('/api/admin/volunteers', { phone: enrolled.phone, areaId: tree.communityA2.id }), 403, ErrorCode.OutOfScope);
    expectApiError(await api.http.as(streetAToken).post('/api/admin/volunteers', { phone: uniquePhone(), areaId: tree.communityA2.id }), 404, RegisterError.ResidentUnknown);
    const bad = expectApiError(await api.http.as(streetAToken).post('/api/admin/volunteers', { phone: '12345', areaId: tree.communityA2.id }), 400, ErrorCode.ValidationFailed);
    expect(bad.details?.join()).toContain('手机号格式不对');
    expect(await count('volunteer')).toBe(before);

    const made = await api.http.as(streetAToken).post<VolunteerView>('/api/admin/volunteers', { phone: enrolled.phone, areaId: tree.communityA2.id, skills: ['电脑教学'] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ realName: '李热心', joinedBy: 'admin', area: { id: tree.communityA2.id } });
    enrolledId = made.body.id;
    expectApiError(await api.http.as(superToken).post('/api/admin/volunteers', { phone: enrolled.phone, areaId: tree.communityB1.id }), 409, RegisterError.AlreadyVolunteer);
  });

  it('lists the register per area with phones masked, and never another street’s volunteers', async () => {
    const listA = await api.http.as(streetAToken).get<NumberedPage<VolunteerListItem>>('/api/admin/volunteers');
    expect(listA.status).toBe(200);
    expect(listA.body.total).toBe(2);
    for (const item of listA.body.items) {
      expect(item.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(JSON.stringify(item)).not.toContain(selfJoined.phone);
      expect(JSON.stringify(item)).not.toContain(enrolled.phone);
    }
    const onlyA2 = await api.http.as(streetAToken).get<NumberedPage<VolunteerListItem>>(`/api/admin/volunteers?areaId=${tree.communityA2.id}`);
    expect(onlyA2.body.items.map((i) => i.realName)).toEqual(['李热心']);
    expect((await api.http.as(streetBToken).get<NumberedPage<VolunteerListItem>>('/api/admin/volunteers')).body.total).toBe(0);
    expectApiError(await api.http.as(streetBToken).get(`/api/admin/volunteers?areaId=${tree.streetA.id}`), 403, ErrorCode.OutOfScope);
    expectApiError(await api.http.as(streetBToken).get(`/api/admin/volunteers/${enrolledId}`), 403, ErrorCode.OutOfScope);
    expectApiError(await api.http.as(streetAToken).get('/api/admin/volunteers?status=busy'), 400, ErrorCode.ValidationFailed);
  });

  it('records service minutes per activity and session once, only for activities in the admin’s area, and the volunteer sees them', async () => {
    const publisher = await newPublisher(api, schoolS, tree.streetA);
    const venue = await newVenue(api, tree.communityA1, 30.25, 120.16);
    const activity = await publish(api, publisher, activityInput(venue.id, { title: '重阳节志愿讲解活动' }));
    const elsewhere = await publish(api, await newPublisher(api, await newSchool(api, tree.communityB1), tree.streetB), activityInput(null, { title: '乙街道的讲座' }));
    const sessionId = activity.sessions[0].id;
    const meId = (await api.http.as(selfJoined.tokens.accessToken).get<VolunteerView>('/api/me/volunteer')).body.id;
    const record = (token: string, body: object) => api.http.as(token).post<VolunteerView>(`/api/admin/volunteers/${meId}/services`, body);

    const before = await count('volunteer_service');
    expectApiError(await record(streetAToken, { offeringId: elsewhere.id, servedOn: today, minutes: 60, duty: '引导' }), 400, RegisterError.OfferingUnknown);
    expectApiError(await record(streetAToken, { offeringId: activity.id, sessionId: elsewhere.sessions[0].id, servedOn: today, minutes: 60, duty: '引导' }), 400, RegisterError.OfferingUnknown);
    expectApiError(await record(streetAToken, { offeringId: activity.id, servedOn: `${Y + 1}-01-01`, minutes: 60, duty: '引导' }), 400, RegisterError.DatesInconsistent);
    expectApiError(await record(streetAToken, { offeringId: activity.id, servedOn: today, minutes: 0, duty: '引导' }), 400, ErrorCode.ValidationFailed);
    expectApiError(await record(streetBToken, { offeringId: activity.id, servedOn: today, minutes: 60, duty: '引导' }), 403, ErrorCode.OutOfScope);
    expect(await count('volunteer_service')).toBe(before);

    const first = await record(streetAToken, { offeringId: activity.id, sessionId, servedOn: today, minutes: 90, duty: '引导签到' });
    expect(first.status).toBe(201);
    expect(first.body.totalMinutes).toBe(90);
    expectApiError(await record(streetAToken, { offeringId: activity.id, sessionId, servedOn: today, minutes: 30, duty: '摄影' }), 409, RegisterError.ServiceRecorded);
    expect((await record(superToken, { offeringId: activity.id, servedOn: today, minutes: 30, duty: '摄影' })).status).toBe(201);

    const mine = await api.http.as(selfJoined.tokens.accessToken).get<VolunteerView>('/api/me/volunteer');
    expect(mine.body.totalMinutes).toBe(120);
    expect(mine.body.services.map((s) => [s.offering.title, s.minutes, s.duty]).sort()).toEqual([['重阳节志愿讲解活动', 30, '摄影'], ['重阳节志愿讲解活动', 90, '引导签到']]);
    const line = (await api.http.as(streetAToken).get<NumberedPage<VolunteerListItem>>(`/api/admin/volunteers?areaId=${tree.communityA1.id}`)).body.items[0];
    expect(line).toMatchObject({ totalMinutes: 120, activities: 1 });

    // a paused volunteer gets no new service until resumed
    expect((await api.http.as(streetAToken).patch<VolunteerView>(`/api/admin/volunteers/${meId}`, { status: 'paused' })).body.status).toBe('paused');
    expectApiError(await record(streetAToken, { offeringId: activity.id, servedOn: today, minutes: 30, duty: '摄影' }), 409, RegisterError.VolunteerInactive);
    expectApiError(await api.http.as(streetAToken).patch(`/api/admin/volunteers/${meId}`, {}), 400, RegisterError.NothingToChange);
  });
});

describe('成人教育工作者 register and its indicators', () => {
  const indicators = async (areaId: number) => {
    const res = await api.http.as(superToken).get<StatisticsOverview>(`/api/areas/${areaId}/statistics?year=${Y}`);
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.indicators.map((i) => [i.code, i])) as Record<IndicatorCode, IndicatorValue>;
  };
  const register = (token: string, body: object) => api.http.as(token).post<EducationWorkerView>('/api/admin/education-workers', body);
  let fullTimeId: number;
  let partTimeId: number;

  it('registering a 专职 worker moves 成人教育专职工作者 in the node and its ancestors; a 兼职 one does not; teacher accounts no longer count', async () => {
    const before = await indicators(tree.communityA1.id);
    // the teacher account of school S exists, and counts for nothing now
    expect(before[IndicatorCode.EducationStaff]).toMatchObject({ numerator: 0, denominator: 5000, value: 0, met: false });
    expect(before[IndicatorCode.StaffTraining]).toMatchObject({ numerator: 0, denominator: 0, value: null, met: null, applicable: false });

    const phone = uniquePhone();
    const made = await register(streetAToken, { name: '王专职', phone, kind: WorkerKind.FullTime, areaId: tree.communityA1.id, qualifications: ['高级讲师'], joinedOn: `${Y}-01-15` });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: '王专职', kind: 'full_time', area: { id: tree.communityA1.id }, school: null, qualifications: ['高级讲师'], yearMinutes: 0, requiredMinutes: 72 * 60, metRequirement: false });
    expect(made.body.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    fullTimeId = made.body.id;
    const stored = (await api.db.query(`SELECT phone_enc, phone_hash FROM education_worker WHERE id = $1`, [fullTimeId])) as { phone_enc: string; phone_hash: string }[];
    expect(stored[0].phone_enc).not.toContain(phone);
    expect(stored[0].phone_hash).not.toContain(phone);

    const A1 = await indicators(tree.communityA1.id);
    expect(A1[IndicatorCode.EducationStaff]).toMatchObject({ numerator: 1, denominator: 5000, value: 2, met: true });
    expect((await indicators(tree.district.id))[IndicatorCode.EducationStaff]).toMatchObject({ numerator: 1, denominator: 20000, value: 0.5, met: false });
    expect((await indicators(tree.streetB.id))[IndicatorCode.EducationStaff].numerator).toBe(0);

    // a school's staff register their own school's workers: 兼职, not counted as 专职
    const partTime = await register(teacherSToken, { name: '赵兼职', phone: uniquePhone(), kind: WorkerKind.PartTime, schoolId: schoolS.id, joinedOn: `${Y}-02-01` });
    expect(partTime.status).toBe(201);
    expect(partTime.body).toMatchObject({ school: { id: schoolS.id }, area: { id: tree.communityA1.id } });
    partTimeId = partTime.body.id;
    expect((await indicators(tree.communityA1.id))[IndicatorCode.EducationStaff].numerator).toBe(1);
  });

  it('keeps each keeper to their scope, and refuses bad input in Chinese with nothing written', async () => {
    const before = await count('education_worker');
    expectApiError(await register(teacherSToken, { name: '越权', phone: uniquePhone(), kind: 'full_time', schoolId: schoolT.id, joinedOn: today }), 403, RegisterError.SchoolUnknown);
    expectApiError(await register(teacherSToken, { name: '越权', phone: uniquePhone(), kind: 'full_time', areaId: tree.communityA1.id, joinedOn: today }), 400, RegisterError.SchoolUnknown);
    expectApiError(await register(streetBToken, { name: '越权', phone: uniquePhone(), kind: 'full_time', areaId: tree.communityA1.id, joinedOn: today }), 403, ErrorCode.OutOfScope);
    expectApiError(await register(streetBToken, { name: '越权', phone: uniquePhone(), kind: 'full_time', schoolId: schoolS.id, joinedOn: today }), 400, RegisterError.SchoolUnknown);
    const bad = expectApiError(await register(streetAToken, { name: '', phone: '1380000', kind: 'half', areaId: tree.communityA1.id, joinedOn: '2026/01/01' }), 400, ErrorCode.ValidationFailed);
    expect(bad.details?.join()).toMatch(/请填写姓名.*手机号格式不对|手机号格式不对/);
    expectApiError(await register(streetAToken, { name: '未来', phone: uniquePhone(), kind: 'full_time', areaId: tree.communityA1.id, joinedOn: `${Y + 1}-01-01` }), 400, RegisterError.DatesInconsistent);
    const taken = (await api.http.as(streetAToken).get<EducationWorkerView>(`/api/admin/education-workers/${fullTimeId}`)).body;
    expect(taken.name).toBe('王专职');
    expect(await count('education_worker')).toBe(before);

    // the teacher sees their school's workers only; street B sees none of street A's
    const teacherList = await api.http.as(teacherSToken).get<NumberedPage<EducationWorkerView>>('/api/admin/education-workers');
    expect(teacherList.body.items.map((w) => w.id)).toEqual([partTimeId]);
    expectApiError(await api.http.as(teacherSToken).get(`/api/admin/education-workers/${fullTimeId}`), 403, ErrorCode.OutOfScope);
    expectApiError(await api.http.as(streetBToken).get(`/api/admin/education-workers/${partTimeId}`), 403, ErrorCode.OutOfScope);
    expect((await api.http.as(streetBToken).get<NumberedPage<EducationWorkerView>>('/api/admin/education-workers')).body.total).toBe(0);
    const listA = await api.http.as(streetAToken).get<NumberedPage<EducationWorkerView>>(`/api/admin/education-workers?kind=full_time`);
    expect(listA.body.items.map((w) => w.name)).toEqual(['王专职']);
    const resident = await newResident(api);
    expectApiError(await api.http.as(resident.tokens.accessToken).get('/api/admin/education-workers'), 403);
  });

  it('成人教育工作者继续教育参与率 counts workers whose year’s training reaches the district’s requirement, which the district alone sets', async () => {
    const training = (token: string, id: number, body: object) => api.http.as(token).post<EducationWorkerView>(`/api/admin/education-workers/${id}/training`, body);
    const rate = async () => (await indicators(tree.communityA1.id))[IndicatorCode.StaffTraining];
    expect(await rate()).toMatchObject({ numerator: 0, denominator: 2, value: 0, target: 0.8, unit: 'rate', met: false, applicable: true });

    // bad entries write nothing
    const before = await count('education_worker_training');
    expectApiError(await training(streetAToken, fullTimeId, { trainedOn: `${Y}-01-01`, minutes: 60, what: '入册前的培训' }), 400, RegisterError.DatesInconsistent);
    expectApiError(await training(streetAToken, fullTimeId, { trainedOn: `${Y + 1}-01-01`, minutes: 60, what: '明年的培训' }), 400, RegisterError.DatesInconsistent);
    expectApiError(await training(streetAToken, fullTimeId, { trainedOn: `${Y}-03-01`, minutes: -5, what: '培训' }), 400, ErrorCode.ValidationFailed);
    expectApiError(await training(teacherSToken, fullTimeId, { trainedOn: `${Y}-03-01`, minutes: 60, what: '别校的' }), 403, ErrorCode.OutOfScope);
    expect(await count('education_worker_training')).toBe(before);

    // 72 学时 by default: 71 hours is not enough, 72 is
    const partial = await training(streetAToken, fullTimeId, { trainedOn: `${Y}-03-01`, minutes: 71 * 60, what: '社区教育工作者岗位培训' });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({ yearMinutes: 71 * 60, metRequirement: false });
    expect((await rate()).numerator).toBe(0);
    const full = await training(streetAToken, fullTimeId, { trainedOn: `${Y}-04-01`, minutes: 60, what: '老年教育专题研修' });
    expect(full.body).toMatchObject({ yearMinutes: 72 * 60, metRequirement: true });
    expect(full.body.training.map((t) => t.what)).toEqual(['老年教育专题研修', '社区教育工作者岗位培训']);
    expect(await rate()).toMatchObject({ numerator: 1, denominator: 2, value: 0.5, met: false });

    // the teacher records their own school's part-timer: 30 hours, short of 72
    expect((await training(teacherSToken, partTimeId, { trainedOn: `${Y}-05-01`, minutes: 30 * 60, what: '教学能力提升' })).status).toBe(201);
    expect((await rate()).numerator).toBe(1);

    // only the district sets the requirement; at 30 学时 both count
    expectApiError(await api.http.as(streetAToken).put(`/api/admin/education-workers/requirement/${Y}`, { requiredMinutes: 1800 }), 403, RegisterError.DistrictOnly);
    expectApiError(await api.http.as(superToken).put(`/api/admin/education-workers/requirement/${Y}`, { requiredMinutes: 'many' }), 400, ErrorCode.ValidationFailed);
    expect((await api.http.as(teacherSToken).get<TrainingRequirement>(`/api/admin/education-workers/requirement/${Y}`)).body).toEqual({ year: Y, requiredMinutes: 4320, setByDistrict: false });
    const set = await api.http.as(superToken).put<TrainingRequirement>(`/api/admin/education-workers/requirement/${Y}`, { requiredMinutes: 1800 });
    expect(set.body).toEqual({ year: Y, requiredMinutes: 1800, setByDistrict: true });
    expect(await rate()).toMatchObject({ numerator: 2, denominator: 2, value: 1, met: true });
    expect((await indicators(tree.district.id))[IndicatorCode.StaffTraining]).toMatchObject({ numerator: 2, denominator: 2 });
    // the previous year had nobody in the register
    const last = await api.http.as(superToken).get<StatisticsOverview>(`/api/areas/${tree.communityA1.id}/statistics?year=${Y - 1}`);
    expect(last.body.indicators.find((i) => i.code === IndicatorCode.StaffTraining)).toMatchObject({ numerator: 0, denominator: 0 });
  });

  it('a worker who left before the year counts in neither indicator, and no training may fall after the day they left', async () => {
    const old = await register(superToken, { name: '钱已调离', phone: uniquePhone(), kind: WorkerKind.FullTime, areaId: tree.communityA1.id, joinedOn: `${Y - 2}-03-01` });
    expect(old.status).toBe(201);
    expect((await indicators(tree.communityA1.id))[IndicatorCode.EducationStaff].numerator).toBe(2);
    expectApiError(await api.http.as(streetAToken).patch(`/api/admin/education-workers/${old.body.id}`, { leftOn: `${Y - 2}-01-01` }), 400, RegisterError.DatesInconsistent);
    const left = await api.http.as(streetAToken).patch<EducationWorkerView>(`/api/admin/education-workers/${old.body.id}`, { leftOn: `${Y - 1}-12-31` });
    expect(left.status).toBe(200);
    expect(left.body.leftOn).toBe(`${Y - 1}-12-31`);
    const A1 = await indicators(tree.communityA1.id);
    expect(A1[IndicatorCode.EducationStaff].numerator).toBe(1);
    expect(A1[IndicatorCode.StaffTraining].denominator).toBe(2);
    expectApiError(await api.http.as(streetAToken).post(`/api/admin/education-workers/${old.body.id}/training`, { trainedOn: `${Y}-01-05`, minutes: 60, what: '离册后的培训' }), 400, RegisterError.DatesInconsistent);
    // the phone of another worker cannot be taken by an edit
    const phoneOfFullTime = uniquePhone();
    expect((await api.http.as(streetAToken).patch(`/api/admin/education-workers/${fullTimeId}`, { phone: phoneOfFullTime })).status).toBe(200);
    expectApiError(await api.http.as(streetAToken).patch(`/api/admin/education-workers/${old.body.id}`, { phone: phoneOfFullTime }), 409, RegisterError.WorkerPhoneTaken);
    expectApiError(await register(streetAToken, { name: '重复', phone: phoneOfFullTime, kind: 'part_time', areaId: tree.communityA2.id, joinedOn: today }), 409, RegisterError.WorkerPhoneTaken);
  });
});
