import {
  EnrollmentError,
  HeartbeatResult,
  LessonPlayer,
  OfferingDetail,
  OfferingKind,
  OfferingLessonProgress,
  OnlineLearningError,
  PlaybackState,
  Role,
} from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, publish, Publisher } from '../support/catalogue';
import { newAreaTree, newBoundResident, newSchool, newStaff } from '../support/factories';

/**
 * Every lesson here is two minutes long (108 s of watching credits it) and worth 2 minutes, which a
 * full watch measures; the cap of 5 minutes lets the third lesson of a day be cut.
 */
const LESSON_SECONDS = 120;
const LESSON_MINUTES = 2;
const CAP = 5;

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let who: Publisher;
let course: OfferingDetail;

beforeAll(async () => {
  api = await startApi({ ONLINE_DAILY_CAP_MINUTES: String(CAP) });
  tree = await newAreaTree(api);
  who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
  course = await publish(
    api,
    who,
    activityInput(null, {
      kind: OfferingKind.MicroCourse,
      title: '微课：手机视频通话',
      capacity: 1000,
      sessions: [],
      enrollClosesAt: new Date(Date.now() + 365 * 86400_000).toISOString(),
      lessons: Array.from({ length: 5 }, (_, i) => ({
        title: `第${i + 1}段`,
        videoUrl: `https://media.example.cn/v/${i + 1}.mp4`,
        durationSeconds: LESSON_SECONDS,
        minutes: LESSON_MINUTES,
      })),
    }),
  );
});
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api.close());

const lessonId = (i: number) => course.lessons[i].id;

/** Moves the server's clock; the tests never let the client say what time it is. */
function at(iso: string, plusSeconds = 0): void {
  api.app.get(Clock).travelTo(new Date(Date.parse(iso) + plusSeconds * 1000));
}

async function learner() {
  const r = await newBoundResident(api, tree.communityA2);
  const res = await api.http.as(r.tokens.accessToken).post(`/api/offerings/${course.id}/enrollments`);
  expect(res.status).toBe(201);
  return { ...r, token: r.tokens.accessToken };
}

async function start(token: string, lesson: number, position = 0): Promise<PlaybackState> {
  const res = await api.http.as(token).post<PlaybackState>(`/api/lessons/${lesson}/playbacks`, { position });
  expect(res.status).toBe(201);
  return res.body;
}

const beat = (token: string, lesson: number, playbackId: string, position: number) =>
  api.http.as(token).post<HeartbeatResult>(`/api/lessons/${lesson}/heartbeats`, { playbackId, position });

async function okBeat(token: string, lesson: number, playbackId: string, position: number): Promise<HeartbeatResult> {
  const res = await beat(token, lesson, playbackId, position);
  expect(res.status).toBe(200);
  return res.body;
}

/**
 * Plays a lesson from the start at ordinary speed, a heartbeat every 30 s of video (the most one
 * heartbeat counts), the server's clock moving 32 s between them (a little buffering). Returns the
 * heartbeats' answers: the fourth one completes a lesson.
 */
async function watch(token: string, lesson: number, startIso: string, seconds = LESSON_SECONDS): Promise<HeartbeatResult[]> {
  at(startIso);
  const { playbackId } = await start(token, lesson);
  const answers: HeartbeatResult[] = [];
  for (let n = 1; n * 30 <= seconds; n++) {
    at(startIso, n * 32);
    answers.push(await okBeat(token, lesson, playbackId, n * 30));
  }
  return answers;
}

async function onlineRecords(residentId: string): Promise<{ sourceRef: string; minutes: number; offeringId: number; category: string }[]> {
  return api.db.query(
    `SELECT source_ref AS "sourceRef", minutes, offering_id AS "offeringId", category FROM learning_record
     WHERE resident_id = $1 AND source = 'online_lesson' ORDER BY id`,
    [residentId],
  );
}

