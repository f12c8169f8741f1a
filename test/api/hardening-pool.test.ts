import { CheckInResult, EnrollmentStatus, EnrollmentView, ErrorCode } from '@lp/shared';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { sign } from 'jsonwebtoken';
import { ChildProcess, spawn } from 'node:child_process';
import { expectApiError, healthyAgain, Reply, startApi, TestApi } from '../support/api';
import { newPublisher, newVenue, Publisher } from '../support/catalogue';
import { activityWithSession, atSession, proxyCheckIn, showQr } from '../support/checkin';
import { newAreaTree, newBoundResident, newSchool } from '../support/factories';
import { ownPostgres, OwnPostgres } from '../support/own-postgres';
import { TEST_SECRETS } from '../support/test-env';

/**
 * Bursts must not drain the database pool. A request never holds one pool connection while it
 * waits for another (a walk-in read the resident through a second connection inside its
 * transaction), and a crowd queueing on one offering's row waits its turn without holding
 * connections that the pool's 3-second wait turns into 503s. The server runs with only two
 * connections, so any request that needs two at once, or a queue that keeps both, shows at once.
 */
let api: TestApi | undefined;
let pg: OwnPostgres | undefined;
const found: string[] = [];
afterAll(async () => {
  await api?.close();
  await pg?.exit();
  process.stdout.write(`pool bursts (DB_POOL_SIZE=2): ${found.join('; ')}\n`);
});

/**
 * Other users' reads during a burst: a drained pool makes them wait the pool's full 3 s for a
 * connection and then answers 503; served beside the burst, they answer well before that even
 * on a loaded machine.
 */
const OTHERS_WAIT_AT_MOST_MS = 2500;

/** Runs `make` n times with at most `width` at once. */
async function inBatches<T>(n: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => make(i + j)))));
  return out;
}

/** Other users reading the catalogue and the health page, one after another, until `done` settles; their latencies. */
async function othersWhile(a: TestApi, areaId: number, done: Promise<unknown>): Promise<{ statuses: number[]; slowest: number }> {
  let finished = false;
  void done.finally(() => (finished = true));
  const statuses: number[] = [];
  let slowest = 0;
  for (let i = 0; !finished || i < 4; i++) {
    const started = Date.now();
    const res = await (i % 2 ? a.http.get('/api/health') : a.http.get(`/api/offerings?areaId=${areaId}`));
    slowest = Math.max(slowest, Date.now() - started);
    statuses.push(res.status);
  }
  return { statuses, slowest };
}

/** "18×201 2×503" */
/**
 * Residents with a bound profile written straight into the database, with their access tokens:
 * two hundred logins through the WeChat protocol server would only test that server.
 */
async function residentsInDatabase(a: TestApi, n: number, communityId: number): Promise<string[]> {
  const ids = (await a.db.query(
    `WITH r AS (SELECT gen_random_uuid() AS id FROM generate_series(1, $1)),
          u AS (INSERT INTO app_user (id, role, display_name, is_demo) SELECT id, 'resident', '居民', true FROM r)
     INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id)
     SELECT id, '居民', 'v1.x.x.x', md5(id::text), '1960-01-01', $2 FROM r RETURNING user_id AS id`,
    [n, communityId],
  )) as { id: string }[];
  return ids.map(({ id }) => sign({ sub: id, role: 'resident', sch: null, area: null }, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 }));
}

const statusCounts = (replies: { status: number }[]) =>
  Object.entries(replies.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {}))
    .map(([s, n]) => `${n}×${s}`)
    .join(' ');

