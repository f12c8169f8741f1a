import { Category, OfferingDetail, OfferingInput, OfferingKind, Role } from '@lp/shared';
import { Area } from '@lp/server/dist/areas/area.entity';
import { School } from '@lp/server/dist/schools/school.entity';
import { Venue } from '@lp/server/dist/venues/venue.entity';
import { TestApi } from './api';
import { newAreaTree, newSchool, newStaff } from './factories';

const HOUR = 3600_000;

/** A venue at a given point, in an area. */
export async function newVenue(api: TestApi, area: Area, lat: number, lng: number, name = `测试场地${Math.random().toString(36).slice(2, 7)}`): Promise<Venue> {
  return api.db.manager.save(api.db.manager.create(Venue, { name, address: `${name}地址`, latitude: lat, longitude: lng, capacity: 100, areaId: area.id, schoolId: null }));
}

/** A valid one-session activity starting `inHours` from now, enrollment open since an hour ago. */
export function activityInput(venueId: number | null, overrides: Partial<OfferingInput> = {}, inHours = 48): OfferingInput {
  const start = new Date(Date.now() + inHours * HOUR);
  return {
    kind: OfferingKind.Activity,
    title: '智能手机防诈骗讲座',
    description: '教大家认出常见的电信诈骗手法。',
    category: Category.DigitalLiteracy,
    targetGroups: [],
    restrictedToTargetGroups: false,
    venueId,
    capacity: 30,
    enrollOpensAt: new Date(Date.now() - HOUR).toISOString(),
    enrollClosesAt: new Date(start.getTime() - HOUR).toISOString(),
    sessions: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * HOUR).toISOString(), minutes: 90 }],
    lessons: [],
    ...overrides,
  };
}

export interface Publisher {
  teacher: Awaited<ReturnType<typeof newStaff>>;
  admin: Awaited<ReturnType<typeof newStaff>>;
}

export async function newPublisher(api: TestApi, school: School, adminArea: Area): Promise<Publisher> {
  return { teacher: await newStaff(api, Role.Teacher, { school }), admin: await newStaff(api, Role.Admin, { area: adminArea }) };
}

/** Creates, submits and approves an offering through the API. */
export async function publish(api: TestApi, who: Publisher, input: OfferingInput): Promise<OfferingDetail> {
  const teacher = api.http.as(who.teacher.tokens.accessToken);
  const created = await teacher.post<OfferingDetail>('/api/teacher/offerings', input);
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const submitted = await teacher.post<OfferingDetail>(`/api/teacher/offerings/${created.body.id}/submit`);
  if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const approved = await api.http.as(who.admin.tokens.accessToken).post<OfferingDetail>(`/api/admin/offerings/${created.body.id}/approve`);
  if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  return approved.body;
}

/** A district's tree, a school in community A1 whose teacher publishes and whose street admin approves, and a venue there. */
export async function newCatalogueWorld(api: TestApi, at = { lat: 30.25, lng: 120.16 }) {
  const tree = await newAreaTree(api);
  const who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
  const venueId = (await newVenue(api, tree.communityA1, at.lat, at.lng)).id;
  return { tree, who, venueId };
}
