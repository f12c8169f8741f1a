import {
  AccountTakenOver,
  ACTING_FOR_HEADER,
  ChildHandover,
  CurrentUser,
  TokenPair,
  CheckInResult,
  ChildView,
  GuardianError,
  GuardianInvitation,
  GuardianRelationship,
  LearnerCode,
  LearningAccountView,
  MyDataCopy,
  OfferingDetail,
  OfferingKind,
  Page,
  PRIVACY_TEXT_VERSION,
  ResidentListItem,
  Role,
  SessionCloseResult,
} from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { Clock } from '@lp/server/dist/common/clock';
import { CreditReconciler } from '@lp/server/dist/learning-records/credit-reconciler';
import { LedgerAudit } from '@lp/server/dist/ledger/ledger-audit';
import { expectApiError, Reply, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish, Publisher } from '../support/catalogue';
import { activityWithSession, atSession, proxyCheckIn, showQr } from '../support/checkin';
import { idNumberFor, newAreaTree, newBoundResident, newResident, newSchool, newStaff, uniquePhone } from '../support/factories';
import { giveRecords } from '../support/credit';
import { dayFromToday, newSelection, STORY, travelToDay } from '../support/selections';
import { rebuildReport } from '../support/statistics';

/**
 * Residents under 14 and their guardians (个人信息保护法 第31条): nothing is done for a child that
 * young without a guardian's standing consent, whichever path it comes by; a guardian who consented
 * acts for their own child only, and the child's hours are the child's.
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let who: Publisher;
let venueId: number;
let course: OfferingDetail;

beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
  who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
  venueId = (await newVenue(api, tree.communityA1, 30.25, 120.16)).id;
  course = await publish(
    api,
    who,
    activityInput(null, {
      kind: OfferingKind.MicroCourse,
      title: '微课：安全用电',
      capacity: 1000,
      sessions: [],
      enrollClosesAt: new Date(Date.now() + 365 * 86400_000).toISOString(),
      lessons: [{ title: '第1段', videoUrl: 'https://media.example.cn/v/1.mp4', durationSeconds: 120, minutes: 2 }],
    }),
  );
});
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api.close());

const tenYearsOld = () => dayFromToday(api, -10 * 366);
const forChild = (childId: string) => ({ [ACTING_FOR_HEADER]: childId });
const teacher = () => who.teacher.tokens.accessToken;

async function addChild(guardianToken: string, extra: Partial<Record<string, unknown>> = {}): Promise<Reply<ChildView>> {
  return api.http.as(guardianToken).post<ChildView>('/api/me/children', {
    realName: '王小明',
    birthDate: tenYearsOld(),
    relationship: GuardianRelationship.Parent,
    consent: true,
    ...extra,
  });
}

async function newGuardian() {
  const g = await newBoundResident(api, tree.communityA2, { birthDate: '1985-06-01', realName: '王建华' });
  return { ...g, token: g.tokens.accessToken };
}

/** A child under 14 whose profile was bound before guardians existed: logs in, but has no guardian's consent. */
async function unconsentedChild() {
  const r = await newResident(api);
  const userId = r.tokens.user.id;
  await api.db.query(
    `INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id, groups)
     VALUES ($1, '李小红', NULL, NULL, $2, $3, '{}')`,
    [userId, tenYearsOld(), tree.communityA2.id],
  );
  return { userId, token: r.tokens.accessToken };
}

async function countWritten(residentId: string) {
  const [row] = (await api.db.query(
    `SELECT (SELECT count(*) FROM enrollment WHERE resident_id = $1)::int AS enrollments,
            (SELECT count(*) FROM attendance WHERE resident_id = $1)::int AS attendances,
            (SELECT count(*) FROM lesson_progress WHERE resident_id = $1)::int AS lessons,
            (SELECT count(*) FROM transcript WHERE resident_id = $1)::int AS transcripts,
            (SELECT count(*) FROM partner_consent WHERE resident_id = $1)::int AS consents,
            (SELECT count(*) FROM selection_nomination WHERE nominee_id = $1)::int AS nominations,
            (SELECT count(*) FROM learning_record WHERE resident_id = $1)::int AS records`,
    [residentId],
  )) as Record<string, number>[];
  return row;
}

