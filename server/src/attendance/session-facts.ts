import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { ShortCache } from '../common/short-cache';
import { assertOwnSchool, OfferingsService } from '../offerings/offerings.service';
import { AttendanceRepository, SessionMeta } from './attendance.repository';

/** How long the hot path trusts what it read about a session. */
const META_TTL_MS = 3000;
/** Sessions whose facts are kept at once; past this the cache starts again. */
const META_CACHE_SIZE = 5000;

/**
 * What every side of check-in reads about a session: its facts (SessionMeta), cached for a few
 * seconds for the scans of a full room, and its signing secret, kept in memory once known. One
 * instance for all attendance services, so a close that forgets a session is seen by the next scan.
 */
@Injectable()
export class SessionFacts {
  private readonly cache = new ShortCache<number, SessionMeta>(META_TTL_MS, META_CACHE_SIZE);
  private readonly secrets = new Map<number, Buffer>();

  constructor(
    private readonly attendance: AttendanceRepository,
    private readonly offerings: OfferingsService,
  ) {}

  /** Session facts, from the cache unless `fresh`; null when there is no such session. */
  async meta(sessionId: number, fresh = false): Promise<SessionMeta | null> {
    const hit = fresh ? undefined : this.cache.get(sessionId);
    if (hit) return hit;
    const meta = await this.attendance.sessionMeta(sessionId);
    if (meta) {
      meta.startsAt = new Date(meta.startsAt);
      meta.endsAt = new Date(meta.endsAt);
      this.cache.set(sessionId, meta);
    }
    return meta;
  }

  /** The session changed (it was closed): the next read goes to the database. */
  forget(sessionId: number): void {
    this.cache.delete(sessionId);
  }

  /** The session, read fresh, if the actor teaches at the school of its offering. */
  async ownSession(actor: Actor, sessionId: number): Promise<SessionMeta> {
    const meta = await this.meta(sessionId, true);
    if (!meta) throw AppError.notFound('没有找到这次课');
    // the session's facts say whose school the offering is: no second read of the offering
    assertOwnSchool(actor, meta.schoolId);
    return meta;
  }

  /** The session's signing secret, made on first use; it never changes, so it is kept in memory. */
  async secretOf(meta: SessionMeta): Promise<Buffer> {
    const known = this.secrets.get(meta.sessionId) ?? meta.secret;
    if (known) {
      this.secrets.set(meta.sessionId, known);
      return known;
    }
    const secret = await this.offerings.ensureCheckInSecret(meta.sessionId, randomBytes(32));
    this.secrets.set(meta.sessionId, secret);
    return secret;
  }
}
