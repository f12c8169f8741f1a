import { EnrollmentStatus, OfferingStatus } from '@lp/shared';
import { EntityManager } from 'typeorm';
import { AreaTree, newAreaTree, newOffering, newResident } from '../test-support/factories';
import { refusal, repositoryTestModule, RepositoryTestModule } from '../test-support/database';
import { EnrollmentsRepository, InOrder } from './enrollments.repository';

let t: RepositoryTestModule;
let repo: EnrollmentsRepository;
let tree: AreaTree;

beforeAll(async () => {
  t = await repositoryTestModule([EnrollmentsRepository], 8);
  repo = t.get(EnrollmentsRepository);
  tree = await newAreaTree(t.db);
});
afterAll(() => t?.close());

const residents = (n: number) => Promise.all(Array.from({ length: n }, () => newResident(t.db, tree.communityA1)));
const inTx = <T>(work: (m: EntityManager) => Promise<T>) => t.db.transaction(work);

describe('places', () => {
  it('holds one live place per resident and offering: a second is refused, and after cancelling they may enroll again', async () => {
    const offering = await newOffering(t.db, tree.communityA1);
    const [residentId] = await residents(1);

    const first = await inTx((m) => repo.insert(m, offering.id, residentId, false));
    expect(first).toMatchObject({ offeringId: offering.id, residentId, status: EnrollmentStatus.Enrolled, waitlistSeq: null, cancelledAt: null });
    expect(await repo.findActive(t.db.manager, offering.id, residentId)).toEqual(first);

    const again = await refusal(inTx((m) => repo.insert(m, offering.id, residentId, true)));
    expect(again).toMatchObject({ code: '23505', constraint: 'enrollment_active_key' });

    await inTx((m) => repo.cancel(m, first.id));
    expect(await repo.findActive(t.db.manager, offering.id, residentId)).toBeNull();
    const back = await inTx((m) => repo.insert(m, offering.id, residentId, false));
    expect(back.id).not.toBe(first.id);
    expect(await t.db.query(`SELECT status, cancelled_at IS NOT NULL AS cancelled FROM enrollment WHERE offering_id = $1 ORDER BY id`, [offering.id])).toEqual([
      { status: 'cancelled', cancelled: true },
      { status: 'enrolled', cancelled: false },
    ]);
  });

  it('lets a resident racing themselves end up with one live place', async () => {
    const offering = await newOffering(t.db, tree.communityA1);
    const [residentId] = await residents(1);

    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => inTx((m) => repo.insert(m, offering.id, residentId, false))));

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.driverError.constraint)).toEqual([
      'enrollment_active_key',
      'enrollment_active_key',
      'enrollment_active_key',
    ]);
  });

  it('never holds more residents than places, even when writers race past the check', async () => {
    const offering = await newOffering(t.db, tree.communityA1, { capacity: 3 });
    const crowd = await residents(6);
    // a writer that forgot to look at the capacity: its place and the count it raises, in one transaction
    const careless = (residentId: string) =>
      inTx(async (m) => {
        await repo.insert(m, offering.id, residentId, false);
        await m.query(`UPDATE offering SET enrolled_count = enrolled_count + 1 WHERE id = $1`, [offering.id]);
      });

    const outcomes = await Promise.allSettled(crowd.map(careless));

    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.driverError.constraint);
    expect(refused).toEqual(['offering_within_capacity', 'offering_within_capacity', 'offering_within_capacity']);
    expect(await t.db.query(`SELECT enrolled_count FROM offering WHERE id = $1`, [offering.id])).toEqual([{ enrolled_count: 3 }]);
    expect((await repo.roster(offering.id)).map((e) => e.status)).toEqual(['enrolled', 'enrolled', 'enrolled']);
  });
});

/** The offering's terms as enroll_in_order compares them. */
const termsOf = async (offeringId: number) =>
  ((await t.db.query(`SELECT offering_enrollment_terms(o) AS terms FROM offering o WHERE o.id = $1`, [offeringId])) as { terms: string }[])[0].terms;