const NOTHING = { enrollments: 0, attendances: 0, lessons: 0, transcripts: 0, consents: 0, nominations: 0, records: 0 };

describe('a child under 14 without a guardian’s consent', () => {
  it('cannot register alone: the binding is refused and no profile is written', async () => {
    const r = await newResident(api);
    const birthDate = tenYearsOld();
    const refused = expectApiError(
      await api.http.as(r.tokens.accessToken).put('/api/me/profile', {
        realName: '张小华', phone: uniquePhone(), idNumber: idNumberFor(birthDate), birthDate, communityId: tree.communityA1.id, groups: [],
      }),
      403,
      GuardianError.ChildMustBeAdded,
    );
    expect(refused.message).toContain('监护人');
    expect((await api.db.query('SELECT count(*)::int AS n FROM resident_profile WHERE user_id = $1', [r.tokens.user.id]))[0].n).toBe(0);
  });

  it('cannot enroll, check in, learn online, issue a transcript, share with a partner, take a data copy, nominate themselves or be checked in by a teacher; nothing is written', async () => {
    const child = await unconsentedChild();
    const { offering, session } = await activityWithSession(api, who, venueId, { allowWalkIn: true });
    const as = api.http.as(child.token);
    const admin = await newStaff(api, Role.Admin, { area: tree.streetA });
    const selection = await newSelection(api, admin.tokens.accessToken, tree.streetA.id);

    const attempts: [string, Reply][] = [
      ['enroll', await as.post(`/api/offerings/${offering.id}/enrollments`)],
      ['enroll in the micro-course', await as.post(`/api/offerings/${course.id}/enrollments`)],
    ];
    atSession(api, offering, 5);
    const shown = await showQr(api, teacher(), session.id);
    attempts.push(['check in by QR', await as.post('/api/check-ins', { qr: shown.qr })]);
    attempts.push(['check in by spoken code', await as.post('/api/check-ins', { sessionId: session.id, code: shown.code })]);
    api.app.get(Clock).reset();
    attempts.push(['open a lesson', await as.get(`/api/lessons/${course.lessons[0].id}`)]);
    attempts.push(['start a playback', await as.post(`/api/lessons/${course.lessons[0].id}/playbacks`, { position: 0 })]);
    attempts.push(['issue a transcript', await as.post('/api/me/transcripts')]);
    attempts.push(['share with a partner', await as.post('/api/me/consents', { partnerId: 1, scopes: ['credits:read'], days: 30 })]);
    attempts.push(['take a copy of the data', await as.get('/api/me/data-export')]);
    attempts.push(['nominate themselves', await as.post(`/api/selections/${selection.id}/nominations`, { story: STORY })]);
    for (const [what, reply] of attempts) {
      expect([what, reply.status, (reply.body as { code?: string }).code]).toEqual([what, 403, GuardianError.ConsentRequired]);
    }
    // the teacher's 代签 finds the child by their 学习码 (reading it is not acting), and is refused at the save
    const code = await as.get<LearnerCode>('/api/me/learner-code');
    expect(code.status).toBe(200);
    atSession(api, offering, 5);
    const proxy = await proxyCheckIn(api, teacher(), session.id, { learnerCode: code.body.content });
    expect(proxy.lookup.status).toBe(200);
    expectApiError(proxy.saved!, 403, GuardianError.ConsentRequired);

    expect(await countWritten(child.userId)).toEqual(NOTHING);
    // reading what is theirs is not acting
    expect((await as.get('/api/me/profile')).status).toBe(200);
  });
});

