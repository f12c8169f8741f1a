import { CheckInResult, LiveRoster } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish } from '../support/catalogue';
import { atSession, showQr } from '../support/checkin';
import { newAreaTree, newBoundResident, newSchool } from '../support/factories';

/** Two server processes' worth of application on different ports, sharing PostgreSQL and Redis. */
let one: TestApi;
let two: TestApi;
afterAll(async () => {
  await one?.close();
  await two?.close();
});

/** Reads SSE events of a roster stream until `done` says so. */
async function watchRoster(url: string, done: (r: LiveRoster) => boolean): Promise<LiveRoster> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    const res = await fetch(url, { signal: controller.signal });
    const reader = res.body!.getReader();
    let buffer = '';
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) throw new Error('stream ended');
      buffer += new TextDecoder().decode(value);
      for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
        const data = buffer.slice(0, cut).split('\n').find((l) => l.startsWith('data: '));
        buffer = buffer.slice(cut + 2);
        if (data) {
          const roster = JSON.parse(data.slice(6)) as LiveRoster;
          if (done(roster)) return roster;
        }
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

it('a QR shown by one instance is accepted by the other, and the other’s live roster sees it at once', async () => {
  one = await startApi();
  two = await startApi();
  const tree = await newAreaTree(one);
  const who = await newPublisher(one, await newSchool(one, tree.communityA1), tree.streetA);
  const offering = await publish(one, who, activityInput((await newVenue(one, tree.communityA1, 29.6, 121.4)).id));
  const resident = await newBoundResident(one, tree.communityA2);
  await one.http.as(resident.tokens.accessToken).post(`/api/offerings/${offering.id}/enrollments`);
  const at = atSession(one, offering, 5);
  two.app.get(Clock).travelTo(at);
  const session = offering.sessions[0].id;
  const teacher = who.teacher.tokens.accessToken;

  // the teacher's screen talks to instance one; the resident's phone reaches instance two
  const qr = (await showQr(one, teacher, session)).qr;
  const stream = watchRoster(`${one.http.baseUrl}/api/teacher/sessions/${session}/roster/stream?access_token=${teacher}`, (r) => r.counts.arrived === 1);
  await new Promise((r) => setTimeout(r, 300)); // the stream has sent its first roster
  const res = await two.http.as(resident.tokens.accessToken).post<CheckInResult>('/api/check-ins', { qr });
  expect(res.status).toBe(201);
  const seen = await stream;
  expect(seen.lines.find((l) => l.status === 'arrived')?.residentId).toBe(resident.userId);
  // and the spoken code agrees between instances too
  const codeOne = (await showQr(one, teacher, session)).code;
  const codeTwo = (await showQr(two, teacher, session)).code;
  expect(codeOne).toBe(codeTwo);
});
