import { OfferingKind, OfferingStatus, OfferingSummary, Role } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { ShortCache } from '../common/short-cache';
import { Offering } from './offering.entity';
import { toSummary } from './offering-summary';
import { EnrollmentTerms, LessonFacts, OfferingsRepository } from './offerings.repository';

export type { EnrollmentTerms, LessonFacts };

/** How long the terms of an offering being enrolled into are kept, and for how many offerings. */
const TERMS_TTL_MS = 5_000;
const TERMS_CACHE_SIZE = 1_000;

/**
 * The offerings feature as other features ask for it: whether a teacher may act on an offering
 * (its roster, its sessions' check-in), its places under lock for enrollment, and how it shows in
 * their lists. The feature's own jobs are OfferingCatalogueService (finding offerings),
 * OfferingAuthoringService (teachers writing them) and OfferingReviewsService (admins reviewing them).
 */
@Injectable()
export class OfferingsService {
  /** Terms of offerings being enrolled into; enroll_in_order checks them under the lock, so a stale one costs a retry, never a wrong place. */
  private readonly terms = new ShortCache<number, EnrollmentTerms>(TERMS_TTL_MS, TERMS_CACHE_SIZE);

  constructor(private readonly offerings: OfferingsRepository) {}

  /** The offering if the actor teaches at its school. */
  async ownOffering(actor: Actor, id: number): Promise<Offering> {
    teacherSchool(actor);
    const o = await this.offerings.findById(id);
    if (!o) throw AppError.notFound('没有找到这个课程或活动');
    assertOwnSchool(actor, o.schoolId);
    return o;
  }

  /**
   * The offering's terms of enrollment (null: no such offering), as read at most a few seconds ago;
   * `fresh` reads them again (the ones kept were found stale under the lock).
   */
  async enrollmentTerms(id: number, fresh = false): Promise<EnrollmentTerms | null> {
    const kept = fresh ? undefined : this.terms.get(id);
    if (kept !== undefined) return kept;
    const read = await this.offerings.enrollmentTerms(id);
    if (read) this.terms.set(id, read);
    else this.terms.delete(id);
    return read;
  }

  /** Locks an offering row for a change of places, inside the caller's transaction. */
  lockForEnrollment(manager: EntityManager, id: number): Promise<Offering | null> {
    return this.offerings.lock(manager, id);
  }

  /** An offering with its sessions, lessons and teachers as the demo seed writes it, in its transaction; its id. */
  saveWithSchedule(...args: Parameters<OfferingsRepository['save']>): Promise<number> {
    return this.offerings.save(...args);
  }

  adjustCounts(manager: EntityManager, id: number, enrolled: number, waitlisted: number): Promise<void> {
    return this.offerings.adjustCounts(manager, id, enrolled, waitlisted);
  }

  async summaries(ids: number[]): Promise<Map<number, OfferingSummary>> {
    const rows = await this.offerings.findRows([...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, toSummary(r)]));
  }

  /** The sessions of an offering (id and start), for a feature that names one of them (the volunteers' register). */
  async sessionStarts(offeringId: number): Promise<{ id: number; startsAt: Date }[]> {
    return (await this.offerings.sessions(offeringId)).map((s) => ({ id: s.id, startsAt: s.startsAt }));
  }

  /**
   * The session's side of check-in and closing, for attendance: the signing secret, the lock a
   * close takes, and the closed mark. `m` is the caller's transaction.
   */
  ensureCheckInSecret(sessionId: number, candidate: Buffer): Promise<Buffer> {
    return this.offerings.ensureCheckInSecret(sessionId, candidate);
  }

  lockUnclosedSession(m: EntityManager, sessionId: number): Promise<boolean> {
    return this.offerings.lockUnclosedSession(m, sessionId);
  }

  isSessionClosed(m: EntityManager, sessionId: number): Promise<boolean> {
    return this.offerings.isSessionClosed(m, sessionId);
  }

  markSessionClosed(m: EntityManager, sessionId: number, by: string | null, at: Date): Promise<void> {
    return this.offerings.markSessionClosed(m, sessionId, by, at);
  }

  sessionsDueForClosing(endedBefore: Date, limit: number): Promise<number[]> {
    return this.offerings.sessionsDueForClosing(endedBefore, limit);
  }

  /** Lessons of micro-courses, for online learning. */
  lessonFacts(lessonId: number): Promise<LessonFacts | null> {
    return this.offerings.lessonFacts(lessonId);
  }

  lessonsFacts(offeringId: number): Promise<LessonFacts[]> {
    return this.offerings.lessonsFacts(offeringId);
  }

  kindAndStatus(offeringId: number): Promise<{ kind: OfferingKind; status: OfferingStatus } | null> {
    return this.offerings.kindAndStatus(offeringId);
  }
}

/** An offering of the teacher's own school, or 403: ownOffering asks it, and so does a session's check from its facts. */
export function assertOwnSchool(actor: Actor, offeringSchoolId: number | null): void {
  if (offeringSchoolId !== teacherSchool(actor)) throw AppError.forbidden('这是其他学校的课程，您不能操作');
}

/** The actor's school, if they are a school's teacher: only they write offerings and run their sessions. */
export function teacherSchool(actor: Actor): number {
  if (actor.role !== Role.Teacher || actor.schoolId === null) throw AppError.forbidden('只有学校的老师可以发布课程和活动');
  return actor.schoolId;
}
