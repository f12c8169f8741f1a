import { AreaLevel, ResidentGroup, Role, SchoolType, TokenPair, withIdCardChecksum } from '@lp/shared';
import { randomBytes, randomInt } from 'node:crypto';
import { Area } from '@lp/server/dist/areas/area.entity';
import { AreasService } from '@lp/server/dist/areas/areas.service';
import { PasswordHasher } from '@lp/server/dist/auth/password-hasher';
import { School } from '@lp/server/dist/schools/school.entity';
import { User } from '@lp/server/dist/users/user.entity';
import { TestApi } from './api';

const suffix = () => randomBytes(4).toString('hex');

/** A district with two streets (A, B), two communities in A and one in B; codes unique per call. */
export async function newAreaTree(api: TestApi) {
  const areas = api.app.get(AreasService);
  const tag = `${Date.now() % 1e7}${randomInt(1e4)}`;
  const make = (name: string, level: AreaLevel, parentId: number | null, code: string) =>
    areas.createArea(api.db.manager, { code, name, level, parentId, isRural: false, latitude: 29.66, longitude: 121.41 });
  const district = await make(`测试区${tag}`, AreaLevel.District, null, `D${tag}`);
  const streetA = await make('甲街道', AreaLevel.Street, district.id, `D${tag}A`);
  const streetB = await make('乙街道', AreaLevel.Street, district.id, `D${tag}B`);
  const communityA1 = await make('甲一社区', AreaLevel.Community, streetA.id, `D${tag}A1`);
  const communityA2 = await make('甲二社区', AreaLevel.Community, streetA.id, `D${tag}A2`);
  const communityB1 = await make('乙一社区', AreaLevel.Community, streetB.id, `D${tag}B1`);
  return { district, streetA, streetB, communityA1, communityA2, communityB1 };
}

export async function newSchool(api: TestApi, area: Area): Promise<School> {
  return api.db.manager.save(
    api.db.manager.create(School, { name: `测试学校${suffix()}`, type: SchoolType.CitizenSchool, areaId: area.id, address: '测试路1号' }),
  );
}

/** A teacher or admin with a password, logged in through the API (with `headers`, e.g. from another address behind TRUST_PROXY). */
export async function newStaff(
  api: TestApi,
  role: Exclude<Role, typeof Role.Resident>,
  where: { area?: Area; school?: School },
  headers: Record<string, string> = {},
): Promise<{ user: User; tokens: TokenPair; username: string; password: string }> {
  const username = `staff_${suffix()}`;
  const password = `pw-${suffix()}-${suffix()}`;
  const passwordHash = await api.app.get(PasswordHasher).hash(password);
  const user = await api.db.manager.save(
    api.db.manager.create(User, {
      role,
      displayName: `测试${role}`,
      username,
      passwordHash,
      areaId: where.area?.id ?? null,
      schoolId: where.school?.id ?? null,
    }),
  );
  const res = await api.http.send<TokenPair>('POST', '/api/auth/password/login', { username, password }, headers);
  if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { user, tokens: res.body, username, password };
}

/** A resident who logged in through WeChat (the fake protocol server). */
export async function newResident(api: TestApi, headers: Record<string, string> = {}): Promise<{ tokens: TokenPair; openid: string }> {
  const { code, openid } = api.wechat.codeFor();
  const res = await api.http.send<TokenPair>('POST', '/api/auth/wechat/login', { code }, headers);
  if (res.status !== 200) throw new Error(`resident login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { tokens: res.body, openid };
}

let phoneSeq = randomInt(1e7);
/** A mobile number no other test uses. */
export function uniquePhone(): string {
  phoneSeq = (phoneSeq + 7919) % 1e8;
  return `13${randomInt(3, 10)}${String(phoneSeq).padStart(8, '0')}`;
}

let idSeq = randomInt(1000);
/**
 * A valid ID number (right checksum) for a birth date. Tests that give many residents the same birth
 * date (guardians, age rules) drew the 3-digit sequence at random and met 409 id_number_taken one
 * time in a few hundred: the sequence now steps within this process, and the county part is drawn.
 */
export function idNumberFor(birthDate: string): string {
  idSeq = (idSeq + 1) % 1000;
  return withIdCardChecksum(`3302${randomInt(10, 100)}${birthDate.replace(/-/g, '')}${String(idSeq).padStart(3, '0')}`);
}

/** Any day from 1940 to 2005: with the 3-digit sequence this keeps test ID numbers from colliding. */
export function randomBirthDate(): string {
  const day = new Date(Date.UTC(1940, 0, 1) + randomInt(65 * 365) * 86400_000);
  return day.toISOString().slice(0, 10);
}

/** A resident who logged in and bound a profile in `community`. */
export async function newBoundResident(
  api: TestApi,
  community: Area,
  extra: { birthDate?: string; groups?: ResidentGroup[]; realName?: string } = {},
) {
  const resident = await newResident(api);
  const birthDate = extra.birthDate ?? randomBirthDate();
  const phone = uniquePhone();
  const idNumber = idNumberFor(birthDate);
  const res = await api.http.as(resident.tokens.accessToken).put('/api/me/profile', {
    realName: extra.realName ?? '测试居民',
    phone,
    idNumber,
    birthDate,
    communityId: community.id,
    groups: extra.groups ?? [],
  });
  if (res.status !== 201) throw new Error(`binding failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...resident, phone, idNumber, birthDate, userId: resident.tokens.user.id };
}

export { Role };
