import { EnrollmentStatus } from '@lp/shared';
import { EntityManager } from 'typeorm';
import { AreaTree, newAreaTree, newOffering, newResident } from '../test-support/factories';
import { refusal, repositoryTestModule, RepositoryTestModule } from '../test-support/database';
import { EnrollmentsRepository } from './enrollments.repository';

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

describe('waitlist', () => {
  it('queues in the order given and moves the longest waiting into a freed place', async () => {
    const offering = await newOffering(t.db, tree.communityA1);
    const [a, b, c, d, outsider] = await residents(5);

    const made = await inTx((m) =>
      repo.insertMany(m, offering.id, [
        { residentId: a, waitlisted: false },
        { residentId: b, waitlisted: true },
        { residentId: c, waitlisted: true },
        { residentId: d, waitlisted: true },
      ]),
    );
    const [, bId, cId, dId] = made.map((p) => p.enrollment.id);
    const positions = (ids: string[]) => repo.waitlistPositions(t.db.manager, offering.id, ids);

    expect(made.map((p) => [p.enrollment.residentId, p.enrollment.status, p.position])).toEqual([
      [a, 'enrolled', null],
      [b, 'waitlisted', 1],
      [c, 'waitlisted', 2],
      [d, 'waitlisted', 3],
    ]);
    expect(await repo.findActive(t.db.manager, offering.id, b)).toEqual(made[1].enrollment);
    expect(await positions([bId, cId, dId])).toEqual(new Map([[bId, 1], [cId, 2], [dId, 3]]));
    expect([...(await repo.findActiveMany(t.db.manager, offering.id, [a, b, outsider])).keys()].sort()).toEqual([a, b].sort());

    await inTx((m) => repo.cancel(m, cId));
    expect(await positions([bId, cId, dId])).toEqual(new Map([[bId, 1], [dId, 2]]));

    expect(await inTx((m) => repo.promoteNext(m, offering.id))).toBe(b);
    expect(await positions([dId])).toEqual(new Map([[dId, 1]]));
    expect(await inTx((m) => repo.promoteNext(m, offering.id))).toBe(d);
    expect(await inTx((m) => repo.promoteNext(m, offering.id))).toBeNull();
    expect(await repo.findActive(t.db.manager, offering.id, b)).toMatchObject({ status: EnrollmentStatus.Enrolled, waitlistSeq: null, promotedAt: expect.any(Date) });
  });

  it('gives residents joining the waitlist the positions behind everyone already waiting, the cancelled not counted', async () => {
    const offering = await newOffering(t.db, tree.communityA1);
    const [a, b, c, d, e] = await residents(5);
    const first = await inTx((m) => repo.insertMany(m, offering.id, [{ residentId: a, waitlisted: true }, { residentId: b, waitlisted: true }]));
    await inTx((m) => repo.cancel(m, first[0].enrollment.id));

    const later = await inTx((m) =>
      repo.insertMany(m, offering.id, [
        { residentId: c, waitlisted: true },
        { residentId: d, waitlisted: false },
        { residentId: e, waitlisted: true },
      ]),
    );

    expect(later.map((p) => [p.enrollment.residentId, p.position])).toEqual([[c, 2], [d, null], [e, 3]]);
    const ids = later.map((p) => p.enrollment.id);
    expect(await repo.waitlistPositions(t.db.manager, offering.id, ids)).toEqual(new Map([[ids[0], 2], [ids[2], 3]]));
  });

  it('lists the roster with places first in order of arrival, then the waitlist in its order, without the cancelled', async () => {
    const offering = await newOffering(t.db, tree.communityA1);
    const [first, second, gone, waiting, next] = await residents(5);
    for (const r of [first, second, gone]) await inTx((m) => repo.insert(m, offering.id, r, false));
    await inTx((m) => repo.insertMany(m, offering.id, [{ residentId: waiting, waitlisted: true }, { residentId: next, waitlisted: true }]));
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
      await repo.insertMany(m, later.id, [{ residentId: ahead, waitlisted: true }, { residentId, waitlisted: true }]);
      await repo.insert(m, latest.id, residentId, false);
      await repo.cancel(m, (await repo.insert(m, dropped.id, residentId, false)).id);
    });

    const firstPage = await repo.listForResident(residentId, null, 2);
    const last = firstPage[firstPage.length - 1];
    const secondPage = await repo.listForResident(residentId, { startsAt: last.startsAt.toISOString(), id: last.id }, 2);

    expect(firstPage.map((e) => [e.offeringId, e.status, e.position])).toEqual([[soon.id, 'enrolled', null], [later.id, 'waitlisted', 2]]);
    expect(secondPage.map((e) => [e.offeringId, e.status, e.position])).toEqual([[latest.id, 'enrolled', null]]);
  });
});
