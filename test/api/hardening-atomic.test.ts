import { CheckInCodes } from '@lp/server/dist/attendance/check-in-codes';
import { FieldCrypto } from '@lp/server/dist/common/field-crypto.service';
import { loadConfig } from '@lp/server/dist/config/app-config';
import { sign } from 'jsonwebtoken';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freshDatabase } from '../support/global-setup';
import { freePort, ServerProcess, startServerProcess } from '../support/server-process';
import { TEST_SECRETS, TEST_SETTINGS, testRedisUrl } from '../support/test-env';

/**
 * What must happen together happens in one transaction. A scan kept offline that arrives after
 * the session was closed is stored and credited; a teacher's 代签 is stored and audited. The
 * server is killed (SIGKILL, through a crash point only a test can arm) right after the check-in
 * is stored and before what goes with it; started again, the same request is retried, as a phone
 * would: the hours are credited exactly once (learning record and ledger grant) and the audit
 * entry exists, and the ledger reconciles.
 */
let server: ServerProcess | null = null;
let db: Client;
afterAll(async () => {
  await server?.stop();
  await db?.end();
});

it('a crash between storing a check-in and crediting or auditing it loses neither: the retry completes both, once', async () => {
  const url = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_atomic');
  const port = await freePort();
  const env = { DEMO_MODE: 'false', LOG_LEVEL: 'warn' };
  const armed = { ...env, TEST_CRASH_AT: 'attendance.stored' };
  server = await startServerProcess(url, armed, port); // runs the migrations
  db = new Client({ connectionString: url });
  await db.connect();
  const teacherId = randomUUID();
  const [scanner, walkedUp] = [randomUUID(), randomUUID()];
  const secret = randomBytes(32);
  const config = loadConfig({ ...process.env, ...TEST_SECRETS, DATABASE_URL: url });
  // phones encrypted as the server does it: the 代签 lookup shows the teacher the masked number
  const crypto = new FieldCrypto(config);
  const phone = (n: string) => `'${crypto.encrypt(n)}', '${crypto.lookupHash(n)}'`;
  await db.query(
    `INSERT INTO area (id, code, name, level, parent_id, path) VALUES (1, 'C', '区', 'district', NULL, '/1/'), (2, 'C1', '街道', 'street', 1, '/1/2/'), (3, 'C11', '社区', 'community', 2, '/1/2/3/');
     INSERT INTO school (id, name, type, area_id) VALUES (1, '学校', 'community_college', 1);
     INSERT INTO app_user (id, role, display_name, username, password_hash, school_id) VALUES ('${teacherId}', 'teacher', '老师', 't', 'x', 1);
     INSERT INTO app_user (id, role, display_name, is_demo) VALUES ('${scanner}', 'resident', '居民甲', true), ('${walkedUp}', 'resident', '居民乙', true);
     INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id)
       VALUES ('${scanner}', '居民甲', ${phone('13900000001')}, '1955-01-01', 3), ('${walkedUp}', '居民乙', ${phone('13900000002')}, '1955-02-01', 3);
     -- 1: a lecture that ended an hour ago and was closed; 2: one going on now
     INSERT INTO offering (id, kind, title, description, category, area_id, school_id, author_id, capacity, enrolled_count, enroll_opens_at,
                           enroll_closes_at, starts_at, ends_at, session_count, status, published_at)
       VALUES (1, 'activity', '讲座', '测试', 'theory', 3, 1, '${teacherId}', 50, 1, now() - interval '1 day', now() - interval '4 hours',
               now() - interval '3 hours', now() - interval '1 hour', 1, 'published', now() - interval '1 day'),
              (2, 'activity', '读书会', '测试', 'theory', 3, 1, '${teacherId}', 50, 1, now() - interval '1 day', now() - interval '1 hour',
               now() - interval '5 minutes', now() + interval '2 hours', 1, 'published', now() - interval '1 day');
     INSERT INTO offering_session (id, offering_id, seq, starts_at, ends_at, minutes, checkin_secret, closed_at)
       VALUES (1, 1, 1, now() - interval '3 hours', now() - interval '1 hour', 90, $1, now() - interval '30 minutes'),
              (2, 2, 1, now() - interval '5 minutes', now() + interval '2 hours', 60, $1, NULL);
     INSERT INTO enrollment (offering_id, resident_id, status) VALUES (1, '${scanner}', 'enrolled'), (2, '${walkedUp}', 'enrolled');
     INSERT INTO credit_rule_set (id, district_id, version, effective_from, overall_yearly_cap_milli) VALUES (1, 1, 1, '2020-01-01', 30000);
     INSERT INTO credit_rule (rule_set_id, category, minutes_per_credit, rounding_step_milli, rounding, yearly_cap_milli)
       SELECT 1, c, 600, 10, 'down', 10000 FROM unnest(enum_range(NULL::offering_category)) c;`.replace(/\$1/g, `'\\x${secret.toString('hex')}'`),
  );
  const token = (sub: string, role: string, sch: number | null = null) => sign({ sub, role, sch, area: null }, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 });
  const codes = new CheckInCodes(config);
  // scanned two hours ago, in the middle of the lecture, on a phone without network
  const offlineQr = codes.qr(1, secret, codes.qrWindow(new Date(Date.now() - 2 * 3600_000)));
  const base = `http://127.0.0.1:${port}`;
  const post = (path: string, who: string, body: object) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${who}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  const lateScan = () => post('/api/check-ins', token(scanner, 'resident'), { qr: offlineQr, offline: true });
  // a 代签's two steps: the lookup once, then the save, which the teacher's page repeats with the same token
  const teacherToken = token(teacherId, 'teacher', 1);
  const lookup = (await (await post('/api/teacher/sessions/2/proxy-lookups', teacherToken, { learnerCode: codes.learnerCode(walkedUp) })).json()) as { lookupToken: string | null };
  if (!lookup.lookupToken) throw new Error(`the 代签 lookup found no one to save: ${JSON.stringify(lookup)}`);
  const proxy = () => post('/api/teacher/sessions/2/proxy-check-ins', teacherToken, { lookupToken: lookup.lookupToken });

  /** Sends the request to the armed server, which dies in the middle of it; then starts it again. */
  const crashOn = async (send: () => Promise<Response>, restartArmed: boolean): Promise<string> => {
    const exited = new Promise<NodeJS.Signals | null>((ok) => server!.child.once('exit', (_code, signal) => ok(signal)));
    const answer = await send().then((r) => `answered ${r.status}`, () => 'no answer');
    const signal = await exited;
    server = await startServerProcess(url, restartArmed ? armed : env, port);
    return `${answer}, server ${signal ?? 'exited'}`;
  };
  const lateCrash = await crashOn(lateScan, true);
  const proxyCrash = await crashOn(proxy, false);

  const retries = [await lateScan(), await proxy()];
  const repeats = [await lateScan(), await proxy()];
  const [state] = (
    await db.query(`SELECT
       (SELECT count(*)::int FROM attendance WHERE session_id = 1 AND resident_id = '${scanner}') AS late_checkins,
       (SELECT count(*)::int FROM learning_record WHERE resident_id = '${scanner}' AND source = 'attendance') AS late_records,
       (SELECT COALESCE(sum(minutes), 0)::int FROM learning_record WHERE resident_id = '${scanner}') AS late_minutes,
       (SELECT count(*)::int FROM ledger_transfer t JOIN learning_record r ON r.id = t.learning_record_id
          WHERE r.resident_id = '${scanner}' AND t.kind = 'grant') AS late_grants,
       (SELECT count(*)::int FROM attendance WHERE session_id = 2 AND resident_id = '${walkedUp}') AS proxy_checkins,
       (SELECT count(*)::int FROM audit_event e JOIN attendance a ON e.target_id = a.id::text
          WHERE e.action = 'attendance.proxy' AND a.session_id = 2 AND a.resident_id = '${walkedUp}') AS proxy_audits`)
  ).rows;
  const reconcile = await promisify(execFile)(process.execPath, [join(__dirname, '../../server/dist/commands/ledger-reconcile-cli.js')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: url, REDIS_URL: testRedisUrl(), ...TEST_SECRETS, ...TEST_SETTINGS, LOG_LEVEL: 'warn', DEMO_MODE: 'false' },
  }).then(
    (r) => r.stdout,
    (err: { stdout?: string }) => err.stdout ?? String(err),
  );
  process.stdout.write(
    `one transaction: late offline scan (${lateCrash}) retried ${retries[0].status}, again ${repeats[0].status}: ` +
      `${state.late_checkins} check-in, ${state.late_records} record of ${state.late_minutes} min, ${state.late_grants} grant; ` +
      `代签 (${proxyCrash}) retried ${retries[1].status}, again ${repeats[1].status}: ${state.proxy_checkins} check-in, ${state.proxy_audits} audit entry; ` +
      `ledger:reconcile ${/0 problems/.test(reconcile) && /0 differences/.test(reconcile) ? 'clean' : 'found differences'}\n`,
  );

  expect(lateCrash).toBe('no answer, server SIGKILL');
  expect(proxyCrash).toBe('no answer, server SIGKILL');
  expect(retries.map((r) => r.status)).toEqual([201, 201]);
  expect(repeats.map((r) => r.status)).toEqual([200, 200]);
  // scanned an hour into the lecture, which ended an hour later: 60 of its 90 planned minutes
  expect(state).toEqual({ late_checkins: 1, late_records: 1, late_minutes: 60, late_grants: 1, proxy_checkins: 1, proxy_audits: 1 });
  expect(reconcile).toContain('0 problems');
  expect(reconcile).toContain('0 differences');
}, 120_000);
