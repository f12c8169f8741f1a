import { CheckInError, CheckInResult, CODE_ATTEMPTS } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newCatalogueWorld } from '../support/catalogue';
import { activityWithSession, atSession, showQr, wrongCodes } from '../support/checkin';
import { newBoundResident } from '../support/factories';

/**
 * The spoken 6-digit code is five good codes in a million (it stays good 3 minutes after leaving the
 * screen): a resident's account that may send 600
 * requests a minute could check in from home by trying codes. Wrong codes are limited per resident
 * and session, counted before the comparison, so a burst of guesses gets no more than patient ones.
 */
let api: TestApi;
let world: Awaited<ReturnType<typeof newCatalogueWorld>>;
beforeAll(async () => {
  api = await startApi();
  world = await newCatalogueWorld(api);
});
afterAll(() => api.close());

const checkIn = (token: string, body: object) => api.http.as(token).post<CheckInResult>('/api/check-ins', body);

async function enrolledResident(offeringId: number) {
  const r = await newBoundResident(api, world.tree.communityA2);
  expect((await api.http.as(r.tokens.accessToken).post(`/api/offerings/${offeringId}/enrollments`)).status).toBe(201);
  return r;
}

it(`200 guessed codes sent at once by one resident: at most ${CODE_ATTEMPTS} compared, the rest refused with 429; the right code then waits too, while the QR and other residents are untouched`, async () => {
  const { offering, session } = await activityWithSession(api, world.who, world.venueId, { capacity: 10 });
  const [guesser, neighbour] = [await enrolledResident(offering.id), await enrolledResident(offering.id)];
  const shownAt = atSession(api, offering, 5);
  try {
    const shown = await showQr(api, world.who.teacher.tokens.accessToken, session.id);
    const good = [shown.code!];
    for (let back = 1; back <= 4; back++) {
      api.app.get(Clock).travelTo(new Date(shownAt.getTime() - back * 60_000));
      good.push((await showQr(api, world.who.teacher.tokens.accessToken, session.id)).code!);
    }
    api.app.get(Clock).travelTo(shownAt);

    const replies = await Promise.all(wrongCodes(good, 200).map((code) => checkIn(guesser.tokens.accessToken, { sessionId: session.id, code })));
    const compared = replies.filter((r) => r.status === 400).length;
    const refused = replies.filter((r) => r.status === 429);
    expect(replies.filter((r) => r.status !== 400 && r.status !== 429)).toEqual([]);
    expect(compared).toBeLessThanOrEqual(CODE_ATTEMPTS);
    const refusal = expectApiError(refused[0], 429, CheckInError.CodeAttempts);
    expect(refusal.message).toMatch(/请\d+(秒|分钟)后再试/);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(60);

    // even the right code waits now; the QR code does not, and nobody else is affected
    expectApiError(await checkIn(guesser.tokens.accessToken, { sessionId: session.id, code: shown.code }), 429, CheckInError.CodeAttempts);
    expect((await checkIn(neighbour.tokens.accessToken, { sessionId: session.id, code: shown.code })).status).toBe(201);
    expect((await checkIn(guesser.tokens.accessToken, { qr: shown.qr })).status).toBe(201);
    process.stdout.write(
      `spoken-code guessing: 200 wrong codes at once from one resident, ${compared} compared, ${refused.length} refused 429 (Retry-After ${refused[0].headers.get('retry-after')} s); right code then 429, QR 201, neighbour 201\n`,
    );
  } finally {
    api.app.get(Clock).reset();
  }
});

it('a resident who mishears twice and then types the right code gets in, and right codes do not use up tries', async () => {
  const { offering, session } = await activityWithSession(api, world.who, world.venueId, { capacity: 10 });
  const r = await enrolledResident(offering.id);
  atSession(api, offering, 5);
  try {
    const { code } = await showQr(api, world.who.teacher.tokens.accessToken, session.id);
    for (const wrong of wrongCodes([code!], 2)) expectApiError(await checkIn(r.tokens.accessToken, { sessionId: session.id, code: wrong }), 400, CheckInError.CodeInvalid);
    expect((await checkIn(r.tokens.accessToken, { sessionId: session.id, code })).status).toBe(201);
    // repeats of the right code answer the first check-in, however many
    for (let i = 0; i < 8; i++) expect((await checkIn(r.tokens.accessToken, { sessionId: session.id, code })).status).toBe(200);
  } finally {
    api.app.get(Clock).reset();
  }
});