const counts = async (offeringId: number) =>
  ((await t.db.query(`SELECT enrolled_count AS enrolled, waitlist_count AS waitlisted FROM offering WHERE id = $1`, [offeringId])) as object[])[0];
const asked = (...who: [string, boolean][]) => who.map(([residentId, mayTake]) => ({ residentId, mayTake }));
const answers = (rows: InOrder[] | null) => rows?.map((r) => [r.residentId, r.status, r.created, r.position]);

describe('enroll_in_order', () => {
  it('gives places in the order asked while any are free, then waitlist numbers behind everyone already waiting; who holds one keeps it, who is refused gets none', async () => {
    const offering = await newOffering(t.db, tree.communityA1, { capacity: 2 });
    const [a, b, c, gone, d, e, f] = await residents(7);
    const terms = await termsOf(offering.id);

    expect(answers(await repo.enrollInOrder(offering.id, terms, asked([a, true], [b, true], [gone, true], [c, true])))).toEqual([
      [a, 'enrolled', true, null],
      [b, 'enrolled', true, null],
      [gone, 'waitlisted', true, 1],
      [c, 'waitlisted', true, 2],
    ]);
    await inTx(async (m) => repo.cancel(m, (await repo.findActive(m, offering.id, gone))!.id));
    await t.db.query(`UPDATE offering SET waitlist_count = waitlist_count - 1 WHERE id = $1`, [offering.id]);

    const second = await repo.enrollInOrder(offering.id, terms, asked([d, true], [b, true], [e, false], [c, true], [f, true]));
    expect(answers(second)).toEqual([
      [d, 'waitlisted', true, 2],
      [b, 'enrolled', false, null],
      [e, null, false, null],
      [c, 'waitlisted', false, 1],
      [f, 'waitlisted', true, 3],
    ]);
    expect(second![2].id).toBeNull();
    expect(await counts(offering.id)).toEqual({ enrolled: 2, waitlisted: 3 });
    expect((await repo.roster(offering.id)).map((r) => r.residentId)).toEqual([a, b, c, d, f]);

    // a freed place goes to the longest waiting, and the queue moves up
    await inTx(async (m) => repo.cancel(m, (await repo.findActive(m, offering.id, a))!.id));
    expect(await inTx((m) => repo.promoteNext(m, offering.id))).toBe(c);
    expect(answers(await repo.enrollInOrder(offering.id, terms, asked([f, true], [c, true])))).toEqual([
      [f, 'waitlisted', false, 2],
      [c, 'enrolled', false, null],
    ]);
    expect(await repo.findActive(t.db.manager, offering.id, c)).toMatchObject({ status: EnrollmentStatus.Enrolled, waitlistSeq: null, promotedAt: expect.any(Date) });
  });

  it('writes nothing when the offering is no longer on the terms the caller decided on', async () => {
    const offering = await newOffering(t.db, tree.communityA1, { capacity: 5 });
    const [a] = await residents(1);
    const terms = await termsOf(offering.id);
    await t.db.query(`UPDATE offering SET enroll_closes_at = now() - interval '1 minute' WHERE id = $1`, [offering.id]);

    expect(await repo.enrollInOrder(offering.id, terms, asked([a, true]))).toBeNull();
    expect(await repo.enrollInOrder(offering.id + 100_000, terms, asked([a, true]))).toBeNull();
    expect(await termsOf(offering.id)).not.toBe(terms);
    expect(await counts(offering.id)).toEqual({ enrolled: 0, waitlisted: 0 });
    // a date moving to another field is another term, though the same values remain
    const draft = await newOffering(t.db, tree.communityA1, { status: OfferingStatus.Draft });
    const before = await termsOf(draft.id);
    await t.db.query(`UPDATE offering SET ends_at = starts_at, starts_at = NULL WHERE id = $1 AND ends_at IS NULL`, [draft.id]);
    expect(await termsOf(draft.id)).not.toBe(before);
    expect(await repo.roster(offering.id)).toEqual([]);
  });

  it('over-books nothing and numbers the waitlist once when callers on separate connections enroll into one offering at once', async () => {
    const offering = await newOffering(t.db, tree.communityA1, { capacity: 10 });
    const crowd = await residents(40);
    const terms = await termsOf(offering.id);
    // eight groups of five, each on its own connection; the first two residents of each group ask twice
    const groups = Array.from({ length: 8 }, (_, g) => crowd.slice(g * 5, g * 5 + 5));
    const turns = await Promise.all(groups.map((g) => repo.enrollInOrder(offering.id, terms, asked(...g.map((r): [string, boolean] => [r, true])))));
    const again = await Promise.all(groups.map((g) => repo.enrollInOrder(offering.id, terms, asked([g[0], true], [g[1], true]))));

    const made = turns.flatMap((rows) => rows!);
    expect(made.filter((r) => r.status === EnrollmentStatus.Enrolled)).toHaveLength(10);
    expect(made.filter((r) => r.status === EnrollmentStatus.Waitlisted).map((r) => r.position).sort((x, y) => x! - y!)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    expect(again.flat().every((r) => r && !r.created)).toBe(true);
    expect(await counts(offering.id)).toEqual({ enrolled: 10, waitlisted: 30 });
    const roster = await repo.roster(offering.id);
    expect(roster).toHaveLength(40);
    expect(new Set(roster.map((r) => r.residentId)).size).toBe(40);
    // within each group the order asked is kept: enrolled before waitlisted, the waitlist in asking order
    for (const rows of turns) {
      const rank = rows!.map((r) => (r.status === EnrollmentStatus.Enrolled ? 0 : r.position!));
      expect([...rank].sort((x, y) => x - y)).toEqual(rank);
    }
  });
});

describe('roster', () => {
  it('lists places first in order of arrival, then the waitlist in its order, without the cancelled', async () => {
    const offering = await newOffering(t.db, tree.communityA1);
    const [first, second, gone, waiting, next] = await residents(5);
    for (const r of [first, second, gone]) await inTx((m) => repo.insert(m, offering.id, r, false));
    for (const r of [waiting, next]) await inTx((m) => repo.insert(m, offering.id, r, true));
    const leaving = await repo.findActive(t.db.manager, offering.id, gone);
    await inTx((m) => repo.cancel(m, leaving!.id));

    expect((await repo.roster(offering.id)).map((e) => e.residentId)).toEqual([first, second, waiting, next]);
  });
});

describe('listForResident', () => {
  it("pages through a resident's live enrollments, soonest offering first, with their place in each queue", async () => {
    const [residentId, ahead] = await residents(2);
    const soon = await newOffering(t.db, tree.communityA1, { startsAt: new Date('2030-03-01T01:00:00Z') });
    const later = await newOffering(t.db, tree.communityA1, { startsAt: new Date('2030-04-01T01:00:00Z') });
    const latest = await newOffering(t.db, tree.communityA1, { startsAt: new Date('2030-05-01T01:00:00Z') });
    const dropped = await newOffering(t.db, tree.communityA1, { startsAt: new Date('2030-03-15T01:00:00Z') });
    await inTx(async (m) => {
      await repo.insert(m, soon.id, residentId, false);
      await repo.insert(m, later.id, ahead, true);
      await repo.insert(m, later.id, residentId, true);
      await repo.insert(m, latest.id, residentId, false);
      await repo.cancel(m, (await repo.insert(m, dropped.id, residentId, false)).id);
    });

    const now = new Date('2029-12-01T00:00:00Z'); // before all of them
    const firstPage = await repo.listForResident(residentId, now, null, 2);
    const last = firstPage[firstPage.length - 1];
    const secondPage = await repo.listForResident(residentId, now, { over: false, at: last.startsAt.toISOString(), id: last.id }, 2);

    expect(firstPage.map((e) => [e.offeringId, e.status, e.position])).toEqual([[soon.id, 'enrolled', null], [later.id, 'waitlisted', 2]]);
    expect(secondPage.map((e) => [e.offeringId, e.status, e.position])).toEqual([[latest.id, 'enrolled', null]]);
  });
});
