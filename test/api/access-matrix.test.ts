import { CheckInResult, DEFAULT_CREDIT_RULES, Role } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { Http, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish } from '../support/catalogue';
import { atSession, showQr } from '../support/checkin';
import { newAreaTree, newBoundResident, newSchool, newStaff } from '../support/factories';
import { giveRecords, withDefaultRules } from '../support/credit';
import { tinyPng } from '../support/files';
import { newSelection, nominate, travelToDay } from '../support/selections';

/**
 * Every endpoint of the OpenAPI document × every kind of caller, against the rule the endpoint
 * declares (x-access) and who owns the objects in its path. An endpoint without a rule fails.
 */
type Access = { kind: 'public' } | { kind: 'roles'; roles: Role[] } | { kind: 'partner'; scope: string; consent: boolean };
type Actor = 'anonymous' | 'residentA' | 'residentB' | 'teacherOther' | 'adminOther' | 'adminRight' | 'superAdmin';
const ROLE: Record<Exclude<Actor, 'anonymous'>, Role> = {
  residentA: Role.Resident,
  residentB: Role.Resident,
  teacherOther: Role.Teacher,
  adminOther: Role.Admin,
  adminRight: Role.Admin,
  superAdmin: Role.SuperAdmin,
};

let api: TestApi;
let ops: { method: string; path: string; access: Access | undefined }[];
const tokens: Partial<Record<Actor, string>> = {};
let values: Record<string, string>;

