import { ErrorCode, Page, ProfileError, ResidentGroup, ResidentListItem, ResidentProfile, Role, withIdCardChecksum } from '@lp/shared';
import { expectApiError, startApi, TestApi } from '../support/api';
import { idNumberFor, newAreaTree, newBoundResident, newResident, newStaff, uniquePhone } from '../support/factories';

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
});
afterAll(() => api.close());

const profileRows = async (userId: string) =>
  (await api.db.query('SELECT count(*)::int AS n FROM resident_profile WHERE user_id = $1', [userId]))[0].n as number;

function validBinding(communityId: number) {
  const birthDate = '1958-04-12';
  return {
    realName: '王秀英',
    phone: uniquePhone(),
    idNumber: idNumberFor(birthDate),
    birthDate,
    communityId,
    groups: [ResidentGroup.Unemployed],
  };
}

describe('binding a resident profile', () => {
  it('binds once; the resident sees their numbers masked and their age group', async () => {
    const r = await newResident(api);
    const body = validBinding(tree.communityA1.id);
    const res = await api.http.as(r.tokens.accessToken).put<ResidentProfile>('/api/me/profile', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      realName: '王秀英',
      phoneMasked: `${body.phone.slice(0, 3)}****${body.phone.slice(-4)}`,
      idNumberMasked: `${body.idNumber.slice(0, 4)}**********${body.idNumber.slice(-4)}`,
      birthDate: '1958-04-12',
      isSenior: true,
      community: { id: tree.communityA1.id, name: '甲一社区' },
      street: { id: tree.streetA.id, name: '甲街道' },
      groups: [ResidentGroup.Unemployed],
    });
    const me = await api.http.as(r.tokens.accessToken).get<{ profileBound: boolean }>('/api/me');
    expect(me.body.profileBound).toBe(true);

    expectApiError(await api.http.as(r.tokens.accessToken).put('/api/me/profile', validBinding(tree.communityA1.id)), 409, ProfileError.AlreadyBound);
  });

  it('phone and ID numbers are stored encrypted: neither plain value appears in any column', async () => {
    const r = await newBoundResident(api, tree.communityA2);
    const [row] = await api.db.query('SELECT * FROM resident_profile WHERE user_id = $1', [r.userId]);
    const everything = JSON.stringify(row);
    expect(everything).not.toContain(r.phone);
    expect(everything).not.toContain(r.idNumber);
    expect(everything).not.toContain(r.phone.slice(3)); // not even the tail
    // sealed under the resident's own data key (resident-keys), which the field key wraps in the key store
    expect(row.phone_enc).toMatch(/^r1\./);
    expect(row.real_name).toMatch(/^r1\./);
    // two residents never share ciphertext for different numbers, and the same number encrypts differently each time
    expect(row.phone_enc).not.toBe(row.id_number_enc);
  });

  const bad: [string, (b: ReturnType<typeof validBinding>) => unknown, RegExp][] = [
    ['a wrong ID checksum', (b) => ({ ...b, idNumber: b.idNumber.slice(0, 17) + (b.idNumber[17] === '1' ? '2' : '1') }), /身份证号最后一位不对/],
    ['an ID number with an impossible date', (b) => ({ ...b, idNumber: withIdCardChecksum('33029919580231001') }), /身份证号里的出生日期不对/],
    ['an ID number that disagrees with the birth date', (b) => ({ ...b, birthDate: '1958-04-13' }), /不一致/],
    ['a phone with 10 digits', (b) => ({ ...b, phone: '1380000111' }), /手机号格式不对/],
    ['a landline', (b) => ({ ...b, phone: '05748888888' }), /手机号格式不对/],
    ['an unknown community', (b) => ({ ...b, communityId: 2147480000 }), /请选择所在的社区或村/],
    ['a street instead of a community', (b) => ({ ...b, communityId: tree.streetA.id }), /请选择所在的社区或村/],
    ['a birth date in the future', (b) => ({ ...b, idNumber: undefined, birthDate: '2999-01-01' }), /出生日期不能晚于今天/],
    ['a birth date that is not a date', (b) => ({ ...b, idNumber: undefined, birthDate: '1958-02-30' }), /出生日期不对/],
    ['an empty name', (b) => ({ ...b, realName: '  ' }), /姓名/],
    ['a name with script in it', (b) => ({ ...b, realName: '<script>x</script>' }), /姓名只能包含/],
    ['a 5,000-character name', (b) => ({ ...b, realName: '王'.repeat(5000) }), /姓名应为2到20个字/],
    ['an unknown group', (b) => ({ ...b, groups: ['retired_general'] }), /人群类别不是可选的值/],
    ['a field the API does not know', (b) => ({ ...b, isAdmin: true }), /isAdmin 是多余的字段/],
    ['a number where text belongs', (b) => ({ ...b, phone: 13800001111 }), /手机号/],
  ];

  it.each(bad)('%s is refused with a Chinese 400 and writes nothing', async (_name, mutate, message) => {
    const r = await newResident(api);
    const res = await api.http.as(r.tokens.accessToken).put('/api/me/profile', mutate(validBinding(tree.communityA1.id)));
    const err = expectApiError(res, 400);
    expect([err.message, ...(err.details ?? [])].join(' ')).toMatch(message);
    expect(await profileRows(r.tokens.user.id)).toBe(0);
  });

  it('a phone or ID number bound by someone else is refused and nothing is written', async () => {
    const first = await newBoundResident(api, tree.communityA1);
    const second = await newResident(api);
    const samePhone = { ...validBinding(tree.communityA1.id), phone: first.phone };
    expectApiError(await api.http.as(second.tokens.accessToken).put('/api/me/profile', samePhone), 409, ProfileError.PhoneTaken);
    const sameId = { ...validBinding(tree.communityA1.id), birthDate: first.birthDate, idNumber: first.idNumber };
    expectApiError(await api.http.as(second.tokens.accessToken).put('/api/me/profile', sameId), 409, ProfileError.IdNumberTaken);
    expect(await profileRows(second.tokens.user.id)).toBe(0);
  });

  it('teachers and admins cannot bind a resident profile', async () => {
    const admin = await newStaff(api, Role.Admin, { area: tree.streetA });
    expectApiError(await api.http.as(admin.tokens.accessToken).put('/api/me/profile', validBinding(tree.communityA1.id)), 403, ErrorCode.Forbidden);
  });
});

