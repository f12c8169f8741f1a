import { sign } from 'jsonwebtoken';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freshDatabase } from '../support/global-setup';
import { freePort, ServerProcess, startServerProcess } from '../support/server-process';
import { TEST_SECRETS, TEST_SETTINGS, testRedisUrl } from '../support/test-env';

/**
 * A check-in burst from clients that retry, with the API process killed (SIGKILL) in the middle
 * and started again. Every check-in that was answered 2xx is in the database, none twice, and
 * the offering's counters still match its rows. Then the session is closed, killed again in the
 * middle of closing and closed once more: every attendee has one record and one grant, and the
 * reconciliation command finds every ledger invariant holding.
 */
const RESIDENTS = 300;
let server: ServerProcess | null = null;
let db: Client;
afterAll(async () => {
  await server?.stop();
  await db?.end();
});

it('SIGKILL during a burst loses no acknowledged check-in and duplicates none', async () => {
  const url = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_crash');
  const port = await freePort();
  const env = { DEMO_MODE: 'false', LOG_LEVEL: 'warn', THROTTLE_LIMIT: '1000000' };
  server = await startServerProcess(url, env, port); // runs the migrations
  db = new Client({ connectionString: url });
  await db.connect();
  const teacherId = randomUUID();
  await db.query(`
    INSERT INTO area (id, code, name, level, parent_id, path) VALUES (1, 'C', '区', 'district', NULL, '/1/'), (2, 'C1', '街道', 'street', 1, '/1/2/'), (3, 'C11', '社区', 'community', 2, '/1/2/3/');
    INSERT INTO school (id, name, type, area_id) VALUES (1, '学校', 'community_college', 1);
    INSERT INTO app_user (id, role, display_name, username, password_hash, school_id) VALUES ('${teacherId}', 'teacher', '老师', 't', 'x', 1);
    INSERT INTO offering (id, kind, title, description, category, area_id, school_id, author_id, capacity, enrolled_count, enroll_opens_at,
                          enroll_closes_at, starts_at, ends_at, session_count, status, published_at)
      VALUES (1, 'activity', '开幕式', '压力测试', 'theory', 3, 1, '${teacherId}', 1000, ${RESIDENTS}, now() - interval '1 day',
              now() - interval '1 hour', now() - interval '5 minutes', now() + interval '2 hours', 1, 'published', now());
    INSERT INTO offering_session (id, offering_id, seq, starts_at, ends_at, minutes) VALUES (1, 1, 1, now() - interval '5 minutes', now() + interval '2 hours', 60);
    INSERT INTO credit_rule_set (id, district_id, version, effective_from, overall_yearly_cap_milli) VALUES (1, 1, 1, '2020-01-01', 30000);
    INSERT INTO credit_rule (rule_set_id, category, minutes_per_credit, rounding_step_milli, rounding, yearly_cap_milli)
      SELECT 1, c, 600, 10, 'down', 10000 FROM unnest(enum_range(NULL::offering_category)) c;`);
  const residents = (
    await db.query<{ id: string }>(
      `WITH r AS (SELECT gen_random_uuid() AS id, s FROM generate_series(1, $1) s),
            u AS (INSERT INTO app_user (id, role, display_name, is_demo) SELECT id, 'resident', '居民', true FROM r),
            p AS (INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id)
                  SELECT id, '居民', 'v1.x.x.x', md5(id::text) || md5(s::text), '1960-01-01', 3 FROM r)
       INSERT INTO enrollment (offering_id, resident_id, status) SELECT 1, id, 'enrolled' FROM r RETURNING resident_id AS id`,
      [RESIDENTS],
    )
  ).rows.map((r) => r.id);
  const token = (sub: string, role: string, sch: number | null = null) => sign({ sub, role, sch, area: null }, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 });
  const base = `http://127.0.0.1:${port}`;
  const qrOf = async () => ((await (await fetch(`${base}/api/teacher/sessions/1/qr`, { headers: { authorization: `Bearer ${token(teacherId, 'teacher', 1)}` } })).json()) as { qr: string }).qr;
  let qr = await qrOf();

  const acknowledged = new Set<string>();
  let retries = 0;
  let killedAfter = -1;
  const checkIn = async (resident: string) => {
    for (;;) {
      try {
        const res = await fetch(`${base}/api/check-ins`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token(resident, 'resident')}` },
          body: JSON.stringify({ qr }),
          signal: AbortSignal.timeout(5000),
        });
        if (res.status === 200 || res.status === 201) {
          acknowledged.add(resident);
          return;
        }
        if (res.status === 400) qr = await qrOf(); // the code rotated while the server was down
      } catch {
        // the server is gone or restarting: the same request again, as a phone would
      }
      retries += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const burst = Promise.all(residents.map((r, i) => new Promise((ok) => setTimeout(ok, i * 5)).then(() => checkIn(r))));
  while (acknowledged.size < RESIDENTS / 3) await new Promise((r) => setTimeout(r, 20));
  killedAfter = acknowledged.size;
  server.child.kill('SIGKILL');
  await new Promise((r) => server!.child.once('exit', r));
  server = await startServerProcess(url, env, port);
  qr = await qrOf();
  await burst;

  const rows = (await db.query<{ resident_id: string; n: number }>(`SELECT resident_id, count(*)::int AS n FROM attendance GROUP BY resident_id`)).rows;
  const stored = new Set(rows.map((r) => r.resident_id));
  expect([...acknowledged].filter((r) => !stored.has(r))).toEqual([]);
  expect(rows.filter((r) => r.n > 1)).toEqual([]);
  expect(stored.size).toBe(RESIDENTS);
  const [counts] = (await db.query(`SELECT enrolled_count AS counter, (SELECT count(*)::int FROM enrollment WHERE offering_id = 1 AND status = 'enrolled') AS real FROM offering WHERE id = 1`)).rows;
  expect(counts.counter).toBe(counts.real);

  // the class took place: a session closed minutes after its check-ins credits only those minutes (nothing
  // under one), so the whole session and its check-ins move three hours back, to an hour that has been sat through
  await db.query(`UPDATE offering_session SET starts_at = starts_at - interval '3 hours', ends_at = ends_at - interval '3 hours' WHERE id = 1`);
  await db.query(`UPDATE attendance SET checked_in_at = checked_in_at - interval '3 hours' WHERE session_id = 1`);
  // closing hands every attendee's hour to the credit bank; kill the API while it does, then close again
  const close = () => fetch(`${base}/api/teacher/sessions/1/close`, { method: 'POST', headers: { authorization: `Bearer ${token(teacherId, 'teacher', 1)}` } });
  const interrupted = close().catch(() => null);
  await new Promise((r) => setTimeout(r, 15));
  server.child.kill('SIGKILL');
  await new Promise((r) => server!.child.once('exit', r));
  await interrupted;
  server = await startServerProcess(url, env, port);
  expect((await close()).status).toBeLessThan(300);
  const [ledger] = (
    await db.query(`SELECT (SELECT count(*)::int FROM learning_record) AS records,
                           (SELECT count(DISTINCT resident_id)::int FROM learning_record) AS residents,
                           (SELECT count(*)::int FROM ledger_transfer WHERE kind = 'grant') AS grants`)
  ).rows;
  expect(ledger).toEqual({ records: RESIDENTS, residents: RESIDENTS, grants: RESIDENTS });
  const reconcile = await promisify(execFile)(process.execPath, [join(__dirname, '../../server/dist/commands/ledger-reconcile-cli.js')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: url, REDIS_URL: testRedisUrl(), ...TEST_SECRETS, ...TEST_SETTINGS, LOG_LEVEL: 'warn', DEMO_MODE: 'false' },
  });
  expect(reconcile.stdout).toContain('0 problems');
  expect(reconcile.stdout).toContain('0 differences');
  process.stdout.write(`crash: ${RESIDENTS} check-ins, API killed after ${killedAfter} answers, ${retries} retries, ${stored.size} attendances, 0 lost, 0 twice\n`);
  process.stdout.write(`crash: closing killed mid-way and repeated: ${ledger.records} records, ${ledger.grants} grants; ${reconcile.stdout.trim().split('\n').join('; ')}\n`);
}, 120_000);