beforeAll(async () => {
  api = await startApi();
  const doc = (await api.http.get<{ paths: Record<string, Record<string, { 'x-access'?: Access }>> }>('/api/docs/openapi.json')).body;
  ops = Object.entries(doc.paths).flatMap(([path, m]) => Object.entries(m).map(([method, op]) => ({ method: method.toUpperCase(), path, access: op['x-access'] })));
  const tree = await newAreaTree(api);
  const schoolA = await newSchool(api, tree.communityA1);
  const who = await newPublisher(api, schoolA, tree.streetA);
  const venue = await newVenue(api, tree.communityA1, 29.6, 121.4);
  const offering = await publish(api, who, activityInput(venue.id));
  const a = await newBoundResident(api, tree.communityA1);
  const b = await newBoundResident(api, tree.communityA2);
  await api.http.as(a.tokens.accessToken).post(`/api/offerings/${offering.id}/enrollments`);
  atSession(api, offering, 1);
  const qr = (await showQr(api, who.teacher.tokens.accessToken, offering.sessions[0].id)).qr;
  const checkIn = await api.http.as(a.tokens.accessToken).post<CheckInResult>('/api/check-ins', { qr });
  api.app.get(Clock).reset();
  const staffMember = await newStaff(api, Role.Teacher, { school: schoolA });
  Object.assign(tokens, {
    residentA: a.tokens.accessToken,
    residentB: b.tokens.accessToken,
    teacherOther: (await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityB1) })).tokens.accessToken,
    adminOther: (await newStaff(api, Role.Admin, { area: tree.streetB })).tokens.accessToken,
    adminRight: who.admin.tokens.accessToken,
    superAdmin: (await newStaff(api, Role.SuperAdmin, { area: tree.district })).tokens.accessToken,
  });
  // credit bank objects of resident A: a record, an uploaded certificate and its request, a conversion, a consent
  await withDefaultRules(api, tree.district);
  const [record] = await giveRecords(api, [{ residentId: a.userId, minutes: 1200 }]);
  const asA = api.http.as(a.tokens.accessToken);
  const upload = await asA.send<{ id: string }>('POST', '/api/uploads', tinyPng(), { 'content-type': 'image/png' });
  const certification = await asA.post<{ id: string }>('/api/me/certifications', {
    achievementCode: 'vocational_level_5', certificateNo: `M${Date.now()}`, issuer: '测试发证单位', issuedOn: '2025-06-30', evidenceUploadId: upload.body.id,
  });
  const asDistrict = api.http.as(tokens.superAdmin!);
  const partner = await asDistrict.post<{ id: number }>('/api/partners', { name: `测试开放大学${Date.now()}` });
  const offer = await asDistrict.post<{ id: number }>(`/api/partners/${partner.body.id}/offers`, { title: '课程免修', description: '', creditsMilli: 1000, categories: [] });
  const conversion = await asA.post<{ id: string }>('/api/me/conversions', { offerId: offer.body.id, requestKey: `matrix-${Date.now()}` });
  const consent = await asA.post<{ consent: { id: string } }>('/api/me/consents', { partnerId: partner.body.id, scopes: ['credits:read'], days: 30 });
  const transcript = await asA.post<{ id: string }>('/api/me/transcripts');
  // the registers: resident A volunteers in A1, school A has a worker
  const volunteer = await asA.post<{ id: number }>('/api/me/volunteer', { agreed: true });
  const worker = await api.http.as(who.admin.tokens.accessToken).post<{ id: number }>('/api/admin/education-workers', {
    name: '矩阵工作者', phone: `139${String(Date.now()).slice(-8)}`, kind: 'full_time', schoolId: schoolA.id, joinedOn: '2026-01-05',
  });
  // a 学习型社团 resident A applied for in A1: street A's admin assesses it, only resident A sends it again
  const organisation = await asA.post<{ id: string }>('/api/me/learning-organisations', organisationInput(tree.communityA1.id));
  for (const made of [upload, certification, partner, offer, conversion, consent, transcript, volunteer, worker, organisation]) expect(made.status).toBe(201);
  // 评选 objects of street A: a selection with resident A's pending nomination, and one in 公示 with an 异议
  const adminA = who.admin.tokens.accessToken;
  const selection = await newSelection(api, adminA, tree.streetA.id);
  const nomination = await nominate(api, adminA, selection.id, { nomineeId: a.userId });
  const noticed = await newSelection(api, adminA, tree.streetA.id, { kind: 'brand' });
  const project = await nominate(api, adminA, noticed.id, { projectName: '银龄数字课堂', communityId: tree.communityA1.id });
  expect((await api.http.as(adminA).post(`/api/selection-nominations/${project.id}/select`)).status).toBe(200);
  expect((await api.http.as(adminA).post(`/api/selections/${noticed.id}/publish`)).status).toBe(200);
  travelToDay(api, 7);
  const objection = await api.http.post<{ id: number }>(`/api/public/selections/${noticed.id}/objections`, { nominationId: project.id, contact: '13900001111', reason: '这个项目今年没有开展活动。' });
  expect(objection.status).toBe(201);
  api.app.get(Clock).reset();
  // a published 活动周 of street A around today
  const campaign = await api.http.as(adminA).post<{ id: number }>('/api/campaigns', { areaId: tree.streetA.id, kind: 'learning_week', ...campaignDetails() });
  expect(campaign.status).toBe(201);
  expect((await api.http.as(adminA).post(`/api/campaigns/${campaign.body.id}/publish`)).status).toBe(200);
  values = {
    recordId: record.id,
    uploadId: upload.body.id,
    certificationId: certification.body.id,
    partnerId: String(partner.body.id),
    conversionId: conversion.body.id,
    consentId: consent.body.consent.id,
    transcriptId: transcript.body.id,
    districtId: String(tree.district.id),
    areaId: String(tree.communityA1.id),
    offeringId: String(offering.id),
    sessionId: String(offering.sessions[0].id),
    attendanceId: String(checkIn.body.id),
    teacherId: who.teacher.user.id,
    schoolId: String(schoolA.id),
    venueId: String(venue.id),
    staffId: staffMember.user.id,
    residentId: a.userId,
    selectionId: String(selection.id),
    nominationId: String(nomination.id),
    objectionId: String(objection.body.id),
    year: '2026',
    volunteerId: String(volunteer.body.id),
    workerId: String(worker.body.id),
    organisationId: organisation.body.id,
    campaignId: String(campaign.body.id),
  };
}, 120_000);
afterAll(() => api?.close());