describe('watching a lesson, measured by the server’s clock', () => {
  it('credits the lesson once when 90% has been watched, with its minutes and the course’s category', async () => {
    const r = await learner();
    const answers = await watch(r.token, lessonId(0), '2030-03-04T10:00:00+08:00');
    expect(answers.map((a) => a.countedSeconds)).toEqual([30, 30, 30, 30]);
    // 108 s are needed: the fourth heartbeat (120 s watched) credits it
    expect(answers.slice(0, 3).every((a) => a.justCredited === null && !a.progress.credited)).toBe(true);
    expect(answers[3].justCredited).toEqual({ minutes: LESSON_MINUTES, cappedFrom: null });
    expect(answers[3].progress).toMatchObject({ watchedSeconds: 120, requiredSeconds: 108, credited: true, creditedMinutes: LESSON_MINUTES });
    expect(answers[3].today).toEqual({ date: '2030-03-04', minutes: LESSON_MINUTES, capMinutes: CAP });
    expect(await onlineRecords(r.userId)).toEqual([
      { sourceRef: `lesson:${lessonId(0)}:${r.userId}`, minutes: LESSON_MINUTES, offeringId: course.id, category: course.category },
    ]);
  });

  it('never writes a second record: heartbeats after crediting, and watching the lesson again', async () => {
    const r = await learner();
    const answers = await watch(r.token, lessonId(0), '2030-03-05T09:00:00+08:00');
    const playbackId = answers[3].playbackId;
    at('2030-03-05T09:00:00+08:00', 80);
    const after = await okBeat(r.token, lessonId(0), playbackId, LESSON_SECONDS);
    expect(after).toMatchObject({ countedSeconds: 0, justCredited: null, progress: { credited: true } });
    const again = await watch(r.token, lessonId(0), '2030-03-06T09:00:00+08:00');
    expect(again.every((a) => a.justCredited === null)).toBe(true);
    expect(await onlineRecords(r.userId)).toHaveLength(1);
  });

  it('counts nothing for dragging the progress bar to the end', async () => {
    const r = await learner();
    at('2030-03-04T11:00:00+08:00');
    const { playbackId } = await start(r.token, lessonId(1));
    at('2030-03-04T11:00:00+08:00', 16);
    expect((await okBeat(r.token, lessonId(1), playbackId, 10)).countedSeconds).toBe(10);
    at('2030-03-04T11:00:00+08:00', 20);
    const jumped = await okBeat(r.token, lessonId(1), playbackId, LESSON_SECONDS);
    expect(jumped.countedSeconds).toBe(0);
    for (let n = 1; n <= 4; n++) {
      at('2030-03-04T11:00:00+08:00', 20 + n * 16);
      expect((await okBeat(r.token, lessonId(1), playbackId, LESSON_SECONDS)).countedSeconds).toBe(0);
    }
    const progress = (await api.http.as(r.token).get<LessonPlayer>(`/api/lessons/${lessonId(1)}`)).body.progress;
    expect(progress).toMatchObject({ watchedSeconds: 10, credited: false, waitingForCap: false });
    expect(await onlineRecords(r.userId)).toEqual([]);
  });

  it('counts nothing while paused or idle, and at most 30 s for a heartbeat after a long silence', async () => {
    const r = await learner();
    at('2030-03-04T12:00:00+08:00');
    const { playbackId } = await start(r.token, lessonId(2));
    // paused at 0 for ten minutes of heartbeats
    for (let n = 1; n <= 40; n += 13) {
      at('2030-03-04T12:00:00+08:00', n * 15);
      expect((await okBeat(r.token, lessonId(2), playbackId, 0)).countedSeconds).toBe(0);
    }
    // no heartbeat for ten minutes, then the video claims to have moved 50 s
    at('2030-03-04T12:20:00+08:00');
    expect((await okBeat(r.token, lessonId(2), playbackId, 50)).countedSeconds).toBe(30);
    // a video left standing mints nothing, however long the page stays open
    at('2030-03-04T12:20:00+08:00', 20);
    expect((await okBeat(r.token, lessonId(2), playbackId, 60)).countedSeconds).toBe(10);
    for (let n = 1; n <= 5; n++) {
      at('2030-03-04T12:20:00+08:00', 20 + n * 15);
      expect((await okBeat(r.token, lessonId(2), playbackId, 60)).countedSeconds).toBe(0);
    }
    const progress = (await api.http.as(r.token).get<LessonPlayer>(`/api/lessons/${lessonId(2)}`)).body.progress;
    expect(progress).toMatchObject({ watchedSeconds: 40, credited: false });
    expect(await onlineRecords(r.userId)).toEqual([]);
  });

  it('measures by the server’s clock: a burst of heartbeats counts no more than the time that passed', async () => {
    const r = await learner();
    at('2030-03-04T13:00:00+08:00');
    const { playbackId } = await start(r.token, lessonId(3));
    at('2030-03-04T13:00:00+08:00', 3);
    let total = 0;
    for (const position of [5, 10, 15, 20, 25, 30]) total += (await okBeat(r.token, lessonId(3), playbackId, position)).countedSeconds;
    expect(total).toBeLessThanOrEqual(3);
  });

  it('counts simultaneous heartbeats once: those that lose the race to the row see the winner’s progress', async () => {
    // a heartbeat reads without a lock and writes only if the row is still what it read; the
    // others fall back to the locked path and find the time already counted
    const r = await learner();
    at('2030-03-08T13:00:00+08:00');
    const { playbackId } = await start(r.token, lessonId(4));
    // 25 s of clock for 20 s of video: the time counted is the video's, however slowly the start was answered
    at('2030-03-08T13:00:00+08:00', 25);
    const answers = await Promise.all(Array.from({ length: 12 }, () => okBeat(r.token, lessonId(4), playbackId, 20)));
    expect(answers.map((a) => a.countedSeconds).sort((a, b) => b - a)).toEqual([20, ...Array(11).fill(0)]);
    expect(Math.max(...answers.map((a) => a.progress.watchedSeconds))).toBe(20);
    // and the heartbeats that complete the lesson at once credit it once
    at('2030-03-08T13:00:00+08:00', 150);
    const last = await Promise.all(Array.from({ length: 12 }, () => okBeat(r.token, lessonId(4), playbackId, 50)));
    at('2030-03-08T13:00:00+08:00', 190);
    const more = await Promise.all(Array.from({ length: 6 }, (_, i) => okBeat(r.token, lessonId(4), playbackId, 80 + i)));
    at('2030-03-08T13:00:00+08:00', 230);
    const done = await Promise.all(Array.from({ length: 6 }, () => okBeat(r.token, lessonId(4), playbackId, 120)));
    const credited = [...last, ...more, ...done].filter((a) => a.justCredited !== null);
    expect(credited).toHaveLength(1);
    expect(await onlineRecords(r.userId)).toHaveLength(1);
    const progress = (await api.http.as(r.token).get<LessonPlayer>(`/api/lessons/${lessonId(4)}`)).body.progress;
    expect(progress.watchedSeconds).toBe(
      [answers, last, more, done].flat().reduce((sum, a) => sum + a.countedSeconds, 0),
    );
  });
});

