import { CheckInResult, ErrorCode } from '@lp/shared';
import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish } from '../support/catalogue';
import { atSession, showQr } from '../support/checkin';
import { newAreaTree, newBoundResident, newSchool } from '../support/factories';
import { freePort } from '../support/server-process';

/**
 * Redis stops during use: check-in and the account page go on (rate limits fall back to memory,
 * roster news stays in the process), and when Redis returns the service uses it again, unrestarted.
 * Runs against a Redis of its own so the rest of the suite is not disturbed.
 */
let redis: ChildProcess | null = null;
let api: TestApi;
const startRedis = (port: number) =>
  new Promise<ChildProcess>((ok, fail) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', fail);
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && ok(child));
  });
const stopRedis = (child: ChildProcess | null) => new Promise<void>((ok) => (child && child.exitCode === null ? (child.once('exit', () => ok()), child.kill('SIGKILL')) : ok()));

afterAll(async () => {
  await api?.close();
  await stopRedis(redis);
});

it('check-in and the account page keep working while Redis is down, and Redis is used again when it returns', async () => {
  const port = await freePort();
  redis = await startRedis(port);
  api = await startApi({ REDIS_URL: `redis://127.0.0.1:${port}/0` });
  const tree = await newAreaTree(api);
  const who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
  const offering = await publish(api, who, activityInput((await newVenue(api, tree.communityA1, 29.6, 121.4)).id));
  const residents: Awaited<ReturnType<typeof newBoundResident>>[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await newBoundResident(api, tree.communityA2);
    await api.http.as(r.tokens.accessToken).post(`/api/offerings/${offering.id}/enrollments`);
    residents.push(r);
  }
  atSession(api, offering, 2);
  const teacher = who.teacher.tokens.accessToken;
  const checkIn = async (i: number) => api.http.as(residents[i].tokens.accessToken).post<CheckInResult>('/api/check-ins', { qr: (await showQr(api, teacher, offering.sessions[0].id)).qr });

  expect((await checkIn(0)).status).toBe(201);
  await stopRedis(redis);
  redis = null;
  const started = Date.now();
  expect((await checkIn(1)).status).toBe(201);
  expect((await checkIn(2)).status).toBe(201);
  expect((await api.http.as(residents[1].tokens.accessToken).get('/api/me/profile')).status).toBe(200);
  const account = await api.http.as(residents[1].tokens.accessToken).get<{ balanceMilli: number }>('/api/me/learning-account');
  expect(account.status).toBe(200);
  expect(account.body.balanceMilli).toBe(0);
  expect(Date.now() - started).toBeLessThan(5000); // nothing waits on the dead Redis
  const health = await api.http.get<{ code: string; details: string[] }>('/api/health');
  expect(health.status).toBe(503); // and the health check says what is down
  expect(health.body).toMatchObject({ code: ErrorCode.ServiceUnavailable, details: ['redis'] });

  redis = await startRedis(port);
  const probe = new Redis(`redis://127.0.0.1:${port}/0`);
  try {
    let back = false;
    for (let i = 0; i < 50 && !back; i++) {
      await new Promise((r) => setTimeout(r, 200));
      back = (await api.http.get('/api/health')).status === 200;
    }
    expect(back).toBe(true);
    expect((await checkIn(3)).status).toBe(201);
    // the rate-limit counter of that request lives in the restarted Redis again
    expect((await probe.keys('*')).length).toBeGreaterThan(0);
  } finally {
    probe.disconnect();
  }
  const rows = await api.db.query('SELECT count(*)::int AS n FROM attendance WHERE session_id = $1', [offering.sessions[0].id]);
  expect(rows[0].n).toBe(4);
}, 60_000);