describe('resident lists for administrators', () => {
  it('every phone and ID number in the list is masked, and only the admin’s own area is listed', async () => {
    const inA = await newBoundResident(api, tree.communityA1);
    const inB = await newBoundResident(api, tree.communityB1);
    const adminA = await newStaff(api, Role.Admin, { area: tree.streetA });
    const res = await api.http.as(adminA.tokens.accessToken).get<Page<ResidentListItem>>(`/api/admin/residents?limit=100`);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((i) => i.userId);
    expect(ids).toContain(inA.userId);
    expect(ids).not.toContain(inB.userId);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(inA.phone);
    expect(text).not.toContain(inA.idNumber);
    const mine = res.body.items.find((i) => i.userId === inA.userId)!;
    expect(mine.phoneMasked).toBe(`${inA.phone.slice(0, 3)}****${inA.phone.slice(-4)}`);
    expect(mine.realNameMasked).toBe('测试**');
  });

  it('pages with a cursor without repeating or skipping anyone, even as new residents bind', async () => {
    const local = await newAreaTree(api);
    for (let i = 0; i < 5; i++) await newBoundResident(api, local.communityA1);
    const admin = await newStaff(api, Role.Admin, { area: local.streetA });
    const as = api.http.as(admin.tokens.accessToken);
    const page1 = await as.get<Page<ResidentListItem>>('/api/admin/residents?limit=2');
    await newBoundResident(api, local.communityA2); // arrives between pages: newest first, so it is not on later pages
    const page2 = await as.get<Page<ResidentListItem>>(`/api/admin/residents?limit=2&cursor=${page1.body.nextCursor}`);
    const page3 = await as.get<Page<ResidentListItem>>(`/api/admin/residents?limit=2&cursor=${page2.body.nextCursor}`);
    const seen = [...page1.body.items, ...page2.body.items, ...page3.body.items].map((i) => i.userId);
    expect(new Set(seen).size).toBe(5);
    expect(page3.body.nextCursor).toBeNull();
    expectApiError(await as.get('/api/admin/residents?cursor=garbage!!'), 400);
  });

  it('an admin of street A cannot list street B, and residents cannot list at all', async () => {
    const adminA = await newStaff(api, Role.Admin, { area: tree.streetA });
    expectApiError(await api.http.as(adminA.tokens.accessToken).get(`/api/admin/residents?areaId=${tree.streetB.id}`), 403, ErrorCode.OutOfScope);
    const r = await newResident(api);
    expectApiError(await api.http.as(r.tokens.accessToken).get('/api/admin/residents'), 403, ErrorCode.Forbidden);
  });

  it('an admin sets a resident’s groups in their area, audited; another street’s admin cannot', async () => {
    const r = await newBoundResident(api, tree.communityA2);
    const adminA = await newStaff(api, Role.Admin, { area: tree.streetA });
    const adminB = await newStaff(api, Role.Admin, { area: tree.streetB });
    const path = `/api/admin/residents/${r.userId}/groups`;
    expectApiError(await api.http.as(adminB.tokens.accessToken).put(path, { groups: [ResidentGroup.MigrantWorker] }), 403, ErrorCode.OutOfScope);
    expect((await api.http.as(adminA.tokens.accessToken).put(path, { groups: [ResidentGroup.MigrantWorker] })).status).toBe(204);
    const [row] = await api.db.query('SELECT groups FROM resident_profile WHERE user_id = $1', [r.userId]);
    expect(row.groups).toEqual([ResidentGroup.MigrantWorker]);
    const audit = await api.db.query(`SELECT actor_id FROM audit_event WHERE action = 'resident.groups' AND target_id = $1`, [r.userId]);
    expect(audit).toEqual([{ actor_id: adminA.user.id }]);
  });
});
