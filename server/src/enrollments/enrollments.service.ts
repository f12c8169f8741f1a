import {
  ageOn,
  EnrollmentError,
  EnrollmentStatus,
  EnrollmentView,
  MINOR_AGE,
  MyEnrollment,
  OfferingError,
  OfferingStatus,
  Page,
  ProfileError,
  ResidentGroup,
  Role,
  RosterEntry,
  SENIOR_AGE,
  shanghaiDate,
  TARGET_GROUP_LABELS,
  TargetGroup,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { isDatabaseUnavailable } from '../common/error.filter';
import { shanghaiLabel } from '../common/time';
import { NotificationsService } from '../notifications/notifications.service';
import type { Offering } from '../offerings/offering.entity';
import { OfferingsService } from '../offerings/offerings.service';
import { ResidentsService } from '../residents/residents.service';
import { EnrollmentsRepository } from './enrollments.repository';
import { GroupedTurns, OfferingTurns } from './offering-turns';

/** Groups a resident's profile puts them in, for offerings that only admit some groups. */
const PROFILE_GROUPS: Partial<Record<ResidentGroup, TargetGroup>> = {
  [ResidentGroup.Employed]: TargetGroup.Employed,
  [ResidentGroup.EnterpriseEmployee]: TargetGroup.Employed,
  [ResidentGroup.MigrantWorker]: TargetGroup.MigrantWorkers,
  [ResidentGroup.Unemployed]: TargetGroup.Unemployed,
  [ResidentGroup.Farmer]: TargetGroup.Farmers,
  [ResidentGroup.Disabled]: TargetGroup.Disabled,
};

type Enrolled = { view: EnrollmentView; created: boolean };

/**
 * 报名: places are changed only while the offering's row is locked, so capacity holds under any
 * concurrency (and the database's CHECK refuses the rest); the waitlist promotes in arrival order.
 */
@Injectable()
export class EnrollmentsService {
  private readonly rush: GroupedTurns<string, Enrolled>;

  constructor(
    private readonly enrollments: EnrollmentsRepository,
    private readonly offerings: OfferingsService,
    private readonly residents: ResidentsService,
    private readonly notifications: NotificationsService,
    private readonly turns: OfferingTurns,
    private readonly dataSource: DataSource,
  ) {
    this.rush = new GroupedTurns(turns, (offeringId, asks) => this.enrollAll(offeringId, asks));
  }

  /**
   * Enrolls, or waitlists when full. A repeat returns the existing place with `created: false`.
   * Requests for the same offering go through its turns together (see OfferingTurns), in arrival order.
   */
  /** Whether the resident holds a place in the offering (online lessons are for the enrolled). */
  /** A place as the demo seed writes it (already counted on the offering by the seed), in its transaction. */
  insertEnrolledAt(m: EntityManager, offeringId: number, residentId: string, createdAt: Date): Promise<void> {
    return this.enrollments.insertEnrolledAt(m, offeringId, residentId, createdAt);
  }

  isEnrolled(offeringId: number, residentId: string): Promise<boolean> {
    return this.enrollments.isEnrolled(offeringId, residentId);
  }

  async enroll(actor: Actor, offeringId: number): Promise<Enrolled> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民可以报名');
    return this.rush.join(offeringId, actor.userId);
  }

  /**
   * Runs `work` (a transaction that changes places on this offering) after those queued before it
   * on the same offering: a crowd waits here in arrival order instead of on the offering's row lock.
   */
  inTurn<T>(offeringId: number, work: () => Promise<T>): Promise<T> {
    return this.turns.take(offeringId, work);
  }

  /**
   * A resident who did not enroll turns up (walk-in, or a teacher's 代签): they get a place if one is
   * free, inside the caller's transaction. Refuses when the offering is full or they have no profile.
   */
  async admitWalkIn(m: EntityManager, offeringId: number, residentId: string, byTeacher: boolean): Promise<void> {
    const facts = await this.residents.eligibilityFacts(residentId, m);
    if (!facts) throw AppError.forbidden('请先在小程序里填写个人信息，再来签到', ProfileError.NotBound);
    const o = await this.offerings.lockForEnrollment(m, offeringId);
    if (!o) throw AppError.notFound('没有找到这个课程或活动');
    // a teacher doing a 代签 has judged the person in front of them; a self walk-in meets the same rules as enrolling
    if (!byTeacher) this.assertEligible(o, facts);
    const existing = await this.enrollments.findActive(m, offeringId, residentId);
    if (existing?.status === EnrollmentStatus.Enrolled) return;
    if (o.enrolledCount >= o.capacity) throw AppError.conflict('名额已经满了，请和老师说一声', EnrollmentError.Full);
    if (existing) await this.enrollments.cancel(m, existing.id); // leaves the waitlist for a real place
    await this.enrollments.insert(m, offeringId, residentId, false);
    await this.offerings.adjustCounts(m, offeringId, 1, existing ? -1 : 0);
  }

  /** Gives up a place (or a place in the queue); a freed place goes to the longest-waiting resident. */
  async cancel(actor: Actor, offeringId: number): Promise<EnrollmentView> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民可以取消报名');
    return this.inTurn(offeringId, () => this.dataSource.transaction(async (m) => {
      const o = await this.offerings.lockForEnrollment(m, offeringId);
      if (!o) throw AppError.notFound('没有找到这个课程或活动');
      const e = await this.enrollments.findActive(m, offeringId, actor.userId);
      if (!e) throw AppError.notFound('您没有报名这个课程活动');
      await this.enrollments.cancel(m, e.id);
      if (e.status === EnrollmentStatus.Waitlisted) {
        await this.offerings.adjustCounts(m, offeringId, 0, -1);
      } else {
        const promoted = o.status === OfferingStatus.Published ? await this.enrollments.promoteNext(m, offeringId) : null;
        await this.offerings.adjustCounts(m, offeringId, promoted ? 0 : -1, promoted ? -1 : 0);
        if (promoted) {
          await this.notifications.notify(m, [promoted], {
            title: '候补成功',
            body: `有人退出了，您已经报上「${o.title}」，请按时参加。`,
            offeringId,
          });
        }
      }
      return { id: Number(e.id), offeringId, status: EnrollmentStatus.Cancelled, waitlistPosition: null, enrolledAt: e.createdAt.toISOString() };
    }));
  }

  async mine(actor: Actor, cursor: string | undefined, limit = 20): Promise<Page<MyEnrollment>> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民有报名记录');
    const rows = await this.enrollments.listForResident(actor.userId, decodeCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const summaries = await this.offerings.summaries(page.map((r) => r.offeringId));
    const last = rows.length > limit ? page[page.length - 1] : null;
    return {
      items: page.flatMap((r) => {
        const offering = summaries.get(r.offeringId);
        if (!offering) return [];
        return [{ id: Number(r.id), offeringId: r.offeringId, status: r.status, waitlistPosition: r.position, enrolledAt: new Date(r.createdAt).toISOString(), offering }];
      }),
      nextCursor: last ? Buffer.from(JSON.stringify([new Date(last.startsAt).toISOString(), last.id])).toString('base64url') : null,
    };
  }

  async roster(actor: Actor, offeringId: number): Promise<RosterEntry[]> {
    await this.offerings.ownOffering(actor, offeringId);
    const rows = await this.enrollments.roster(offeringId);
    const people = await this.residents.rosterFacts(rows.map((r) => r.residentId));
    let position = 0;
    return rows.map((r) => {
      const person = people.get(r.residentId);
      const waiting = r.status === EnrollmentStatus.Waitlisted;
      if (waiting) position += 1;
      return {
        enrollmentId: Number(r.id),
        residentName: person?.name ?? '（未填写姓名）',
        phoneMasked: person?.phoneMasked ?? '',
        status: r.status,
        waitlistPosition: waiting ? position : null,
        enrolledAt: r.createdAt.toISOString(),
      };
    });
  }

  /**
   * Everyone who asked for a place in one offering while its previous turn ran, in one transaction
   * under the offering's lock. Should it fail for another reason than a refusal or the database
   * being down, each is tried alone, so that one bad request sinks no other.
   */
  private async enrollAll(offeringId: number, residentIds: string[]): Promise<(Enrolled | Error)[]> {
    try {
      return await this.dataSource.transaction((m) => this.enrollTogether(m, offeringId, residentIds));
    } catch (err) {
      if (residentIds.length === 1 || err instanceof AppError || isDatabaseUnavailable(err)) throw err;
      const answers: (Enrolled | Error)[] = [];
      for (const id of residentIds) answers.push(await this.enrollAll(offeringId, [id]).then(([a]) => a, (e: Error) => e));
      return answers;
    }
  }

  /** Places go in arrival order while there are any; then the waitlist, in the same order. */
  private async enrollTogether(m: EntityManager, offeringId: number, residentIds: string[]): Promise<(Enrolled | AppError)[]> {
    const facts = await this.residents.eligibilityFactsOf(residentIds, m);
    const noProfile = () => AppError.forbidden('请先填写个人信息，再来报名', ProfileError.NotBound);
    const o = await this.offerings.lockForEnrollment(m, offeringId);
    if (!o) return residentIds.map((id) => (facts.has(id) ? AppError.notFound('没有找到这个课程或活动') : noProfile()));
    const held = await this.enrollments.findActiveMany(m, offeringId, residentIds);
    const notOpen = this.notOpen(o);
    const closed = this.enrollmentClosed(o);
    const fresh = new Map<string, boolean>(); // resident → waitlisted, in arrival order
    let free = o.capacity - o.enrolledCount;
    const decided = residentIds.map((residentId): { residentId: string; created: boolean } | AppError => {
      const mine = facts.get(residentId);
      if (!mine) return noProfile();
      if (notOpen) return notOpen;
      if (held.has(residentId) || fresh.has(residentId)) return { residentId, created: false };
      if (closed) return closed;
      try {
        this.assertEligible(o, mine);
      } catch (err) {
        if (err instanceof AppError) return err;
        throw err;
      }
      fresh.set(residentId, free <= 0);
      free -= 1;
      return { residentId, created: true };
    });
    const places = [...fresh].map(([residentId, waitlisted]) => ({ residentId, waitlisted }));
    // the queue positions of those already waiting who asked again; the new ones get theirs as they are inserted
    const repeated = [...held.values()].filter((e) => e.status === EnrollmentStatus.Waitlisted).map((e) => e.id);
    const positions = await this.enrollments.waitlistPositions(m, offeringId, repeated);
    for (const { enrollment, position } of await this.enrollments.insertMany(m, offeringId, places)) {
      held.set(enrollment.residentId, enrollment);
      if (position !== null) positions.set(enrollment.id, position);
    }
    const waitlisted = places.filter((p) => p.waitlisted).length;
    if (places.length) await this.offerings.adjustCounts(m, offeringId, places.length - waitlisted, waitlisted);
    return decided.map((d) => {
      if (d instanceof AppError) return d;
      const e = held.get(d.residentId)!;
      const view = { id: Number(e.id), offeringId, status: e.status, waitlistPosition: positions.get(e.id) ?? null, enrolledAt: e.createdAt.toISOString() };
      return { view, created: d.created };
    });
  }

  private enrollmentClosed(o: Offering): AppError | null {
    const now = Date.now();
    if (now < o.enrollOpensAt.getTime()) {
      return AppError.badRequest(`报名还没开始，${shanghaiLabel(o.enrollOpensAt)}开始报名`, undefined, EnrollmentError.Closed);
    }
    if (now > o.enrollClosesAt.getTime()) return AppError.badRequest('报名已经截止了', undefined, EnrollmentError.Closed);
    return null;
  }

  private notOpen(o: Offering): AppError | null {
    if (o.status === OfferingStatus.Published && (o.endsAt === null || o.endsAt.getTime() > Date.now())) return null;
    const why = o.status === OfferingStatus.Cancelled ? '已经取消了' : o.status === OfferingStatus.Published ? '已经结束了' : '还没有发布';
    return AppError.conflict(`这个课程活动${why}，不能报名`, OfferingError.NotOpen);
  }

  private assertEligible(o: Offering, facts: { birthDate: string; groups: ResidentGroup[] }): void {
    if (!o.restrictedToTargetGroups || o.targetGroups.includes(TargetGroup.Families)) return;
    const day = shanghaiDate(o.startsAt ?? new Date());
    const age = ageOn(facts.birthDate, day);
    const mine = new Set<TargetGroup>(facts.groups.flatMap((g) => (PROFILE_GROUPS[g] ? [PROFILE_GROUPS[g]!] : [])));
    if (age >= SENIOR_AGE) mine.add(TargetGroup.Seniors);
    if (age < MINOR_AGE) mine.add(TargetGroup.Minors);
    if (!o.targetGroups.some((g) => mine.has(g))) {
      const who = o.targetGroups.map((g) => TARGET_GROUP_LABELS[g]).join('、');
      throw AppError.forbidden(`这个课程活动只面向：${who}`, EnrollmentError.NotEligible);
    }
  }
}

function decodeCursor(cursor: string | undefined): { startsAt: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [startsAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof startsAt === 'string' && !Number.isNaN(Date.parse(startsAt)) && typeof id === 'string' && /^\d{1,18}$/.test(id)) {
      return { startsAt, id };
    }
  } catch {
    // refused below
  }
  throw AppError.badRequest('翻页参数不对，请从第一页重新查看');
}
