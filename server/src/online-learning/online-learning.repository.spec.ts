import { OfferingKind } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { newAreaTree, newOffering, newResident } from '../test-support/factories';
import { repositoryTestModule, RepositoryTestModule } from '../test-support/database';
import { Heartbeat, OnlineLearningRepository } from './online-learning.repository';
import { MAX_HEARTBEAT_GAP_SECONDS, watchedAfterSql } from './watch-rules';

let t: RepositoryTestModule;
let repo: OnlineLearningRepository;

beforeAll(async () => {
  t = await repositoryTestModule([OnlineLearningRepository], 10);
  repo = t.get(OnlineLearningRepository);
});
afterAll(() => t?.close());

const LAST_BEAT = new Date('2025-04-01T02:00:00.000Z');
const later = (ms: number) => new Date(LAST_BEAT.getTime() + ms);
const DAY = { from: new Date('2025-03-31T16:00:00.000Z'), to: new Date('2025-04-01T16:00:00.000Z') };

/**
 * The seconds a heartbeat counts, as PostgreSQL works them out from the rule: the progress had
 * `watched` seconds at position `from` when the previous heartbeat came; this one says `to`, `elapsedMs` later.
 */
async function counted(elapsedMs: number, from: number, to: number, watched = 0, durationSeconds = 7200): Promise<number> {
  const [r] = (await t.db.query(
    `SELECT ${watchedAfterSql('$1', '$2', '$3')} AS "after"
       FROM (VALUES ($4::int, $5::int, $6::timestamptz)) p (watched_seconds, last_position, last_heartbeat_at)`,
    [to, later(elapsedMs), durationSeconds, watched, from, LAST_BEAT],
  )) as { after: number }[];
  return r.after - watched;
}

describe('seconds a heartbeat counts', () => {
  it('counts playing in step with the clock, rounded down', async () => {
    expect(await counted(15_000, 0, 15)).toBe(15);
    expect(await counted(15_400, 30, 45)).toBe(15);
    expect(await counted(14_800, 30, 45)).toBe(14);
  });

  it('counts no more than the clock moved, even when the video plays faster', async () => {
    expect(await counted(15_000, 0, 30)).toBe(15);
    expect(await counted(10_000, 0, 8)).toBe(8);
  });

  it('counts nothing when paused, idle or going back', async () => {
    expect(await counted(15_000, 120, 120)).toBe(0);
    expect(await counted(600_000, 120, 120)).toBe(0);
    expect(await counted(15_000, 120, 60)).toBe(0);
  });

  it('counts nothing for a jump forward (dragging the progress bar)', async () => {
    expect(await counted(15_000, 0, 600)).toBe(0);
    expect(await counted(2_000, 100, 300)).toBe(0);
    // twice the speed and the slack is still watching; one second more is a jump
    expect(await counted(10_000, 0, 25)).toBe(10);
    expect(await counted(10_000, 0, 26)).toBe(0);
  });

  it('counts at most the largest gap after a long silence', async () => {
    expect(await counted(600_000, 0, 600)).toBe(MAX_HEARTBEAT_GAP_SECONDS);
  });

  it('counts nothing when no time passed or the clock went back', async () => {
    expect(await counted(0, 0, 5)).toBe(0);
    expect(await counted(-5_000, 0, 5)).toBe(0);
  });

  it('never counts past the end of the video', async () => {
    expect(await counted(15_000, 585, 600, 590, 600)).toBe(10);
    expect(await counted(15_000, 585, 600, 600, 600)).toBe(0);
  });
});

/** A resident playing a 600-second lesson: their progress row at position 0, `watched` seconds watched, last heard of at LAST_BEAT. */
async function playing(watched = 0) {
  const tree = await newAreaTree(t.db);
  const offering = await newOffering(t.db, tree.communityA1);
  await t.db.query(`UPDATE offering SET kind = $2 WHERE id = $1`, [offering.id, OfferingKind.MicroCourse]);
  const [{ id: lessonId }] = (await t.db.query(
    `INSERT INTO offering_lesson (offering_id, seq, title, video_url, duration_seconds, minutes)
     VALUES ($1, 1, '第一节', 'https://video.example.cn/1.mp4', 600, 10) RETURNING id`,
    [offering.id],
  )) as { id: number }[];
  const residentId = await newResident(t.db, tree.communityA1);
  const playbackId = randomUUID();
  await t.db.query(
    `INSERT INTO lesson_progress (resident_id, lesson_id, playback_id, watched_seconds, last_position, last_heartbeat_at) VALUES ($1, $2, $3, $4, 0, $5)`,
    [residentId, lessonId, playbackId, watched, LAST_BEAT],
  );
  const beat = (position: number, ms: number, o: Partial<Heartbeat> = {}): Heartbeat => ({
    residentId, lessonId, playbackId, position, at: later(ms), durationSeconds: 600, ...o,
  });
  const row = async () =>
    ((await t.db.query(`SELECT watched_seconds AS "watched", last_position AS "position" FROM lesson_progress WHERE resident_id = $1 AND lesson_id = $2`, [residentId, lessonId])) as { watched: number; position: number }[])[0];
  return { residentId, lessonId, playbackId, beat, row };
}