describe('two devices', () => {
  it('the second device takes over: the first one’s heartbeats are refused and nothing counts twice', async () => {
    const r = await learner();
    const t0 = '2030-03-07T08:00:00+08:00';
    at(t0);
    const phone = await start(r.token, lessonId(0));
    at(t0, 16);
    expect((await okBeat(r.token, lessonId(0), phone.playbackId, 15)).countedSeconds).toBe(15);
    at(t0, 20);
    const tablet = await start(r.token, lessonId(0), 15);
    expect(tablet.playbackId).not.toBe(phone.playbackId);
    // both keep playing side by side: only the tablet counts
    let counted = 0;
    for (let n = 1; n <= 3; n++) {
      at(t0, 20 + n * 16);
      const refused = expectApiError(await beat(r.token, lessonId(0), phone.playbackId, 15 + n * 15), 409, OnlineLearningError.PlaybackTakenOver);
      expect(refused.message).toBe('已在另一台设备上播放，本设备不再计时');
      counted += (await okBeat(r.token, lessonId(0), tablet.playbackId, 15 + n * 15)).countedSeconds;
    }
    expect(counted).toBe(45);
    const progress = (await api.http.as(r.token).get<LessonPlayer>(`/api/lessons/${lessonId(0)}`)).body.progress;
    expect(progress.watchedSeconds).toBe(60);
    expect(await onlineRecords(r.userId)).toEqual([]);
  });

  it('an unknown playback is refused in Chinese and changes nothing', async () => {
    const r = await learner();
    expectApiError(await beat(r.token, lessonId(4), '6f1c2d9e-1111-4aaa-8bbb-123456789abc', 15), 404, OnlineLearningError.PlaybackNotFound);
    const mine = await start(r.token, lessonId(4));
    expectApiError(await beat(r.token, lessonId(3), mine.playbackId, 15), 404, OnlineLearningError.PlaybackNotFound);
    expectApiError(await beat(r.token, lessonId(4), 'not-a-uuid', 15), 400);
  });
});

