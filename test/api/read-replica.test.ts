import { HealthReport, LearningAccountView, StatisticsOverview } from '@lp/shared';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { startApi, TestApi } from '../support/api';
import { creditWorld, giveRecords } from '../support/credit';
import { Replication, startReplication } from '../support/replication';

/**
 * A primary and a streaming replica of this test's own (initdb, pg_basebackup, as the postgres
 * user): statistics come from the replica while it is near; a resident sees their own writes and
 * those made for them at once; a replica too far behind or stopped leaves every read answered by
 * the primary; health reports the lag.
 */
let pg: Replication;
let api: TestApi;

beforeAll(async () => {
  pg = await startReplication();
  await runMigrations(pg.primaryUrl);
  api = await startApi({ DATABASE_URL: pg.primaryUrl, DATABASE_REPLICA_URL: pg.replicaUrl });
}, 180_000);
afterAll(async () => {
  await api?.close();
  pg?.stop();
});

const replicaHealth = async () => ((await api.http.get<HealthReport>('/api/health')).body.details as unknown as Record<string, Record<string, unknown>>).replica;

it('statistics come from the replica; the resident sees at once what they did and what was done for them; too far behind, all from the primary', async () => {
  const { tree, resident, as, district } = await creditWorld(api);
  await giveRecords(api, [{ residentId: resident.userId, minutes: 120 }]);
  await pg.caughtUp();
  const year = new Date().getFullYear();
  const statistics = async () => (await district.get<StatisticsOverview>(`/api/areas/${tree.district.id}/statistics?year=${year}`)).body;
  const before = await statistics();
  expect(await replicaHealth()).toMatchObject({ status: 'up', replica: 'up', lagMs: 0, serving: 'replica' });

  // the replica stops replaying: what the primary commits now is not on it
  await pg.pauseReplay();
  await giveRecords(api, [{ residentId: resident.userId, minutes: 300 }]);
  // the district's figures are the replica's, a moment behind...
  expect(await statistics()).toEqual(before);
  // ...but the resident's account shows the hours a close just credited them, and their own choice
  const account = (await as.get<LearningAccountView>('/api/me/learning-account')).body;
  expect(account.allTime.minutes).toBe(420);
  expect((await as.put('/api/me/ranking-opt-out', { optOut: true })).status).toBe(200);
  expect((await as.get<LearningAccountView>('/api/me/learning-account')).body.ranking).toMatchObject({ optedOut: true });

  // more than 5 s behind: the figures come from the primary, and health says how far behind it is
  await new Promise((r) => setTimeout(r, 6_500));
  await giveRecords(api, [{ residentId: resident.userId, minutes: 60 }]);
  const health = await replicaHealth();
  expect(health).toMatchObject({ status: 'up', replica: 'up', serving: 'primary' });
  expect(health.lagMs as number).toBeGreaterThan(5_000);
  const fresh = await statistics();
  expect(fresh).not.toEqual(before);

  // replaying again and caught up: back to the replica, with the same figures the primary gives
  await pg.resumeReplay();
  await pg.caughtUp();
  await new Promise((r) => setTimeout(r, 1_100)); // the next look at the lag
  expect(await replicaHealth()).toMatchObject({ replica: 'up', lagMs: 0, serving: 'replica' });
  expect(await statistics()).toEqual(fresh);
}, 120_000);

it('with the replica stopped every read is still answered, from the primary, and health says so', async () => {
  const { tree, resident, as, district } = await creditWorld(api);
  await giveRecords(api, [{ residentId: resident.userId, minutes: 90 }]);
  pg.stopReplica();
  try {
    const year = new Date().getFullYear();
    for (let i = 0; i < 3; i++) {
      expect((await district.get(`/api/areas/${tree.district.id}/statistics?year=${year}`)).status).toBe(200);
      expect((await as.get<LearningAccountView>('/api/me/learning-account')).body.allTime.minutes).toBe(90);
      expect((await api.http.get('/api/offerings')).status).toBe(200);
    }
    const health = await api.http.get<HealthReport>('/api/health');
    expect(health.status).toBe(200);
    expect((health.body.details as unknown as Record<string, Record<string, unknown>>).replica).toMatchObject({ replica: 'down', serving: 'primary' });
  } finally {
    pg.startReplica();
  }
  await pg.caughtUp();
  await new Promise((r) => setTimeout(r, 1_100));
  expect(await replicaHealth()).toMatchObject({ replica: 'up', serving: 'replica' });
}, 120_000);
