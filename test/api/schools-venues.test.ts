import { AreaLevel, ErrorCode, NumberedPage, PlaceError, PlaceImportResult, Role, SchoolAdminItem, SchoolSummary, SchoolType, SpreadsheetError, VenueAdminItem, VenueSummary } from '@lp/shared';
import { randomInt } from 'node:crypto';
import { Area } from '@lp/server/dist/areas/area.entity';
import { AreasService } from '@lp/server/dist/areas/areas.service';
import { expectApiError, Reply, startApi, TestApi, uploadFile } from '../support/api';
import { School } from '@lp/server/dist/schools/school.entity';
import { activityInput } from '../support/catalogue';
import { newStaff } from '../support/factories';
import { headerRow, repeatedPart, SHEET_HEAD, SHEET_TAIL, workbookParts, zipOf } from '../support/hostile-files';

let api: TestApi;
beforeAll(async () => {
  api = await startApi({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
});
afterAll(() => api.close());

/** A coded district with two streets (one community each, and a retired community in street 1), a super-admin and a street-1 admin. */
async function newDistrict() {
  const areas = api.app.get(AreasService);
  const prefix = String(randomInt(100000, 999999));
  const make = (name: string, level: AreaLevel, parent: Area | null, code: string) =>
    areas.createArea(api.db.manager, { code, name, level, parentId: parent?.id ?? null, isRural: false, latitude: null, longitude: null });
  const district = await make(`场所区${prefix}`, AreaLevel.District, null, `${prefix}000000`);
  const street1 = await make('东街道', AreaLevel.Street, district, `${prefix}001000`);
  const community1 = await make('东一社区', AreaLevel.Community, street1, `${prefix}001001`);
  const retired = await make('撤并社区', AreaLevel.Community, street1, `${prefix}001009`);
  await api.db.query(`UPDATE area SET retired_at = now() WHERE id = $1`, [retired.id]);
  const street2 = await make('西街道', AreaLevel.Street, district, `${prefix}002000`);
  const community2 = await make('西一社区', AreaLevel.Community, street2, `${prefix}002001`);
  const superAdmin = (await newStaff(api, Role.SuperAdmin, { area: district })).tokens.accessToken;
  const streetAdmin = (await newStaff(api, Role.Admin, { area: street1 })).tokens.accessToken;
  return { prefix, district, street1, community1, retired, street2, community2, superAdmin, streetAdmin, asSuper: api.http.as(superAdmin), asStreet: api.http.as(streetAdmin) };
}

/** Rows of a table inside district `d` (other test files write to the same database at the same time). */
const IN_DISTRICT = {
  school: 'area_id IN (SELECT id FROM area WHERE path LIKE $1)',
  venue: 'area_id IN (SELECT id FROM area WHERE path LIKE $1)',
  venue_room: 'venue_id IN (SELECT v.id FROM venue v JOIN area a ON a.id = v.area_id WHERE a.path LIKE $1)',
  audit_event: 'area_id IN (SELECT id FROM area WHERE path LIKE $1)',
};
const count = async (d: { district: Area }, table: keyof typeof IN_DISTRICT, where = 'true', params: unknown[] = []) =>
  (await api.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${IN_DISTRICT[table]} AND ${where}`, [`${d.district.path}%`, ...params]))[0].n as number;
const schoolInput = (areaId: number, name = `测试市民学校${randomInt(1e6)}`) => ({ name, type: SchoolType.CitizenSchool, areaId, address: '和平路1号' });
const venueInput = (areaId: number, name = `测试活动中心${randomInt(1e6)}`) => ({
  name, address: '和平路2号', latitude: 29.87, longitude: 121.55, capacity: 120, areaId,
  rooms: [{ name: '101教室', capacity: 30 }, { name: '多功能厅', capacity: 80 }],
  openingHours: [{ weekday: 1, opens: '08:30', closes: '17:00' }, { weekday: 6, opens: '09:00', closes: '12:00' }],
});

describe('schools', () => {
  it('an admin adds, edits and deactivates a school; the list searches, filters and pages; each change is audited', async () => {
    const d = await newDistrict();
    const created = await d.asStreet.post<SchoolAdminItem>('/api/admin/schools', schoolInput(d.community1.id, '东一社区市民学校'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '东一社区市民学校', type: SchoolType.CitizenSchool, active: true, area: { id: d.community1.id, retired: false }, venueCount: 0 });
    const id = created.body.id;
    const edited = await d.asStreet.patch<SchoolAdminItem>(`/api/admin/schools/${id}`, { type: SchoolType.SeniorUniversity, address: '和平路9号' });
    expect(edited.body).toMatchObject({ type: SchoolType.SeniorUniversity, address: '和平路9号' });
    await d.asSuper.post('/api/admin/schools', schoolInput(d.community2.id, `西一社区市民学校${d.prefix}`));
    const off = await d.asStreet.patch<SchoolAdminItem>(`/api/admin/schools/${id}`, { active: false });
    expect(off.body.active).toBe(false);

    const all = (await d.asSuper.get<NumberedPage<SchoolAdminItem>>(`/api/admin/schools?areaId=${d.district.id}`)).body;
    expect(all.total).toBe(2);
    const street = (await d.asStreet.get<NumberedPage<SchoolAdminItem>>('/api/admin/schools')).body;
    expect(street.items.map((s) => s.name)).toEqual(['东一社区市民学校']);
    const found = (await d.asSuper.get<NumberedPage<SchoolAdminItem>>(`/api/admin/schools?q=${encodeURIComponent('和平路9')}`)).body;
    expect(found.items.map((s) => s.id)).toEqual([id]);
    expect((await d.asSuper.get<NumberedPage<SchoolAdminItem>>(`/api/admin/schools?active=true&type=senior_university&areaId=${d.district.id}`)).body.total).toBe(0);
    expect((await d.asSuper.get<NumberedPage<SchoolAdminItem>>(`/api/admin/schools?active=false&areaId=${d.district.id}`)).body.items.map((s) => s.id)).toEqual([id]);
    const paged = (await d.asSuper.get<NumberedPage<SchoolAdminItem>>(`/api/admin/schools?areaId=${d.district.id}&limit=1&page=2`)).body;
    expect(paged).toMatchObject({ total: 2, page: 2, limit: 1 });
    expect(paged.items).toHaveLength(1);
    // the public list (teachers' and residents' pages) shows only schools in use
    const open = (await api.http.get<SchoolSummary[]>(`/api/schools?areaId=${d.district.id}`)).body;
    expect(open.map((s) => s.name)).toEqual([`西一社区市民学校${d.prefix}`]);

    const audits = await api.db.query(`SELECT action, actor_id FROM audit_event WHERE target_type = 'school' AND target_id = $1 ORDER BY id`, [String(id)]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['school.add', 'school.change', 'school.change']);
  });

  it('refuses bad input, a retired area, a taken name and another street, in Chinese, writing nothing', async () => {
    const d = await newDistrict();
    const before = { schools: await count(d, 'school'), audits: await count(d, 'audit_event') };
    const cases: [Reply, number, string][] = [
      [await d.asStreet.post('/api/admin/schools', { ...schoolInput(d.community1.id), name: '' }), 400, ErrorCode.ValidationFailed],
      [await d.asStreet.post('/api/admin/schools', { ...schoolInput(d.community1.id), type: 'kindergarten' }), 400, ErrorCode.ValidationFailed],
      [await d.asStreet.post('/api/admin/schools', { ...schoolInput(d.community1.id), name: '校'.repeat(65) }), 400, ErrorCode.ValidationFailed],
      [await d.asStreet.post('/api/admin/schools', schoolInput(d.retired.id)), 409, PlaceError.AreaRetired],
      [await d.asStreet.post('/api/admin/schools', schoolInput(d.community2.id)), 403, ErrorCode.OutOfScope],
      [await d.asStreet.get(`/api/admin/schools?areaId=${d.street2.id}`), 403, ErrorCode.OutOfScope],
      [await d.asStreet.get('/api/admin/schools?limit=1000'), 400, ErrorCode.ValidationFailed],
    ];
    const taken = await d.asStreet.post<SchoolAdminItem>('/api/admin/schools', schoolInput(d.community1.id));
    cases.push([await d.asStreet.post('/api/admin/schools', schoolInput(d.community1.id, taken.body.name)), 409, PlaceError.NameTaken]);
    cases.push([await d.asStreet.patch(`/api/admin/schools/${taken.body.id}`, { areaId: d.retired.id }), 409, PlaceError.AreaRetired]);
    cases.push([await d.asStreet.patch(`/api/admin/schools/${taken.body.id}`, {}), 400, PlaceError.NothingToChange]);
    const other = await d.asSuper.post<SchoolAdminItem>('/api/admin/schools', schoolInput(d.community2.id));
    cases.push([await d.asStreet.patch(`/api/admin/schools/${other.body.id}`, { name: '抢过来' }), 403, ErrorCode.OutOfScope]);
    for (const [reply, status, code] of cases) expectApiError(reply, status, code);
    expect(await count(d, 'school')).toBe(before.schools + 2);
    expect(await count(d, 'audit_event')).toBe(before.audits + 2);
    // a teacher reads the public list only
    const teacherSchool = taken.body;
    const teacher = await newStaff(api, Role.Teacher, { school: { id: teacherSchool.id } as never });
    expectApiError(await api.http.as(teacher.tokens.accessToken).get('/api/admin/schools'), 403);
    expect((await api.http.as(teacher.tokens.accessToken).get('/api/schools')).status).toBe(200);
  });

  it('imports a schools file: preview writes nothing, apply adds and updates, the same file again changes nothing', async () => {
    const d = await newDistrict();
    const file = (addr: string) => ['学校名称,类别,区划代码,地址', `东街道成校${d.prefix},街道分院/成校,${d.prefix}001000,${addr}`, `东一老年大学${d.prefix},老年大学,${d.prefix}001001,`].join('\n');
    const before = await count(d, 'school');
    const preview = await uploadFile<PlaceImportResult>(api.http, d.streetAdmin, '/api/admin/schools/import/preview', '\uFEFF' + file('东路1号'), 'schools.csv');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ applied: false, unchanged: 0 });
    expect(preview.body.changes.map((c) => c.kind)).toEqual(['add', 'add']);
    expect(await count(d, 'school')).toBe(before);
    const applied = await uploadFile<PlaceImportResult>(api.http, d.streetAdmin, '/api/admin/schools/import', file('东路1号'), 'schools.csv');
    expect(applied.body.applied).toBe(true);
    expect(await count(d, 'school')).toBe(before + 2);
    const again = await uploadFile<PlaceImportResult>(api.http, d.streetAdmin, '/api/admin/schools/import', file('东路1号'), 'schools.csv');
    expect(again.body).toMatchObject({ changes: [], unchanged: 2 });
    const moved = await uploadFile<PlaceImportResult>(api.http, d.streetAdmin, '/api/admin/schools/import', file('东路2号'), 'schools.csv');
    expect(moved.body.changes.map((c) => [c.name, c.kind])).toEqual([[`东街道成校${d.prefix}`, 'update']]);
    expect(await count(d, 'audit_event', `action = 'school.import' AND area_id = $2`, [d.street1.id])).toBe(2);
  });

  it('refuses a file with bad rows (each named in Chinese), a retired or foreign area, or no file; nothing is written', async () => {
    const d = await newDistrict();
    const before = await count(d, 'school');
    const bad = ['学校名称,类别,区划代码', `好学校${d.prefix},老年大学,${d.prefix}001001`, `坏学校${d.prefix},幼儿园,${d.prefix}001001`, `旧学校${d.prefix},老年大学,${d.prefix}001009`, `越界学校${d.prefix},老年大学,${d.prefix}002001`, `无码学校,老年大学,12`].join('\n');
    const err = expectApiError(await uploadFile(api.http, d.streetAdmin, '/api/admin/schools/import', bad, 'bad.csv'), 400, PlaceError.ImportInvalid);
    expect(err.details).toEqual([
      expect.stringMatching(/^第3行：类别应当是/),
      expect.stringMatching(/^第6行：“12”不是12位的统计用区划代码/),
      expect.stringMatching(/^第4行（旧学校\d+）：撤并社区已停用/),
      expect.stringMatching(/^第5行（越界学校\d+）：西一社区不在您管理的范围内/),
    ]);
    expectApiError(await uploadFile(api.http, d.streetAdmin, '/api/admin/schools/import', '名字,地方\n甲,乙', 'x.csv'), 400, PlaceError.FileHeader);
    expectApiError(await d.asStreet.post('/api/admin/schools/import', {}), 400, PlaceError.FileMissing);
    expect(await count(d, 'school')).toBe(before);
  });

  it('a hostile .xlsx (a million rows, small on the wire) is stopped at the reader’s limits and an oversized upload at the size limit', async () => {
    const d = await newDistrict();
    const before = await count(d, 'school');
    const rows = repeatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD + headerRow(['学校名称', '类别', '区划代码']), `<row><c t="inlineStr"><is><t>甲</t></is></c></row>`, 1_000_000, SHEET_TAIL);
    const started = Date.now();
    const res = await uploadFile(api.http, d.superAdmin, '/api/admin/schools/import', zipOf([...(await workbookParts()), rows]), 'rows.xlsx');
    expect([SpreadsheetError.TooManyRows, SpreadsheetError.TooLarge]).toContain(expectApiError(res, 413).code);
    expect(Date.now() - started).toBeLessThan(5000);
    const huge = await uploadFile(api.http, d.superAdmin, '/api/admin/venues/import', Buffer.alloc(3 * 1024 * 1024, 'a'), 'huge.csv');
    expectApiError(huge, 413);
    expect(await count(d, 'school')).toBe(before);
  });
});

describe('a deactivated school or venue takes nothing new', () => {
  it('a teacher cannot put an activity at a deactivated venue, nor publish for a deactivated school; nothing is written', async () => {
    const d = await newDistrict();
    const made = await d.asStreet.post<SchoolAdminItem>('/api/admin/schools', schoolInput(d.community1.id));
    const school = await api.db.manager.findOneByOrFail(School, { id: made.body.id });
    const teacher = api.http.as((await newStaff(api, Role.Teacher, { school })).tokens.accessToken);
    const venue = await d.asStreet.post<VenueAdminItem>('/api/admin/venues', venueInput(d.community1.id));
    await d.asStreet.patch(`/api/admin/venues/${venue.body.id}`, { active: false });
    const offerings = async () => (await api.db.query(`SELECT count(*)::int AS n FROM offering WHERE school_id = $1`, [school.id]))[0].n as number;
    expect(expectApiError(await teacher.post('/api/teacher/offerings', activityInput(venue.body.id)), 400).message).toMatch(/场地已停用/);
    await d.asStreet.patch(`/api/admin/venues/${venue.body.id}`, { active: true });
    await d.asStreet.patch(`/api/admin/schools/${school.id}`, { active: false });
    expect(expectApiError(await teacher.post('/api/teacher/offerings', activityInput(venue.body.id)), 403).message).toMatch(/学校已停用/);
    expect(await offerings()).toBe(0);
    await d.asStreet.patch(`/api/admin/schools/${school.id}`, { active: true });
    expect((await teacher.post('/api/teacher/offerings', activityInput(venue.body.id))).status).toBe(201);
    expect(await offerings()).toBe(1);
  });
});

describe('venues', () => {
  it('an admin adds a venue with rooms and opening hours, edits them, deactivates it; teachers’ list keeps working; audited', async () => {
    const d = await newDistrict();
    const school = await d.asStreet.post<SchoolAdminItem>('/api/admin/schools', schoolInput(d.community1.id));
    const created = await d.asStreet.post<VenueAdminItem>('/api/admin/venues', { ...venueInput(d.community1.id, '东一活动中心'), schoolId: school.body.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '东一活动中心', latitude: 29.87, longitude: 121.55, capacity: 120, active: true, school: { id: school.body.id },
      rooms: [{ name: '101教室', capacity: 30 }, { name: '多功能厅', capacity: 80 }],
      openingHours: [{ weekday: 1, opens: '08:30', closes: '17:00' }, { weekday: 6, opens: '09:00', closes: '12:00' }],
    });
    const id = created.body.id;
    const hall = created.body.rooms.find((r) => r.name === '多功能厅')!;
    const edited = await d.asStreet.patch<VenueAdminItem>(`/api/admin/venues/${id}`, { rooms: [{ name: '多功能厅', capacity: 100 }, { name: '书画室', capacity: 20 }], latitude: 29.9 });
    expect(edited.body.rooms).toEqual([{ id: hall.id, name: '多功能厅', capacity: 100 }, { id: expect.any(Number), name: '书画室', capacity: 20 }]);
    expect(edited.body.latitude).toBe(29.9);
    const listed = (await d.asStreet.get<NumberedPage<VenueAdminItem>>(`/api/admin/venues?q=${encodeURIComponent('东一')}`)).body;
    expect(listed.items.map((v) => v.id)).toEqual([id]);
    expect((await d.asSuper.get<NumberedPage<VenueAdminItem>>(`/api/admin/venues?schoolId=${school.body.id}`)).body.total).toBe(1);
    const publicList = (await api.http.get<VenueSummary[]>(`/api/venues?areaId=${d.community1.id}`)).body;
    expect(publicList.map((v) => [v.name, v.rooms.length])).toEqual([['东一活动中心', 2]]);
    await d.asStreet.patch(`/api/admin/venues/${id}`, { active: false });
    expect((await api.http.get<VenueSummary[]>(`/api/venues?areaId=${d.community1.id}`)).body).toEqual([]);
    expect((await d.asSuper.get<NumberedPage<SchoolAdminItem>>(`/api/admin/schools?q=${encodeURIComponent(school.body.name)}`)).body.items[0].venueCount).toBe(1);
    const audits = await api.db.query(`SELECT action FROM audit_event WHERE target_type = 'venue' AND target_id = $1 ORDER BY id`, [String(id)]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['venue.add', 'venue.change', 'venue.change']);
  });

  it('refuses bad coordinates, rooms and hours, a retired area, a foreign school, a taken name, in Chinese, writing nothing', async () => {
    const d = await newDistrict();
    const foreignSchool = await d.asSuper.post<SchoolAdminItem>('/api/admin/schools', schoolInput(d.community2.id));
    const before = { venues: await count(d, 'venue'), rooms: await count(d, 'venue_room'), audits: await count(d, 'audit_event') };
    const base = venueInput(d.community1.id);
    const cases: [Reply, number, string, RegExp?][] = [
      [await d.asStreet.post('/api/admin/venues', { ...base, latitude: 91 }), 400, ErrorCode.ValidationFailed, /纬度/],
      [await d.asStreet.post('/api/admin/venues', { ...base, longitude: '121.5' }), 400, ErrorCode.ValidationFailed, /经度/],
      [await d.asStreet.post('/api/admin/venues', { ...base, capacity: 0 }), 400, ErrorCode.ValidationFailed, /容纳人数/],
      [await d.asStreet.post('/api/admin/venues', { ...base, rooms: [{ name: '大厅', capacity: 500 }] }), 400, PlaceError.Inconsistent, /比整个场地/],
      [await d.asStreet.post('/api/admin/venues', { ...base, rooms: [{ name: 'A', capacity: 5 }, { name: 'A', capacity: 6 }] }), 400, PlaceError.Inconsistent, /写了两次/],
      [await d.asStreet.post('/api/admin/venues', { ...base, openingHours: [{ weekday: 2, opens: '18:00', closes: '09:00' }] }), 400, PlaceError.Inconsistent, /晚于开门/],
      [await d.asStreet.post('/api/admin/venues', { ...base, openingHours: [{ weekday: 8, opens: '08:00', closes: '09:00' }] }), 400, ErrorCode.ValidationFailed],
      [await d.asStreet.post('/api/admin/venues', { ...base, openingHours: [{ weekday: 2, opens: '8点', closes: '09:00' }] }), 400, ErrorCode.ValidationFailed, /08:30/],
      [await d.asStreet.post('/api/admin/venues', { ...base, areaId: d.retired.id }), 409, PlaceError.AreaRetired, /已停用/],
      [await d.asStreet.post('/api/admin/venues', { ...base, schoolId: foreignSchool.body.id }), 400, PlaceError.SchoolUnknown],
      [await d.asStreet.post('/api/admin/venues', { ...base, areaId: d.community2.id }), 403, ErrorCode.OutOfScope],
    ];
    const made = await d.asStreet.post<VenueAdminItem>('/api/admin/venues', base);
    cases.push([await d.asStreet.post('/api/admin/venues', base), 409, PlaceError.NameTaken]);
    cases.push([await d.asStreet.patch(`/api/admin/venues/${made.body.id}`, { areaId: d.retired.id }), 409, PlaceError.AreaRetired]);
    cases.push([await d.asStreet.patch(`/api/admin/venues/${made.body.id}`, { capacity: 50 }), 400, PlaceError.Inconsistent]);
    for (const [reply, status, code, message] of cases) {
      const err = expectApiError(reply, status, code);
      if (message) expect(`${err.message} ${(err.details ?? []).join(' ')}`).toMatch(message);
    }
    expect(await count(d, 'venue')).toBe(before.venues + 1);
    expect(await count(d, 'venue_room')).toBe(before.rooms + 2);
    expect(await count(d, 'audit_event')).toBe(before.audits + 1);
  });

  it('imports a venues file with rooms and opening hours; bad rows refuse the whole file', async () => {
    const d = await newDistrict();
    await d.asStreet.post('/api/admin/schools', schoolInput(d.community1.id, `东一学校${d.prefix}`));
    const good = [
      '场地名称,区划代码,地址,纬度,经度,容纳人数,所属学校,教室,开放时间',
      `东一文化家园,${d.prefix}001001,东路3号,29.88,121.56,150,东一学校${d.prefix},101教室:30；多功能厅:80,周一至周五 08:30-17:00；周六 09:00-12:00`,
      `东街道图书室,${d.prefix}001000,东路5号,29.89,121.57,40,,,`,
    ].join('\n');
    const preview = await uploadFile<PlaceImportResult>(api.http, d.streetAdmin, '/api/admin/venues/import/preview', good, 'venues.csv');
    expect(preview.body.changes.map((c) => [c.name, c.kind])).toEqual([['东一文化家园', 'add'], ['东街道图书室', 'add']]);
    expect(await count(d, 'venue', 'area_id IN ($2, $3)', [d.community1.id, d.street1.id])).toBe(0);
    await uploadFile(api.http, d.streetAdmin, '/api/admin/venues/import', good, 'venues.csv');
    const list = (await d.asStreet.get<NumberedPage<VenueAdminItem>>('/api/admin/venues')).body.items;
    const home = list.find((v) => v.name === '东一文化家园')!;
    expect(home.rooms.map((r) => [r.name, r.capacity])).toEqual([['101教室', 30], ['多功能厅', 80]]);
    expect(home.openingHours).toHaveLength(6);
    expect(home.school?.name).toBe(`东一学校${d.prefix}`);
    expect((await uploadFile<PlaceImportResult>(api.http, d.streetAdmin, '/api/admin/venues/import', good, 'venues.csv')).body).toMatchObject({ changes: [], unchanged: 2 });

    const before = { venues: await count(d, 'venue'), rooms: await count(d, 'venue_room') };
    const bad = [
      '场地名称,区划代码,地址,纬度,经度,容纳人数,教室,开放时间',
      `新场地,${d.prefix}001001,东路7号,29.8,121.5,50,,`,
      `坏坐标,${d.prefix}001001,东路8号,北纬30,121.5,50,,`,
      `坏教室,${d.prefix}001001,东路9号,29.8,121.5,50,大厅八十人,`,
      `坏时间,${d.prefix}001001,东路10号,29.8,121.5,50,,每天都开`,
      `旧场地,${d.prefix}001009,东路11号,29.8,121.5,50,,`,
    ].join('\n');
    const err = expectApiError(await uploadFile(api.http, d.streetAdmin, '/api/admin/venues/import', bad, 'bad.csv'), 400, PlaceError.ImportInvalid);
    expect(err.details).toEqual([
      expect.stringMatching(/^第3行：纬度/), expect.stringMatching(/^第4行：教室应当写成/), expect.stringMatching(/^第5行：开放时间应当写成/), expect.stringMatching(/^第6行（旧场地）：撤并社区已停用/),
    ]);
    expect({ venues: await count(d, 'venue'), rooms: await count(d, 'venue_room') }).toEqual(before);
  });
});

