import {
  ageOn,
  ErrorCode,
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
import { Clock } from '../common/clock';
import { isDatabaseUnavailable } from '../common/error.filter';
import { shanghaiLabel } from '../common/time';
import { NotificationsService } from '../notifications/notifications.service';
import { EnrollmentTerms, OfferingsService } from '../offerings/offerings.service';
import { EligibilityFacts, ResidentsService } from '../residents/residents.service';
import { EnrollmentsRepository, MyEnrollmentsCursor } from './enrollments.repository';
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
/** A resident asking for a place, with the profile facts their eligibility is judged on. */
type Asking = { residentId: string; facts: EligibilityFacts };

/** How many times a turn decides again when the offering's terms changed between reading and locking. */
const TERMS_TRIES = 3;

/**
 * 报名: places are changed only while the offering's row is locked, so capacity holds under any
 * concurrency (and the database's CHECK refuses the rest); the waitlist promotes in arrival order.
 */
@Injectable()
export class EnrollmentsService {
  private readonly rush: GroupedTurns<Asking, Enrolled>;

  constructor(
    private readonly enrollments: EnrollmentsRepository,
    private readonly offerings: OfferingsService,
    private readonly residents: ResidentsService,
    private readonly notifications: NotificationsService,
    private readonly turns: OfferingTurns,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
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
    const facts = await this.residents.eligibilityFactsNow(actor.userId);
    if (!facts) throw AppError.forbidden('请先填写个人信息，再来报名', ProfileError.NotBound);
    return this.rush.join(offeringId, { residentId: actor.userId, facts });
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
    if (!byTeacher) {
      const refusal = this.eligibilityRefusal(o, facts);
      if (refusal) throw refusal;
    }
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
    const now = this.clock.now();
    const rows = await this.enrollments.listForResident(actor.userId, now, decodeCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const summaries = await this.offerings.summaries(page.map((r) => r.offeringId));
    const last = rows.length > limit ? page[page.length - 1] : null;
    return {
      items: page.flatMap((r) => {
        const offering = summaries.get(r.offeringId);
        if (!offering) return [];
        return [{ id: Number(r.id), offeringId: r.offeringId, status: r.status, waitlistPosition: r.position, enrolledAt: new Date(r.createdAt).toISOString(), offering }];
      }),
      nextCursor: last ? encodeCursor(last, now) : null,
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
   * Everyone who asked for a place in one offering while its previous turn ran, in one statement
   * under the offering's lock. Should it fail for another reason than a refusal or the database
   * being down, each is tried alone, so that one bad request sinks no other.
   */
  private async enrollAll(offeringId: number, asks: Asking[]): Promise<(Enrolled | Error)[]> {
    try {
      return await this.enrollTogether(offeringId, asks);
    } catch (err) {
      if (asks.length === 1 || err instanceof AppError || isDatabaseUnavailable(err)) throw err;
      const answers: (Enrolled | Error)[] = [];
      for (const ask of asks) answers.push(await this.enrollAll(offeringId, [ask]).then(([a]) => a, (e: Error) => e));
      return answers;
    }
  }

  /**
   * Places go in arrival order while there are any; then the waitlist, in the same order. Who may
   * take one is decided here, from the residents' profiles and the offering's terms; the terms are
   * checked again under the offering's lock, and decided on afresh when they changed meanwhile.
   */
  private async enrollTogether(offeringId: number, asks: Asking[]): Promise<(Enrolled | AppError)[]> {
    const facts = new Map(asks.map((a) => [a.residentId, a.facts]));
    const asking = [...facts.keys()]; // each once, in arrival order
    for (let attempt = 0; attempt < TERMS_TRIES; attempt++) {
      const o = await this.offerings.enrollmentTerms(offeringId, attempt > 0);
      if (!o) return asks.map(() => AppError.notFound('没有找到这个课程或活动'));
      const notOpen = this.notOpen(o);
      const closed = this.enrollmentClosed(o);
      // what each would be told should they hold no place yet (one who holds a place is given it whatever the terms)
      const refusals = new Map(asking.map((id) => [id, notOpen ?? closed ?? this.eligibilityRefusal(o, facts.get(id)!)]));
      const answered = await this.enrollments.enrollInOrder(offeringId, o.terms, asking.map((id) => ({ residentId: id, mayTake: refusals.get(id) === null })));
      if (!answered) continue; // the terms changed under us: decide again on what they are now
      const byResident = new Map(answered.map((a) => [a.residentId, a]));
      const told = new Set<string>();
      return asks.map(({ residentId }) => {
        const a = byResident.get(residentId)!;
        if (notOpen) return notOpen;
        if (a.id === null) {
          const refusal = refusals.get(residentId);
          if (!refusal) throw new Error(`enroll_in_order gave no place to a resident who may take one (offering ${offeringId})`);
          return refusal;
        }
        // the same resident twice in one turn: the first made the place, the second finds it
        const created = a.created && !told.has(residentId);
        told.add(residentId);
        const view = { id: Number(a.id), offeringId, status: a.status!, waitlistPosition: a.position, enrolledAt: a.createdAt!.toISOString() };
        return { view, created };
      });
    }
    throw new AppError(503, ErrorCode.ServiceUnavailable, '课程信息刚刚有变动，请再报一次');
  }

  private enrollmentClosed(o: EnrollmentTerms): AppError | null {
    const now = Date.now();
    if (now < o.enrollOpensAt.getTime()) {
      return AppError.badRequest(`报名还没开始，${shanghaiLabel(o.enrollOpensAt)}开始报名`, undefined, EnrollmentError.Closed);
    }
    if (now > o.enrollClosesAt.getTime()) return AppError.badRequest('报名已经截止了', undefined, EnrollmentError.Closed);
    return null;
  }

  private notOpen(o: EnrollmentTerms): AppError | null {
    if (o.status === OfferingStatus.Published && (o.endsAt === null || o.endsAt.getTime() > Date.now())) return null;
    const why = o.status === OfferingStatus.Cancelled ? '已经取消了' : o.status === OfferingStatus.Published ? '已经结束了' : '还没有发布';
    return AppError.conflict(`这个课程活动${why}，不能报名`, OfferingError.NotOpen);
  }

  /** Why this resident may not take a place in the offering; null when they may. */
  private eligibilityRefusal(o: Pick<EnrollmentTerms, 'restrictedToTargetGroups' | 'targetGroups' | 'startsAt'>, facts: { birthDate: string; groups: ResidentGroup[] }): AppError | null {
    if (!o.restrictedToTargetGroups || o.targetGroups.includes(TargetGroup.Families)) return null;
    const day = shanghaiDate(o.startsAt ?? new Date());
    const age = ageOn(facts.birthDate, day);
    const mine = new Set<TargetGroup>(facts.groups.flatMap((g) => (PROFILE_GROUPS[g] ? [PROFILE_GROUPS[g]!] : [])));
    if (age >= SENIOR_AGE) mine.add(TargetGroup.Seniors);
    if (age < MINOR_AGE) mine.add(TargetGroup.Minors);
    if (o.targetGroups.some((g) => mine.has(g))) return null;
    const who = o.targetGroups.map((g) => TARGET_GROUP_LABELS[g]).join('、');
    return AppError.forbidden(`这个课程活动只面向：${who}`, EnrollmentError.NotEligible);
  }

}

/** The page's last enrollment: 1 and its end once its offering is over, else 0 and its start. */
function encodeCursor(last: { startsAt: Date; endsAt: Date; id: string }, now: Date): string {
  const over = new Date(last.endsAt) <= now;
  return Buffer.from(JSON.stringify([over ? 1 : 0, new Date(over ? last.endsAt : last.startsAt).toISOString(), last.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): MyEnrollmentsCursor | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    // a page handed out before finished courses went last: [start, id], in the courses not over
    const [over, at, id] = Array.isArray(parts) && parts.length === 2 ? [0, ...parts] : parts;
    if ((over === 0 || over === 1) && typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && /^\d{1,18}$/.test(id)) {
      return { over: over === 1, at, id };
    }
  } catch {
    // refused below
  }
  throw AppError.badRequest('翻页参数不对，请从第一页重新查看');
}