/** The path with real objects of street A (and resident A) in it; which kind of object each segment names. */
function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'year') return values.year;
    if (name === 'userId') return path.startsWith('/api/admin/staff/') ? values.staffId : values.residentId;
    if (name === 'sessionId' || path.includes('/sessions/{id}')) return values.sessionId;
    if (path.startsWith('/api/areas/')) return values.areaId;
    if (path.startsWith('/api/admin/schools/')) return values.schoolId;
    if (path.startsWith('/api/admin/venues/')) return values.venueId;
    if (path.startsWith('/api/learning-records/')) return values.recordId;
    if (path.startsWith('/api/uploads/')) return values.uploadId;
    if (path.startsWith('/api/certifications/')) return values.certificationId;
    if (path.startsWith('/api/partners/')) return values.partnerId;
    if (path.startsWith('/api/conversions/')) return values.conversionId;
    if (path.startsWith('/api/me/consents/')) return values.consentId;
    if (path.includes('/transcripts/{id}') || path.startsWith('/verify/')) return values.transcriptId;
    if (path.startsWith('/api/credit-rules/')) return values.districtId;
    if (path.startsWith('/api/check-ins/')) return values.attendanceId;
    if (path.startsWith('/api/teachers/')) return values.teacherId;
    if (path.startsWith('/api/admin/volunteers/')) return values.volunteerId;
    if (path.startsWith('/api/admin/education-workers/')) return values.workerId;
    if (path.startsWith('/api/selections/') || path.startsWith('/api/public/selections/')) return values.selectionId;
    if (path.startsWith('/api/selection-nominations/') || path.startsWith('/api/me/selection-nominations/')) return values.nominationId;
    if (path.startsWith('/api/selection-objections/')) return values.objectionId;
    if (path.startsWith('/api/campaigns/') || path.startsWith('/api/public/campaigns/')) return name === 'offeringId' ? values.offeringId : values.campaignId;
    if (name === 'campaignId') return values.campaignId;
    if (path.startsWith('/api/learning-organisations/')) return name === 'kind' ? 'society' : name === 'offeringId' ? values.offeringId : values.organisationId;
    return values.offeringId;
  });
}

/**
 * Input good enough to pass validation, so that only who-may-do-what decides the answer
 * (validation runs before the service checks the area or school).
 */