describe(`the daily cap of ${CAP} online minutes`, () => {
  it('credits what remains of today, then holds the next lesson until a new Asia/Shanghai day', async () => {
    const r = await learner();
    const day = '2030-03-08';
    expect((await watch(r.token, lessonId(0), `${day}T20:00:00+08:00`))[3].justCredited).toEqual({ minutes: 2, cappedFrom: null });
    expect((await watch(r.token, lessonId(1), `${day}T21:00:00+08:00`))[3].justCredited).toEqual({ minutes: 2, cappedFrom: null });
    const third = (await watch(r.token, lessonId(2), `${day}T22:00:00+08:00`))[3];
    expect(third.justCredited).toEqual({ minutes: 1, cappedFrom: 2 });
    expect(third.today).toEqual({ date: day, minutes: CAP, capMinutes: CAP });
    // the fourth is watched before midnight: it waits, nothing is written
    const fourth = (await watch(r.token, lessonId(3), `${day}T23:57:00+08:00`))[3];
    expect(fourth.justCredited).toBeNull();
    expect(fourth.progress).toMatchObject({ watchedSeconds: 120, credited: false, waitingForCap: true });
    expect((await onlineRecords(r.userId)).map((x) => x.minutes)).toEqual([2, 2, 1]);

    // after midnight in Shanghai (16:00 UTC) the day starts again: playing the waiting lesson credits it
    at('2030-03-09T00:00:30+08:00');
    const resumed = await start(r.token, lessonId(3), 60);
    expect(resumed.justCredited).toEqual({ minutes: 2, cappedFrom: null });
    expect(resumed.today).toEqual({ date: '2030-03-09', minutes: 2, capMinutes: CAP });
    const all = (await api.http.as(r.token).get<OfferingLessonProgress>(`/api/offerings/${course.id}/lesson-progress`)).body;
    expect(all.lessons.map((l) => [l.credited, l.creditedMinutes])).toEqual([
      [true, 2],
      [true, 2],
      [true, 1],
      [true, 2],
      [false, null],
    ]);
    expect((await onlineRecords(r.userId)).map((x) => x.minutes)).toEqual([2, 2, 1, 2]);
  });

  it('holds when two lessons finish at the same moment: only what remains is credited', async () => {
    const r = await learner();
    const day = '2030-03-12';
    await watch(r.token, lessonId(0), `${day}T10:00:00+08:00`);
    await watch(r.token, lessonId(1), `${day}T11:00:00+08:00`);
    // two lessons played to 90 s on two screens, their last heartbeats arriving together
    const t0 = `${day}T12:00:00+08:00`;
    at(t0);
    const a = await start(r.token, lessonId(2));
    const b = await start(r.token, lessonId(3));
    for (let n = 1; n <= 3; n++) {
      at(t0, n * 32);
      await okBeat(r.token, lessonId(2), a.playbackId, n * 30);
      await okBeat(r.token, lessonId(3), b.playbackId, n * 30);
    }
    at(t0, 128);
    const [ra, rb] = await Promise.all([okBeat(r.token, lessonId(2), a.playbackId, 120), okBeat(r.token, lessonId(3), b.playbackId, 120)]);
    const credited = [ra.justCredited, rb.justCredited].filter((c) => c !== null);
    expect(credited).toEqual([{ minutes: 1, cappedFrom: 2 }]);
    expect([ra, rb].filter((x) => x.progress.waitingForCap)).toHaveLength(1);
    const records = await onlineRecords(r.userId);
    expect(records.reduce((s, x) => s + x.minutes, 0)).toBe(CAP);
    expect(records).toHaveLength(3);
  });
});