describe('a heartbeat that moves on by itself', () => {
  it('moves the progress on by the seconds counted and says what it was before', async () => {
    const p = await playing(100);

    const seen = await repo.moveOn(p.beat(15, 15_000), 540, DAY.from, DAY.to);

    expect(seen).toMatchObject({ watchedSeconds: 115, todayMinutes: 0, progress: { watchedSeconds: 100, lastPosition: 0, playbackId: p.playbackId } });
    expect(await p.row()).toEqual({ watched: 115, position: 15 });
  });

  it("writes nothing for another device's playback, and says whose it is", async () => {
    const p = await playing(100);

    const seen = await repo.moveOn(p.beat(15, 15_000, { playbackId: randomUUID() }), 540, DAY.from, DAY.to);

    expect(seen.watchedSeconds).toBeNull();
    expect(seen.progress?.playbackId).toBe(p.playbackId);
    expect(await p.row()).toEqual({ watched: 100, position: 0 });
  });

  it('writes nothing when the seconds it reaches could credit the lesson: that is decided under the locks', async () => {
    const p = await playing(530);

    expect((await repo.moveOn(p.beat(15, 15_000), 540, DAY.from, DAY.to)).watchedSeconds).toBeNull();
    expect(await p.row()).toEqual({ watched: 530, position: 0 });
    // a lesson with no minutes to credit never is
    expect((await repo.moveOn(p.beat(15, 15_000), null, DAY.from, DAY.to)).watchedSeconds).toBe(545);
  });

  it('finds no progress before the first playback', async () => {
    const p = await playing();

    const seen = await repo.moveOn(p.beat(15, 15_000, { residentId: randomUUID() }), 540, DAY.from, DAY.to);

    expect(seen).toEqual({ progress: null, watchedSeconds: null, todayMinutes: 0 });
  });

  it('says the seconds it counted from the row it read: when heartbeats of one playback race, a later one writes nothing', async () => {
    // ten processes' heartbeats at once (each its own repository, so its own statement), each the next 15 seconds; five times
    const processes = Array.from({ length: 10 }, () => new OnlineLearningRepository(t.db));
    for (let round = 0; round < 5; round++) {
      const p = await playing();

      const seen = await Promise.all(processes.map((r, i) => r.moveOn(p.beat(15 * (i + 1), 15_000 * (i + 1)), 540, DAY.from, DAY.to)));

      const written = seen.filter((s) => s.watchedSeconds !== null);
      expect(written.length).toBeGreaterThan(0);
      // each writer counted at most one gap over what it read, and the row holds what the last one wrote
      for (const s of written) expect(s.watchedSeconds! - s.progress!.watchedSeconds).toBeLessThanOrEqual(MAX_HEARTBEAT_GAP_SECONDS);
      expect(written.map((s) => s.watchedSeconds)).toContain((await p.row()).watched);
    }
  });

  it('shares one statement among heartbeats arriving together, each with its own answer', async () => {
    const a = await playing(100);
    const b = await playing(530);
    const c = await playing(0);
    const statements = jest.spyOn(t.db, 'query');

    const seen = await Promise.all([
      repo.moveOn(a.beat(15, 15_000), 540, DAY.from, DAY.to),
      repo.moveOn(b.beat(15, 15_000), 540, DAY.from, DAY.to), // would reach 545: left to the locked path
      repo.moveOn(c.beat(15, 15_000, { playbackId: randomUUID() }), 540, DAY.from, DAY.to), // another device
      repo.moveOn(c.beat(15, 15_000, { residentId: randomUUID() }), 540, DAY.from, DAY.to), // never played
      repo.moveOn(c.beat(10, 10_000), 540, DAY.from, DAY.to),
      repo.moveOn(c.beat(12, 12_000), 540, DAY.from, DAY.to), // the same playback again in the same statement
    ]);

    expect(statements).toHaveBeenCalledTimes(1);
    statements.mockRestore();
    expect(seen.slice(0, 4).map((s) => s.watchedSeconds)).toEqual([115, null, null, null]);
    expect(seen[0].progress).toMatchObject({ watchedSeconds: 100, playbackId: a.playbackId });
    expect(seen[2].progress?.playbackId).toBe(c.playbackId);
    expect(seen[3].progress).toBeNull();
    // one of the two heartbeats of the same playback moved it on; the other wrote nothing
    const same = seen.slice(4).map((s) => s.watchedSeconds);
    expect(same.filter((w) => w === null)).toHaveLength(1);
    expect(await c.row()).toEqual(same[0] === null ? { watched: 12, position: 12 } : { watched: 10, position: 10 });
    expect(await a.row()).toEqual({ watched: 115, position: 15 });
    expect(await b.row()).toEqual({ watched: 530, position: 0 });
  });
  it('relaxes the durability of its own commit only: the connection goes back to the pool as it came', async () => {
    const p = await playing(100);
    await repo.moveOn(p.beat(15, 15_000), 540, DAY.from, DAY.to);

    // the pool hands out the connection it got back last: the heartbeat's
    const [{ setting }] = (await t.db.query(`SELECT current_setting('synchronous_commit') AS setting`)) as { setting: string }[];
    expect(setting).toBe('on');
  });
});

describe('a heartbeat under the row lock', () => {
  it('moves the progress on by the same rule and answers the row as it is now', async () => {
    const p = await playing(100);

    const moved = await t.db.transaction((m) => repo.advance(m, p.beat(15, 15_000)));

    expect(moved).toMatchObject({ lessonId: p.lessonId, watchedSeconds: 115, lastPosition: 15, lastHeartbeatAt: later(15_000) });
  });
});