function validInput(op: { method: string; path: string }): { body: unknown; query: string } {
  const figures = { residentTotal: 100, aged60Plus: 10, under18: 10, employed: 50, migrantWorkers: 5, unemployed: 2, ruralLabor: 0 };
  if (op.path.includes('/population')) return { body: op.method === 'PUT' ? figures : undefined, query: op.method === 'GET' ? '?year=2026' : '' };
  if (op.path.endsWith('/groups')) return { body: { groups: [] }, query: '' };
  if (op.path.endsWith('/cancel') || op.path.endsWith('/return')) return { body: { reason: '测试原因' }, query: '' };
  if (op.method === 'PUT' && op.path === '/api/teacher/offerings/{id}') return { body: activityInput(null), query: '' };
  if (op.method === 'POST' && op.path === '/api/admin/staff') {
    return { body: { username: `matrix_${Math.random().toString(36).slice(2, 10)}`, displayName: '矩阵教师', role: 'teacher', schoolId: Number(values.schoolId) }, query: '' };
  }
  if (op.path === '/api/admin/staff/{userId}/scope') return { body: { role: 'teacher', schoolId: Number(values.schoolId) }, query: '' };
  if (op.path.endsWith('/subscriptions')) return { body: [], query: '' };
  if (op.path === '/api/selection-rules' && op.method === 'PUT') return { body: { kind: 'star', minAge: 18 }, query: '' };
  if (op.path === '/api/selections/{id}/nominations' && op.method === 'POST') {
    return { body: { story: '多年坚持到社区学校学习，还带动邻居一起参加读书会。' }, query: '' };
  }
  if (op.path === '/api/me/location-consent' && op.method === 'PUT') return { body: { given: true }, query: '' };
  // closing an account: valid in form, but not confirmed, so the matrix never closes resident A's
  if (op.path === '/api/me/account/close' || op.path === '/api/admin/residents/{userId}/close') return { body: { confirm: false, reason: '测试原因' }, query: '' };
  // the access log names a resident in its filter: another area's admin is let in and sees nothing of them
  if (op.path === '/api/admin/access-log') return { body: undefined, query: `?residentId=${values.residentId}` };
  if (op.path === '/api/selection-objections/{id}/answer') return { body: { answer: '已核实', upheld: false }, query: '' };
  if (op.path.startsWith('/api/learning-organisations') || op.path === '/api/me/learning-organisations') {
    const scores = Array.from({ length: 4 }, () => ({ score: 1, comment: '' }));
    const bodies: Record<string, unknown> = {
      'POST /api/learning-organisations': organisationInput(),
      'POST /api/me/learning-organisations': organisationInput(),
      'PUT /api/learning-organisations/{id}': (({ areaId: _area, kind: _kind, ...details }) => details)(organisationInput()),
      'POST /api/learning-organisations/{id}/assess': { outcome: 'return', scores, reason: '测试原因' },
      'POST /api/learning-organisations/{id}/review': { scores },
      'POST /api/learning-organisations/{id}/subsidies': { amountFen: 100, grantedOn: '2026-01-01', source: '测试来源' },
      'POST /api/learning-organisations/{id}/activities': { offeringId: Number(values.offeringId) },
      'PUT /api/learning-organisations/criteria/{kind}': { criteria: [{ title: '测试标准', maxScore: 10 }] },
      'PUT /api/learning-organisations/settings': { reviewMonth: 3, reviewDay: 31 },
    };
    return { body: bodies[`${op.method} ${op.path}`], query: '' };
  }
  const campaignBodies: Record<string, unknown> = {
    'PUT /api/campaigns/{id}': campaignDetails(),
    'POST /api/campaigns/{id}/activities': { offeringId: Number(values.offeringId) },
    'POST /api/teacher/offerings/{id}/campaigns': { campaignId: Number(values.campaignId) },
    'PUT /api/campaign-rules': { kind: 'nth_weekday', month: 11, n: 3, weekday: 5 },
    'PUT /api/campaign-rules/years/{year}': { date: '2026-11-20' },
  };
  if (`${op.method} ${op.path}` in campaignBodies) return { body: campaignBodies[`${op.method} ${op.path}`], query: '' };
  if (OBJECT_IN_QUERY.some(([m, p]) => m === op.method && p === op.path)) return { body: undefined, query: `?residentId=${values.residentId}` };
  if (/\/(void|reject|reverse|revoke)$/.test(op.path)) return { body: { reason: '测试原因' }, query: '' };
  if (op.path === '/api/credit-rules/{districtId}') {
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86400_000).toISOString().slice(0, 10);
    return { body: { effectiveFrom: tomorrow, overallYearlyCapMilli: 30000, rules: DEFAULT_CREDIT_RULES.rules, achievements: DEFAULT_CREDIT_RULES.achievements }, query: '' };
  }
  if (op.method === 'POST' && op.path === '/api/partners') return { body: { name: `矩阵机构${Math.random().toString(36).slice(2, 8)}` }, query: '' };
  if (op.path.endsWith('/rotate')) return { body: { overlapHours: 24 }, query: '' };
  if (op.method === 'POST' && op.path.endsWith('/keys')) return { body: { scopes: ['credits:read'] }, query: '' };
  if (op.path.endsWith('/check-in-reviews') && op.method === 'POST') return { body: { attendanceIds: [Number(values.attendanceId)], decision: 'confirm' }, query: '' };
  if (op.path.endsWith('/proxy-check-ins') && op.method === 'POST') return { body: { lookupToken: 'LPP.e30.AAAAAAAAAAAAAAAAAAAAAA' }, query: '' };
  if (op.path === '/api/admin/volunteers/{id}/services') {
    return { body: { offeringId: Number(values.offeringId), servedOn: '2026-01-10', minutes: 60, duty: '引导签到' }, query: '' };
  }
  if (op.path === '/api/admin/education-workers/{id}/training') return { body: { trainedOn: '2026-02-01', minutes: 60, what: '岗位培训' }, query: '' };
  if (op.path === '/api/admin/education-workers/requirement/{year}') return { body: op.method === 'PUT' ? { requiredMinutes: 4320 } : undefined, query: '' };
  if (op.method === 'PATCH' && op.path === '/api/admin/education-workers/{id}') return { body: { qualifications: ['讲师'] }, query: '' };
  if (op.method === 'PATCH' && op.path === '/api/admin/volunteers/{id}') return { body: { intro: '矩阵' }, query: '' };
  if (op.method === 'POST' && op.path === '/api/partners/{id}/offers') return { body: { title: '测试项目', description: '', creditsMilli: 1000, categories: [] }, query: '' };
  if (op.path.startsWith('/api/areas/{id}/indicator-targets')) {
    return op.method === 'PUT' ? { body: { targets: [{ code: 'participation', target: 0.6 }] }, query: '' } : { body: undefined, query: '?year=2026' };
  }
  if (op.path.startsWith('/api/areas/{id}/task-entries')) {
    return op.method === 'PUT' ? { body: { value: '矩阵测试', met: null, evidence: [] }, query: '' } : { body: undefined, query: '?year=2026' };
  }
  return { body: op.method === 'GET' ? undefined : {}, query: '' };
}