describe('who may learn for 学时', () => {
  it('refuses a resident who has not enrolled, and staff', async () => {
    const r = await newBoundResident(api, tree.communityA2);
    const player = await api.http.as(r.tokens.accessToken).get<LessonPlayer>(`/api/lessons/${lessonId(0)}`);
    expect(player.status).toBe(200);
    expect(player.body).toMatchObject({ enrolled: false, lesson: { id: lessonId(0), durationSeconds: LESSON_SECONDS }, offering: { id: course.id } });
    expectApiError(await api.http.as(r.tokens.accessToken).post(`/api/lessons/${lessonId(0)}/playbacks`, {}), 409, EnrollmentError.NotEnrolled);
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityA1) });
    expectApiError(await api.http.as(teacher.tokens.accessToken).post(`/api/lessons/${lessonId(0)}/playbacks`, {}), 403);
    expectApiError(await api.http.as(r.tokens.accessToken).get(`/api/lessons/2147483000`), 404);
  });
});

describe('a course stopped while it is being watched', () => {
  it('never credits a lesson of a cancelled course, though heartbeats trust what they read about the lesson for a few seconds', async () => {
    const stopped = await publish(
      api,
      who,
      activityInput(null, {
        kind: OfferingKind.MicroCourse,
        title: '微课：防诈骗',
        capacity: 100,
        sessions: [],
        enrollClosesAt: new Date(Date.now() + 365 * 86400_000).toISOString(),
        lessons: [{ title: '第1段', videoUrl: 'https://media.example.cn/v/f1.mp4', durationSeconds: LESSON_SECONDS, minutes: LESSON_MINUTES }],
      }),
    );
    const lesson = stopped.lessons[0].id;
    const r = await newBoundResident(api, tree.communityA2);
    expect((await api.http.as(r.tokens.accessToken).post(`/api/offerings/${stopped.id}/enrollments`)).status).toBe(201);
    const startIso = '2030-05-06T10:00:00+08:00';
    at(startIso);
    const { playbackId } = await start(r.tokens.accessToken, lesson);
    // three heartbeats (90 s of 108 needed): each one read the lesson while its course was running
    for (let n = 1; n <= 3; n++) {
      at(startIso, n * 32);
      expect((await okBeat(r.tokens.accessToken, lesson, playbackId, n * 30)).justCredited).toBeNull();
    }
    const cancelled = await api.http.as(who.teacher.tokens.accessToken).post(`/api/teacher/offerings/${stopped.id}/cancel`, { reason: '讲师生病' });
    expect(cancelled.status).toBe(200);
    // the heartbeat that would complete the lesson reads it again, at once, and is refused
    at(startIso, 4 * 32);
    expectApiError(await beat(r.tokens.accessToken, lesson, playbackId, 120), 409, OnlineLearningError.LessonUnavailable);
    expect(await onlineRecords(r.userId)).toEqual([]);
    // and so is every heartbeat once the few seconds have passed
    await new Promise((done) => setTimeout(done, 3100));
    at(startIso, 5 * 32);
    expectApiError(await beat(r.tokens.accessToken, lesson, playbackId, 120), 409, OnlineLearningError.LessonUnavailable);
  });
});