describe('a resident’s access token', () => {
  const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { alone?: string };
  const refreshed = async (refreshToken: string) => (await api.http.post<TokenPair>('/api/auth/refresh', { refreshToken })).body.accessToken;

  it('says, once the profile is bound, the day they turn 14: an adult acts on it, a child still needs a guardian’s consent', async () => {
    const adult = await newBoundResident(api, tree.communityA2, { birthDate: '1985-06-01' });
    // issued before the binding: nothing to say yet, and the guard looks the birth date up
    expect(claims(adult.tokens.accessToken).alone).toBeUndefined();
    const adultToken = await refreshed(adult.tokens.refreshToken);
    expect(claims(adultToken).alone).toBe('1999-06-01');
    expect((await api.http.as(adultToken).post(`/api/offerings/${course.id}/enrollments`)).status).toBe(201);

    const r = await newResident(api);
    const birthDate = tenYearsOld();
    await api.db.query(
      `INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id, groups) VALUES ($1, '李小红', NULL, NULL, $2, $3, '{}')`,
      [r.tokens.user.id, birthDate, tree.communityA2.id],
    );
    const childToken = await refreshed(r.tokens.refreshToken);
    expect(claims(childToken).alone).toBe(`${Number(birthDate.slice(0, 4)) + 14}${birthDate.slice(4)}`);
    expectApiError(await api.http.as(childToken).post(`/api/offerings/${course.id}/enrollments`), 403, GuardianError.ConsentRequired);
    expect(await countWritten(r.tokens.user.id)).toEqual(NOTHING);
  });
});