/** A 学习型组织 of community A1, as its applicant sends it. */
function organisationInput(areaId = Number(values.areaId)) {
  return {
    areaId, kind: 'society', name: `矩阵社团${Math.random().toString(36).slice(2, 8)}`,
    contactName: '联系人', contactPhone: '13800000000', members: ['成员'], plan: '每月集中学习一次，有学习记录。',
  };
}

/** A campaign's name, words and days: the week around today. */
function campaignDetails() {
  const day = (plus: number) => new Date(Date.now() + 8 * 3600_000 + plus * 86400_000).toISOString().slice(0, 10);
  return { title: '矩阵活动周', description: '', year: Number(day(-1).slice(0, 4)), followsRule: false, startsOn: day(-1), endsOn: day(6) };
}

/** Only the one who registered an organisation sends it again after a return. */
const REGISTRANT_ONLY: [string, string][] = [['PUT', '/api/learning-organisations/{id}']];

/** Objects only their owner sees: anyone else is told they do not exist (404). */
const OWN_OBJECT = /^\/api\/(check-ins|uploads|me\/consents|me\/transcripts)\/\{id\}|^\/api\/learning-organisations\/\{id\}$|^\/api\/transcripts\/\{id\}\/revoke$/;
/** Lists that name resident A in their query rather than their path: as scoped as a path would be. */
const OBJECT_IN_QUERY: [string, string][] = [['GET', '/api/admin/transcripts']];
const DISTRICT_ONLY: [string, string][] = [
  ['POST', '/api/credit-rules/{districtId}'],
  ['POST', '/api/partners'],
  ['POST', '/api/partners/{id}/keys'],
  ['POST', '/api/partners/{id}/offers'],
  ['GET', '/api/partners/{id}/keys'],
  ['POST', '/api/partners/{id}/keys/{keyId}/rotate'],
  ['POST', '/api/partners/{id}/keys/{keyId}/revoke'],
  ['GET', '/api/partners/{id}/offers'],
  ['POST', '/api/partners/{id}/offers/{offerId}/close'],
  ['PUT', '/api/admin/education-workers/requirement/{year}'],
  ['PUT', '/api/selection-rules'],
];
/** Paths with a parameter that names no object of an area: the district's figure of a year, read by everyone who keeps a register. */
const NO_OBJECT: [string, string][] = [['GET', '/api/admin/education-workers/requirement/{year}']];