describe('with two pool connections', () => {
  let tree: Awaited<ReturnType<typeof newAreaTree>>;
  let who: Publisher;
  let venueId: number;

  beforeAll(async () => {
    api = await startApi({ DB_POOL_SIZE: '2' });
    tree = await newAreaTree(api);
    who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
    venueId = (await newVenue(api, tree.communityA1, 30.25, 120.16)).id;
  });
  afterAll(async () => {
    await api?.close();
    api = undefined;
  });

  it('code inside a transaction cannot ask the pool for a second connection, nor open a transaction inside it', async () => {
    const db = api!.db;
    await expect(db.transaction((m) => m.query('SELECT 1 AS one'))).resolves.toEqual([{ one: 1 }]);
    const second = db.transaction(async (m) => {
      await m.query('SELECT 1');
      return db.query('SELECT 2');
    });
    await expect(second).rejects.toThrow(/second pool connection/);
    await expect(db.transaction(() => db.transaction((m) => m.query('SELECT 3')))).rejects.toThrow(/inside another/);
    // and a transaction that ended does not count against what runs after it
    await db.transaction((m) => m.query('SELECT 4'));
    await expect(Promise.all([db.query('SELECT 5'), db.query('SELECT 6')])).resolves.toHaveLength(2);
    found.push('guard: a second connection and a nested transaction refused');
  });

  it('20 walk-ins scanning at once all get in, and other users’ reads stay fast meanwhile', async () => {
    const a = api!;
    const { offering, session } = await activityWithSession(a, who, venueId, { allowWalkIn: true, capacity: 40 });
    const walkers = await inBatches(20, 10, () => newBoundResident(a, tree.communityA2));
    atSession(a, offering, 1);
    const qr = (await showQr(a, who.teacher.tokens.accessToken, session.id)).qr;
    const started = Date.now();
    const burst = Promise.all(walkers.map((w) => a.http.as(w.tokens.accessToken).post<CheckInResult>('/api/check-ins', { qr })));
    const others = await othersWhile(a, tree.district.id, burst);
    const replies = await burst;
    const took = Date.now() - started;
    found.push(`20 walk-ins at once ${statusCounts(replies)} in ${took} ms, others' reads ${statusCounts(others.statuses.map((status) => ({ status })))} slowest ${others.slowest} ms`);

    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(replies.every((r) => r.body.walkIn)).toBe(true);
    expect(others.statuses.every((s) => s === 200)).toBe(true);
    expect(others.slowest).toBeLessThan(OTHERS_WAIT_AT_MOST_MS);
    const [o] = await a.db.query('SELECT enrolled_count FROM offering WHERE id = $1', [offering.id]);
    expect(o.enrolled_count).toBe(20);
    expect((await a.db.query('SELECT count(*)::int AS n FROM attendance WHERE session_id = $1', [session.id]))[0].n).toBe(20);
  });

  it('a teacher’s 20 quick 代签 (half enrolled, half admitted on the spot) all succeed, each audited once', async () => {
    const a = api!;
    const { offering, session } = await activityWithSession(a, who, venueId, { capacity: 40, allowWalkIn: true });
    const people = await inBatches(20, 10, () => newBoundResident(a, tree.communityA2));
    for (const p of people.slice(0, 10)) expect((await a.http.as(p.tokens.accessToken).post(`/api/offerings/${offering.id}/enrollments`)).status).toBe(201);
    atSession(a, offering, 5);
    const started = Date.now();
    // each 代签 in its two steps, as the teacher's page does them: look the resident up, then save
    const burst = Promise.all(people.map((p) => proxyCheckIn(a, who.teacher.tokens.accessToken, session.id, { phone: p.phone })));
    const others = await othersWhile(a, tree.district.id, burst);
    const replies = (await burst).map((r) => r.saved ?? r.lookup) as Reply<CheckInResult>[];
    const took = Date.now() - started;
    found.push(`20 代签 at once ${statusCounts(replies)} in ${took} ms, others' slowest ${others.slowest} ms`);

    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(replies.map((r) => r.body.walkIn)).toEqual([...Array(10).fill(false), ...Array(10).fill(true)]);
    expect(others.statuses.every((s) => s === 200)).toBe(true);
    expect(others.slowest).toBeLessThan(OTHERS_WAIT_AT_MOST_MS);
    const audited = await a.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT target_id)::int AS distinct_targets FROM audit_event
       WHERE action = 'attendance.proxy' AND target_id IN (SELECT id::text FROM attendance WHERE session_id = $1)`,
      [session.id],
    );
    expect(audited).toEqual([{ n: 20, distinct_targets: 20 }]);
  });

  it('200 simultaneous enrollments into 30 places beside two busy loops: 30 enrolled, 170 waitlisted in order, no 5xx, within 10 s', async () => {
    const a = api!;
    const { offering } = await activityWithSession(a, who, venueId, { title: '活动周开幕讲座', capacity: 30 });
    const residents = await residentsInDatabase(a, 200, tree.communityA2.id);
    const busy: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
    let replies: Reply<EnrollmentView>[];
    let took: number;
    try {
      await new Promise((r) => setTimeout(r, 300)); // let the loops take their share of the cores
      const started = Date.now();
      replies = await Promise.all(residents.map((token) => a.http.as(token).post<EnrollmentView>(`/api/offerings/${offering.id}/enrollments`)));
      took = Date.now() - started;
    } finally {
      for (const loop of busy) loop.kill('SIGKILL');
    }
    const enrolled = replies.filter((r) => r.body.status === EnrollmentStatus.Enrolled);
    const waiting = replies.filter((r) => r.body.status === EnrollmentStatus.Waitlisted);
    found.push(`200 enrollments into 30 places beside 2 busy loops ${statusCounts(replies)} in ${took} ms: ${enrolled.length} enrolled, ${waiting.length} waitlisted`);

    expect(replies.filter((r) => r.status >= 500)).toEqual([]);
    expect(replies.map((r) => r.status)).toEqual(Array(200).fill(201));
    expect(took).toBeLessThan(10_000);
    expect(enrolled).toHaveLength(30);
    // the queue the database keeps is the order residents were told, and the order they were served in
    const queue = (await a.db.query(
      `SELECT id, created_at FROM enrollment WHERE offering_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq`,
      [offering.id],
    )) as { id: string; created_at: Date }[];
    const told = new Map(waiting.map((r) => [String(r.body.id), r.body.waitlistPosition]));
    expect(queue.map((q) => told.get(q.id))).toEqual(Array.from({ length: 170 }, (_, i) => i + 1));
    const [o] = await a.db.query('SELECT enrolled_count, waitlist_count FROM offering WHERE id = $1', [offering.id]);
    expect(o).toEqual({ enrolled_count: 30, waitlist_count: 170 });
  }, 120_000);
});

describe('with the database down', () => {
  it('a burst on one offering and the health page are answered 503 within 3 s, and the next burst is served once it is back', async () => {
    pg = await ownPostgres();
    await runMigrations(pg.url);
    const a = (api = await startApi({ DATABASE_URL: pg.url, DB_POOL_SIZE: '2' }));
    const tree = await newAreaTree(a);
    const who = await newPublisher(a, await newSchool(a, tree.communityA1), tree.streetA);
    const { offering } = await activityWithSession(a, who, (await newVenue(a, tree.communityA1, 30.25, 120.16)).id, { capacity: 10 });
    const residents = await inBatches(20, 10, () => newBoundResident(a, tree.communityA2));
    const enroll = (token: string) => a.http.as(token).post<EnrollmentView>(`/api/offerings/${offering.id}/enrollments`);

    await pg.stop();
    const started = Date.now();
    const during = await Promise.all([...residents.map((r) => enroll(r.tokens.accessToken)), a.http.get('/api/health')]);
    const took = Date.now() - started;
    for (const res of during) expectApiError(res, 503, ErrorCode.ServiceUnavailable);
    expect(took).toBeLessThan(3000);

    await pg.start();
    expect(await healthyAgain(a.http)).toBe(true);
    const after = await Promise.all(residents.map((r) => enroll(r.tokens.accessToken)));
    expect(after.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(after.filter((r) => r.body.status === EnrollmentStatus.Enrolled)).toHaveLength(10);
    found.push(`database down: ${statusCounts(during)} in ${took} ms, then 20×201 once it was back`);
  }, 120_000);
});