describe('a guardian', () => {
  it('adds a child with consent (the privacy text version recorded), enrolls and checks the child in, and the hours land in the child’s own account', async () => {
    const guardian = await newGuardian();
    const added = await api.http.send<ChildView>('POST', '/api/me/children', {
      realName: '王小明', birthDate: tenYearsOld(), relationship: GuardianRelationship.Parent, consent: true, idNumber: idNumberFor(tenYearsOld()),
    }, { authorization: `Bearer ${guardian.token}` });
    expect([added.status, added.body]).toEqual([201, expect.objectContaining({ consentGiven: true })]);
    const child = added.body;
    expect(child).toMatchObject({ realName: '王小明', age: 10, consentGiven: true, privacyTextVersion: PRIVACY_TEXT_VERSION, actsAlone: false, relationship: 'parent' });
    expect(child.idNumberMasked).toContain('*');
    const [stored] = (await api.db.query(`SELECT consent_given, privacy_text_version, guardian_id FROM guardian_binding WHERE child_id = $1`, [child.userId])) as {
      consent_given: boolean; privacy_text_version: string; guardian_id: string;
    }[];
    expect(stored).toEqual({ consent_given: true, privacy_text_version: PRIVACY_TEXT_VERSION, guardian_id: guardian.userId });
    const [profile] = (await api.db.query(`SELECT id_number_enc, phone_enc, community_id FROM resident_profile WHERE user_id = $1`, [child.userId])) as {
      id_number_enc: string; phone_enc: string | null; community_id: number;
    }[];
    expect(profile.id_number_enc).not.toContain('3302'); // encrypted like every ID number
    expect(profile).toMatchObject({ phone_enc: null, community_id: tree.communityA2.id });
    expect((await api.http.as(guardian.token).get<ChildView[]>('/api/me/children')).body.map((c) => c.userId)).toEqual([child.userId]);

    const { offering, session } = await activityWithSession(api, who, venueId);
    const g = (method: string, path: string, body?: unknown) => api.http.send(method, path, body, { authorization: `Bearer ${guardian.token}`, ...forChild(child.userId) });
    expect((await g('POST', `/api/offerings/${offering.id}/enrollments`)).status).toBe(201);
    // the public page of the offering, read for the child, shows the child enrolled; read as the guardian, not
    const detailFor = async (headers: Record<string, string>) =>
      (await api.http.send<OfferingDetail>('GET', `/api/offerings/${offering.id}`, undefined, { authorization: `Bearer ${guardian.token}`, ...headers })).body.myEnrollment;
    expect(await detailFor(forChild(child.userId))).not.toBeNull();
    expect(await detailFor({})).toBeNull();
    // the enrollment is the child's, not the guardian's
    expect((await api.db.query('SELECT resident_id FROM enrollment WHERE offering_id = $1', [offering.id])).map((r: { resident_id: string }) => r.resident_id)).toEqual([child.userId]);

    atSession(api, offering, 0);
    const qr = (await showQr(api, teacher(), session.id)).qr!;
    const checked = (await g('POST', '/api/check-ins', { qr })) as Reply<CheckInResult>;
    expect(checked.status).toBe(201);
    atSession(api, offering, 120);
    const closed = await api.http.as(teacher()).post<SessionCloseResult>(`/api/teacher/sessions/${session.id}/close`);
    expect(closed.status).toBe(200);

    const account = (await g('GET', '/api/me/learning-account')) as Reply<LearningAccountView>;
    expect(account.status).toBe(200);
    expect(account.body.allTime.minutes).toBe(90);
    const own = await api.http.as(guardian.token).get<LearningAccountView>('/api/me/learning-account');
    expect(own.body.allTime.minutes).toBe(0);
    const records = (await api.db.query(`SELECT resident_id FROM learning_record WHERE offering_id = $1`, [offering.id])) as { resident_id: string }[];
    expect(records.map((r) => r.resident_id)).toEqual([child.userId]);
    const copy = (await g('GET', '/api/me/data-export')) as Reply<MyDataCopy>;
    expect(copy.status).toBe(200);
    expect(copy.body.profile).toMatchObject({ realName: '王小明', birthDate: child.birthDate });
    expect(copy.body.guardianship).toEqual([
      { role: 'guardian', userId: guardian.userId, relationship: '父母', consentGiven: true, privacyTextVersion: PRIVACY_TEXT_VERSION, decidedAt: child.decidedAt },
    ]);

    // the ledger and the statistics agree with what happened
    const runner = api.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction('REPEATABLE READ');
    try {
      expect((await api.app.get(CreditReconciler).replay(runner.manager)).differences).toEqual([]);
      expect((await api.app.get(LedgerAudit).check(runner.manager)).problems).toEqual([]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await rebuildReport(api)).differences.every((d) => d.differing === 0)).toBe(true);
    // the child counts once, in their own community, as a learner under 18
    const [member] = (await api.db.query(
      `SELECT count(*)::int AS n FROM learning_record WHERE resident_id = $1 AND area_id = $2`,
      [child.userId, tree.communityA2.id],
    )) as { n: number }[];
    expect(member.n).toBe(1);
  });

  it('cannot act for a child who is not theirs; staff cannot act for anyone; a made-up child is not found', async () => {
    const guardian = await newGuardian();
    const child = (await addChild(guardian.token)).body;
    const { offering } = await activityWithSession(api, who, venueId);
    const stranger = await newGuardian();
    const asStranger = (method: string, path: string) => api.http.send(method, path, undefined, { authorization: `Bearer ${stranger.token}`, ...forChild(child.userId) });
    expectApiError(await asStranger('POST', `/api/offerings/${offering.id}/enrollments`), 404, GuardianError.NotYourChild);
    expectApiError(await asStranger('GET', '/api/me/learning-account'), 404, GuardianError.NotYourChild);
    expectApiError(await asStranger('GET', '/api/me/data-export'), 404, GuardianError.NotYourChild);
    expectApiError(
      await api.http.send('PUT', `/api/me/children/${child.userId}/consent`, { given: false }, { authorization: `Bearer ${stranger.token}` }),
      404,
      GuardianError.NotYourChild,
    );
    expectApiError(
      await api.http.send('GET', '/api/teacher/sessions/today', undefined, { authorization: `Bearer ${teacher()}`, ...forChild(child.userId) }),
      403,
      GuardianError.ActingNotAllowed,
    );
    expectApiError(
      await api.http.send('GET', '/api/me/learning-account', undefined, { authorization: `Bearer ${guardian.token}`, ...forChild(randomUUID()) }),
      404,
      GuardianError.NotYourChild,
    );
    expectApiError(
      await api.http.send('GET', '/api/me/learning-account', undefined, { authorization: `Bearer ${guardian.token}`, ...forChild('not-a-uuid') }),
      404,
      GuardianError.NotYourChild,
    );
    // a child cannot be a guardian, nor can a guardian act for a child through the child
    expectApiError(await addChild(guardian.token, { birthDate: dayFromToday(api, -15 * 366) }), 400, GuardianError.ChildActsAlone);
    expect(await countWritten(child.userId)).toEqual(NOTHING);
  });

  it('who withdraws consent freezes the child: nothing is done for them (by the guardian or a teacher) until it is given again', async () => {
    const guardian = await newGuardian();
    const child = (await addChild(guardian.token)).body;
    const { offering, session } = await activityWithSession(api, who, venueId, { allowWalkIn: true });
    const g = (method: string, path: string, body?: unknown) => api.http.send(method, path, body, { authorization: `Bearer ${guardian.token}`, ...forChild(child.userId) });
    const consent = (given: boolean) => api.http.send<ChildView>('PUT', `/api/me/children/${child.userId}/consent`, { given }, { authorization: `Bearer ${guardian.token}` });

    const withdrawn = await consent(false);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ consentGiven: false, privacyTextVersion: PRIVACY_TEXT_VERSION });
    expectApiError(await g('POST', `/api/offerings/${offering.id}/enrollments`), 403, GuardianError.ConsentRequired);
    expectApiError(await g('POST', '/api/me/transcripts'), 403, GuardianError.ConsentRequired);
    expectApiError(await g('GET', `/api/lessons/${course.lessons[0].id}`), 403, GuardianError.ConsentRequired);
    const code = (await g('GET', '/api/me/learner-code')) as Reply<LearnerCode>;
    expect(code.status).toBe(200);
    atSession(api, offering, 5);
    const proxy = await proxyCheckIn(api, teacher(), session.id, { learnerCode: code.body.content });
    expectApiError(proxy.saved!, 403, GuardianError.ConsentRequired);
    expect(await countWritten(child.userId)).toEqual(NOTHING);
    // the guardian still sees what the child has
    expect((await g('GET', '/api/me/learning-account')).status).toBe(200);
    const audit = (await api.db.query(`SELECT action FROM audit_event WHERE target_id = $1 ORDER BY id`, [child.userId])) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['profile.child_added', 'guardian.consent_given', 'guardian.consent_withdrawn']);

    expect((await consent(true)).body.consentGiven).toBe(true);
    api.app.get(Clock).reset();
    expect((await g('POST', `/api/offerings/${offering.id}/enrollments`)).status).toBe(201);
  });

  it('what a guardian does for a child is audited naming both: the guardian as the actor, the child as the subject', async () => {
    const guardian = await newGuardian();
    const child = (await addChild(guardian.token)).body;
    const g = <T>(method: string, path: string, body?: unknown) => api.http.send<T>(method, path, body, { authorization: `Bearer ${guardian.token}`, ...forChild(child.userId) });
    const auditOf = async (action: string) =>
      (await api.db.query(`SELECT actor_id AS "actorId", subject_id AS "subjectId", details FROM audit_event WHERE action = $1 AND (target_id = $2 OR subject_id = $2::uuid) ORDER BY id`, [
        action,
        child.userId,
      ])) as { actorId: string; subjectId: string | null; details: Record<string, unknown> }[];

    // a transcript issued and revoked for the child
    await giveRecords(api, [{ residentId: child.userId, minutes: 60 }]);
    const issued = await g<{ id: string }>('POST', '/api/me/transcripts');
    expect(issued.status).toBe(201);
    expect((await g('POST', `/api/transcripts/${issued.body.id}/revoke`, { reason: '信息有误，重新开' })).status).toBe(200);
    const [revoked] = (await api.db.query(`SELECT actor_id AS "actorId", subject_id AS "subjectId", details FROM audit_event WHERE action = 'transcript.revoke' AND target_id = $1`, [
      issued.body.id,
    ])) as { actorId: string; subjectId: string | null; details: Record<string, unknown> }[];
    expect(revoked).toEqual({ actorId: guardian.userId, subjectId: child.userId, details: { byHolder: false, byGuardian: true } });

    // a resident's own revocation names them alone
    const adult = await newBoundResident(api, tree.communityA2);
    await giveRecords(api, [{ residentId: adult.userId, minutes: 60 }]);
    const own = await api.http.as(adult.tokens.accessToken).post<{ id: string }>('/api/me/transcripts');
    expect((await api.http.as(adult.tokens.accessToken).post(`/api/transcripts/${own.body.id}/revoke`, { reason: '不需要了' })).status).toBe(200);
    const [ownRow] = (await api.db.query(`SELECT actor_id AS "actorId", subject_id AS "subjectId", details FROM audit_event WHERE action = 'transcript.revoke' AND target_id = $1`, [own.body.id])) as {
      actorId: string; subjectId: string | null; details: Record<string, unknown>;
    }[];
    expect(ownRow).toEqual({ actorId: adult.userId, subjectId: null, details: { byHolder: true, byGuardian: false } });

    // the child's account closed by the guardian: the guardian closed it, for the child
    expect((await g('POST', '/api/me/account/close', { confirm: true })).status).toBe(200);
    expect(await auditOf('account.close')).toEqual([
      { actorId: guardian.userId, subjectId: child.userId, details: expect.objectContaining({ bySelf: false, byGuardian: true }) },
    ]);
    // the database refuses a row naming one person as both
    await expect(api.db.query(`INSERT INTO audit_event (actor_id, subject_id, action, target_type, target_id) VALUES ($1::uuid, $1::uuid, 'x', 'resident', $1::text)`, [guardian.userId])).rejects.toThrow(
      /audit_event_subject_not_actor/,
    );
  });

  it('invites a second guardian with a one-time code; each consents for themself, either acts, and the child acts while one consent stands', async () => {
    const first = await newGuardian();
    const child = (await addChild(first.token)).body;
    expect(child).toMatchObject({ otherGuardians: [], mayInvite: true });
    const second = await newBoundResident(api, tree.communityA1, { birthDate: '1987-03-02', realName: '李秀英' });
    const stranger = await newGuardian();
    const invite = () => api.http.as(first.token).post<GuardianInvitation>(`/api/me/children/${child.userId}/invitations`);
    const join = (token: string, code: string, consent = true) =>
      api.http.as(token).post<ChildView>('/api/me/children/join', { code, relationship: GuardianRelationship.Parent, consent });

    const invitation = await invite();
    expect(invitation.status).toBe(201);
    expect(invitation.body.code).toMatch(/^\d{8}$/);
    expect(new Date(invitation.body.expiresAt).getTime() - api.app.get(Clock).now().getTime()).toBeGreaterThan(23 * 3600_000);
    // only a hash of the code is kept
    const [kept] = (await api.db.query(`SELECT code_hash FROM guardian_invitation WHERE child_id = $1`, [child.userId])) as { code_hash: string }[];
    expect(kept.code_hash).not.toContain(invitation.body.code);
    // a stranger cannot invite for the child; staff cannot join; the inviter cannot join again; a wrong code finds nothing
    expectApiError(await api.http.as(stranger.token).post(`/api/me/children/${child.userId}/invitations`), 404, GuardianError.NotYourChild);
    expect((await join(teacher(), invitation.body.code)).status).toBe(403);
    expectApiError(await join(first.token, invitation.body.code), 409, GuardianError.AlreadyGuardian);
    const wrong = invitation.body.code === '00000000' ? '00000001' : '00000000';
    expect(expectApiError(await join(stranger.token, wrong), 404, GuardianError.InvitationInvalid).message).toContain('邀请码');
    expectApiError(await join(second.tokens.accessToken, 'abc'), 400);
    expectApiError(await join(second.tokens.accessToken, invitation.body.code, false), 400);

    // the second guardian joins with their own consent, and sees the first (name masked)
    const joined = await join(second.tokens.accessToken, invitation.body.code);
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ userId: child.userId, consentGiven: true, privacyTextVersion: PRIVACY_TEXT_VERSION, mayInvite: false });
    expect(joined.body.otherGuardians).toEqual([{ relationshipLabel: '父母', nameMasked: expect.stringMatching(/^王\*/), consentGiven: true }]);
    // the code was for one use; a third guardian is refused
    expectApiError(await join(stranger.token, invitation.body.code), 404, GuardianError.InvitationInvalid);
    expectApiError(await invite(), 409, GuardianError.TooManyGuardians);
    const mine = (await api.http.as(first.token).get<ChildView[]>('/api/me/children')).body.find((c) => c.userId === child.userId)!;
    expect(mine).toMatchObject({ mayInvite: false, otherGuardians: [{ relationshipLabel: '父母', nameMasked: expect.stringMatching(/^李\*/), consentGiven: true }] });

    // either acts; one withdrawing leaves the child able to act on the other's consent (not the withdrawn one's); both withdrawn, the child is frozen
    const as = (token: string) => (method: string, path: string) => api.http.send(method, path, undefined, { authorization: `Bearer ${token}`, ...forChild(child.userId) });
    const offerings = await Promise.all([1, 2, 3].map(() => activityWithSession(api, who, venueId)));
    expect((await as(second.tokens.accessToken)('POST', `/api/offerings/${offerings[0].offering.id}/enrollments`)).status).toBe(201);
    const consent = (token: string, given: boolean) => api.http.send<ChildView>('PUT', `/api/me/children/${child.userId}/consent`, { given }, { authorization: `Bearer ${token}` });
    expect((await consent(first.token, false)).status).toBe(200);
    expect((await as(second.tokens.accessToken)('POST', `/api/offerings/${offerings[1].offering.id}/enrollments`)).status).toBe(201);
    // …but not on the withdrawn guardian's own behalf: acting is processing under one's own consent
    expectApiError(await as(first.token)('POST', `/api/offerings/${offerings[2].offering.id}/enrollments`), 403, GuardianError.ConsentRequired);
    // staff lists name the guardian whose consent stands
    const admin = await newStaff(api, Role.Admin, { area: tree.communityA2 });
    const listed = await api.http.as(admin.tokens.accessToken).get<Page<ResidentListItem>>(`/api/admin/residents?areaId=${tree.communityA2.id}&limit=100`);
    expect(listed.body.items.find((i) => i.userId === child.userId)?.guardian).toMatchObject({ guardianNameMasked: expect.stringMatching(/^李\*/), consentGiven: true });
    expect((await consent(second.tokens.accessToken, false)).status).toBe(200);
    expectApiError(await as(second.tokens.accessToken)('POST', `/api/offerings/${offerings[2].offering.id}/enrollments`), 403, GuardianError.ConsentRequired);

    // the child's copy of their data lists both guardians; the audit names who invited and who joined
    expect((await consent(first.token, true)).status).toBe(200);
    const copy = (await as(first.token)('GET', '/api/me/data-export')) as Reply<MyDataCopy>;
    expect(copy.body.guardianship.map((g) => g.userId).sort()).toEqual([first.userId, second.userId].sort());
    const audit = (await api.db.query(`SELECT action, actor_id AS "actorId" FROM audit_event WHERE target_id = $1 AND action IN ('guardian.invite', 'guardian.joined') ORDER BY id`, [
      child.userId,
    ])) as { action: string; actorId: string }[];
    expect(audit).toEqual([{ action: 'guardian.invite', actorId: first.userId }, { action: 'guardian.joined', actorId: second.userId }]);
  });

  it('an invitation code expires after a day', async () => {
    const first = await newGuardian();
    const child = (await addChild(first.token)).body;
    const code = (await api.http.as(first.token).post<GuardianInvitation>(`/api/me/children/${child.userId}/invitations`)).body.code;
    api.app.get(Clock).travelTo(new Date(Date.now() + 25 * 3600_000));
    const late = await newBoundResident(api, tree.communityA1, { birthDate: '1986-01-01' });
    expectApiError(await api.http.as(late.tokens.accessToken).post('/api/me/children/join', { code, relationship: GuardianRelationship.Grandparent, consent: true }), 404, GuardianError.InvitationInvalid);
    expect((await api.db.query(`SELECT count(*)::int AS n FROM guardian_binding WHERE child_id = $1`, [child.userId]))[0].n).toBe(1);
  });

  it('a child who turns 14 takes over their account with their own WeChat: records and credits stay, guardians no longer act for it', async () => {
    const guardian = await newGuardian();
    // 14 in two days
    const today = dayFromToday(api, 0);
    const birth = new Date(`${today}T00:00:00Z`);
    birth.setUTCFullYear(birth.getUTCFullYear() - 14);
    birth.setUTCDate(birth.getUTCDate() + 2);
    const child = (await addChild(guardian.token, { birthDate: birth.toISOString().slice(0, 10) })).body;
    await giveRecords(api, [{ residentId: child.userId, minutes: 90 }]);
    const handover = () => api.http.as(guardian.token).post<ChildHandover>(`/api/me/children/${child.userId}/handover`);
    // under 14: refused, in words a guardian reads
    expect(expectApiError(await handover(), 403, GuardianError.HandoverTooYoung).message).toContain('满14周岁');
    const holdings = async () =>
      (await api.db.query(
        `SELECT (SELECT count(*) FROM learning_record WHERE resident_id = $1)::int AS records,
                (SELECT COALESCE(sum(balance_milli), 0)::bigint FROM ledger_account WHERE resident_id = $1)::text AS balance`,
        [child.userId],
      ))[0] as { records: number; balance: string };
    const before = await holdings();

    travelToDay(api, 3);
    const issued = await handover();
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^\d{8}$/);
    // the child logs in with their own WeChat: a fresh, empty account
    const openid = `o${randomUUID().replace(/-/g, '')}`;
    const fresh = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: api.wechat.codeFor(openid).code });
    expect(fresh.status).toBe(200);
    expect(fresh.body.user.id).not.toBe(child.userId);
    const take = (token: string, code: string) => api.http.as(token).post<AccountTakenOver>('/api/me/handover', { code });
    // a WeChat that has its own account already, a wrong code, a malformed one: refused, nothing changes
    expectApiError(await take(guardian.token, issued.body.code), 409, GuardianError.HandoverNeedsFreshLogin);
    const wrong = issued.body.code === '00000000' ? '00000001' : '00000000';
    expect(expectApiError(await take(fresh.body.accessToken, wrong), 404, GuardianError.HandoverInvalid).message).toContain('交接码');
    expectApiError(await take(fresh.body.accessToken, '12'), 400);

    const taken = await take(fresh.body.accessToken, issued.body.code);
    expect([taken.status, taken.body]).toEqual([200, { userId: child.userId, realName: '王小明' }]);
    // the login the code was entered with is gone; the same WeChat now opens the child's own account
    expect((await api.http.as(fresh.body.accessToken).get('/api/me')).status).toBe(401);
    const again = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: api.wechat.codeFor(openid).code });
    expect(again.body.user.id).toBe(child.userId);
    expect((await api.http.as(again.body.accessToken).get<CurrentUser>('/api/me')).body).toMatchObject({ profileBound: true });
    const [account] = (await api.db.query(`SELECT wechat_openid, guardian_managed FROM app_user WHERE id = $1`, [child.userId])) as { wechat_openid: string; guardian_managed: boolean }[];
    expect(account).toEqual({ wechat_openid: openid, guardian_managed: false });
    // the guardian no longer acts for it, nor sees it among their children
    expectApiError(
      await api.http.send('GET', '/api/me/learning-account', undefined, { authorization: `Bearer ${guardian.token}`, ...forChild(child.userId) }),
      404,
      GuardianError.NotYourChild,
    );
    expect((await api.http.as(guardian.token).get<ChildView[]>('/api/me/children')).body.map((c) => c.userId)).not.toContain(child.userId);
    // the child's records and credits are as they were, now theirs to use
    expect(await holdings()).toEqual(before);
    expect((await api.http.as(again.body.accessToken).get<LearningAccountView>('/api/me/learning-account')).body.allTime.minutes).toBe(90);
    // the code was for one use
    const other = await api.http.post<TokenPair>('/api/auth/wechat/login', { code: api.wechat.codeFor().code });
    expectApiError(await take(other.body.accessToken, issued.body.code), 404, GuardianError.HandoverInvalid);
    // audited: who issued it, and the child taking it over
    const audit = (await api.db.query(`SELECT action, actor_id AS "actorId" FROM audit_event WHERE target_id = $1 AND action IN ('guardian.handover_issued', 'account.handover') ORDER BY id`, [
      child.userId,
    ])) as { action: string; actorId: string }[];
    expect(audit).toEqual([{ action: 'guardian.handover_issued', actorId: guardian.userId }, { action: 'account.handover', actorId: child.userId }]);
  });

  it('shows in the administrators’ list of residents next to the child, name masked', async () => {
    const guardian = await newGuardian();
    const child = (await addChild(guardian.token, { relationship: GuardianRelationship.Grandparent, communityId: tree.communityB1.id })).body;
    const admin = await newStaff(api, Role.Admin, { area: tree.communityB1 });
    const list = await api.http.as(admin.tokens.accessToken).get<Page<ResidentListItem>>(`/api/admin/residents?areaId=${tree.communityB1.id}`);
    const line = list.body.items.find((i) => i.userId === child.userId)!;
    expect(line.guardian).toEqual({ relationship: 'grandparent', relationshipLabel: '祖父母', guardianNameMasked: '王**', consentGiven: true });
    expect(JSON.stringify(list.body)).not.toContain('王建华');
  });
});