/** Whether this caller should get past the access rules (the request may still be refused as bad input). */
function expectedAllowed(op: { method: string; path: string; access: Access }, actor: Actor): boolean {
  if (op.access.kind === 'public') return true;
  if (op.access.kind === 'partner') return false; // partners use an API key; no user token opens these
  if (actor === 'anonymous') return false;
  if (!op.access.roles.includes(ROLE[actor])) return false;
  // rules and partners are the district's business: a street admin is refused too
  if (DISTRICT_ONLY.some(([m, p]) => m === op.method && p === op.path)) return actor === 'superAdmin';
  if (REGISTRANT_ONLY.some(([m, p]) => m === op.method && p === op.path)) return actor === 'residentA';
  const inQuery = OBJECT_IN_QUERY.some(([m, p]) => m === op.method && p === op.path);
  // a new teacher of street A's school: the body names an object of street A
  const noObject = NO_OBJECT.some(([m, p]) => m === op.method && p === op.path);
  const namesObject =
    ((/\{\w+\}/.test(op.path) || inQuery) && !op.path.startsWith('/api/teachers/') && !noObject) ||
    (op.method === 'POST' && (op.path === '/api/admin/staff' || op.path === '/api/learning-organisations'));
  if (actor === 'teacherOther') return !namesObject; // every object here belongs to another school
  if (actor === 'adminOther') return !namesObject; // ... and lies in another street
  if (actor === 'residentB' && op.path.startsWith('/api/check-ins/{id}')) return false; // resident A's attendance
  if (actor === 'residentB' && OWN_OBJECT.test(op.path)) return false; // resident A's upload or consent
  return true;
}

it('every endpoint lets in exactly the callers its rule names, for objects in their own school or area', async () => {
  const undeclared = ops.filter((o) => !o.access).map((o) => `${o.method} ${o.path}`);
  expect(undeclared).toEqual([]);
  const surprises: string[] = [];
  let requests = 0;
  let denied = 0;
  const actors: Actor[] = ['anonymous', 'residentA', 'residentB', 'teacherOther', 'adminOther', 'adminRight', 'superAdmin'];
  for (const op of ops as { method: string; path: string; access: Access }[]) {
    for (const actor of actors) {
      requests += 1;
      const http = new Http(api.http.baseUrl, tokens[actor]);
      const { body, query } = validInput(op);
      const abort = AbortSignal.timeout(5000);
      const res = await Promise.race([
        http.send<{ code?: string }>(op.method, concrete(op.path) + query, body),
        new Promise<{ status: number; body: { code?: string } }>((ok) => abort.addEventListener('abort', () => ok({ status: 200, body: {} }))),
      ]);
      const refused = res.status === 401 || res.status === 403 || (res.status === 404 && !expectedAllowed(op, actor) && OWN_OBJECT.test(op.path));
      if (refused) denied += 1;
      const allowed = expectedAllowed(op, actor);
      if (allowed === refused) surprises.push(`${op.method} ${op.path} as ${actor}: expected ${allowed ? 'allowed' : 'refused'}, got ${res.status} ${res.body?.code ?? ''}`);
      if (res.status >= 500) surprises.push(`${op.method} ${op.path} as ${actor}: ${res.status}`);
    }
  }
  process.stdout.write(`access: ${ops.length} endpoints × ${actors.length} callers = ${requests} requests, ${denied} refused, ${surprises.length} surprises\n`);
  expect(surprises).toEqual([]);
}, 120_000);
