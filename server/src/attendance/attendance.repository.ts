import { Category, CheckInMethod, EnrollmentStatus, GeofencePolicy, OfferingStatus } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { sharedStatements } from '../common/shared-statements';
import { Attendance } from './attendance.entity';
import type { SealingBatch } from '../resident-keys/sealed-places';

/** A check-in whose place is kept in clear (from before places were sealed): the partial index attendance_place_in_clear. */
const PLACE_IN_CLEAR = `(latitude IS NOT NULL OR longitude IS NOT NULL OR accuracy_m IS NOT NULL)`;

/** What check-in needs to know about a session, read once and cached briefly. */
export interface SessionMeta {
  sessionId: number;
  offeringId: number;
  title: string;
  status: OfferingStatus;
  schoolId: number;
  areaId: number;
  category: Category;
  startsAt: Date;
  endsAt: Date;
  minutes: number;
  cancelledAt: Date | null;
  closedAt: Date | null;
  secret: Buffer | null;
  allowWalkIn: boolean;
  requiresCheckOut: boolean;
  geofencePolicy: GeofencePolicy;
  geofenceRadiusMeters: number;
  checkInOpensMinutes: number;
  venueLatitude: number | null;
  venueLongitude: number | null;
}

export interface NewAttendance {
  sessionId: number;
  residentId: string;
  method: CheckInMethod;
  checkedInAt: Date;
  offline: boolean;
  walkIn: boolean;
  proxyBy: string | null;
  proxyLookup: Attendance['proxyLookup'];
  flagReason: string | null;
  /** Where the phone was, sealed under the resident's key (CheckInPlaces), or null. */
  place: string | null;
}

export interface RosterRow {
  residentId: string;
  enrolled: boolean;
  attendanceId: string | null;
  method: CheckInMethod | null;
  walkIn: boolean | null;
  offline: boolean | null;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  flagReason: string | null;
  reviewOutcome: 'confirmed' | 'rejected' | null;
}

/** Where the phone was at a check-in, as kept (a part may be missing in rows from before). */
export interface KeptPlace {
  latitude: number | null;
  longitude: number | null;
  accuracy: number | null;
}

/** A flagged check-in of a session still waiting for the teacher. */
export interface AwaitingReviewRow {
  attendanceId: string;
  residentId: string;
  checkedInAt: Date;
  flagReason: string;
  decideBy: Date;
}

/** A decision on waiting check-ins: of one session (or any, for the deadline sweep), by a person (or null: the deadline). */
export interface ReviewDecision {
  sessionId: number | null;
  ids: string[];
  outcome: 'confirmed' | 'rejected';
  by: string | null;
  note: string | null;
}

/** A check-in whose review was just decided. */
export interface DecidedRow {
  id: string;
  sessionId: number;
  offeringId: number;
  residentId: string;
  outcome: 'confirmed' | 'rejected';
  offeringTitle: string;
  category: Category;
  sessionStartsAt: Date;
  closed: boolean;
}

const ATTENDANCE_COLUMNS = `id, session_id AS "sessionId", offering_id AS "offeringId", resident_id AS "residentId", method,
  checked_in_at AS "checkedInAt", received_at AS "receivedAt", offline, walk_in AS "walkIn", proxy_by AS "proxyBy",
  proxy_lookup AS "proxyLookup", flag_reason AS "flagReason", place_sealed AS "placeSealed",
  checked_out_at AS "checkedOutAt", credited_minutes AS "creditedMinutes", review_outcome AS "reviewOutcome",
  review_note AS "reviewNote"`;

const INSERT_ATTENDANCE = `
  INSERT INTO attendance (session_id, offering_id, resident_id, method, checked_in_at, offline, walk_in, proxy_by,
                          proxy_lookup, flag_reason, place_sealed, session_year)
  SELECT s.id, s.offering_id, $2, $3, $4, $5, $6, $7, $8, $9, $10, s.year
  FROM attendance_session s
  WHERE s.id = $1 AND s.cancelled_at IS NULL AND ($11::boolean IS FALSE OR s.closed_at IS NULL)
    AND ($6::boolean OR EXISTS (SELECT 1 FROM attendance_enrollment e WHERE e.offering_id = s.offering_id
                                AND e.resident_id = $2 AND e.status = 'enrolled'))
  FOR SHARE OF s
  ON CONFLICT ON CONSTRAINT attendance_once DO NOTHING
  RETURNING ${ATTENDANCE_COLUMNS}`;

/**
 * Check-ins per shared statement, and shared statements at the database at once (the pool has
 * more). A statement leaves at most BATCH_WINDOW_MS after its first check-in arrived: in a burst
 * that gathers about 14 check-ins per statement (8 with no wait), and costs one alone 2 ms.
 */
const MAX_BATCH = 200;
const MAX_IN_FLIGHT = 4;
const BATCH_WINDOW_MS = 2;

interface PendingInsert extends NewAttendance {
  requireUnclosed: boolean;
}

/** INSERT_ATTENDANCE for many check-ins at once, one array per column; sessions locked in id order. */
const INSERT_ATTENDANCE_MANY = `
  INSERT INTO attendance (session_id, offering_id, resident_id, method, checked_in_at, offline, walk_in, proxy_by,
                          proxy_lookup, flag_reason, place_sealed, session_year)
  SELECT s.id, s.offering_id, v.resident_id, v.method, v.checked_in_at, v.offline, v.walk_in, v.proxy_by,
         v.proxy_lookup, v.flag_reason, v.place_sealed, s.year
  FROM unnest($1::int[], $2::uuid[], $3::text[], $4::timestamptz[], $5::boolean[], $6::boolean[], $7::uuid[], $8::text[],
              $9::text[], $10::text[], $11::boolean[])
         AS v(session_id, resident_id, method, checked_in_at, offline, walk_in, proxy_by, proxy_lookup, flag_reason,
              place_sealed, require_unclosed)
  JOIN attendance_session s ON s.id = v.session_id
  WHERE s.cancelled_at IS NULL AND (v.require_unclosed IS FALSE OR s.closed_at IS NULL)
    AND (v.walk_in OR EXISTS (SELECT 1 FROM attendance_enrollment e WHERE e.offering_id = s.offering_id
                              AND e.resident_id = v.resident_id AND e.status = 'enrolled'))
  ORDER BY s.id
  FOR SHARE OF s
  ON CONFLICT ON CONSTRAINT attendance_once DO NOTHING
  RETURNING ${ATTENDANCE_COLUMNS}`;

/** SessionMeta from attendance_session s, attendance_offering o and attendance_venue v. */
const SESSION_META_COLUMNS = `s.id AS "sessionId", s.offering_id AS "offeringId", o.title, o.status, o.school_id AS "schoolId",
  o.area_id AS "areaId", o.category, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.minutes,
  s.cancelled_at AS "cancelledAt", s.closed_at AS "closedAt", s.checkin_secret AS secret,
  o.allow_walk_in AS "allowWalkIn", o.requires_check_out AS "requiresCheckOut",
  o.geofence_policy AS "geofencePolicy", o.geofence_radius_m AS "geofenceRadiusMeters",
  o.check_in_opens_minutes AS "checkInOpensMinutes",
  v.latitude AS "venueLatitude", v.longitude AS "venueLongitude"`;

const insertValues = (a: NewAttendance, requireUnclosed: boolean) => [a.sessionId, a.residentId, a.method, a.checkedInAt, a.offline,
  a.walkIn, a.proxyBy, a.proxyLookup, a.flagReason, a.place, requireUnclosed];

@Injectable()
export class AttendanceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A session's facts. Reads arriving together share one statement: when a district's teachers
   * close their evening sessions in the same moment, a hundred reads at once would otherwise take
   * every connection of the pool, and heartbeats and check-ins would queue behind them.
   */
  sessionMeta(sessionId: number): Promise<SessionMeta | null> {
    return this.metaTogether(sessionId);
  }

  private readonly metaTogether = sharedStatements<number, SessionMeta | null>({
    one: async (id) => (await this.sessionMetas([id]))[0],
    many: (ids) => this.sessionMetas(ids),
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
    windowMs: BATCH_WINDOW_MS,
  });

  private async sessionMetas(ids: readonly number[]): Promise<(SessionMeta | null)[]> {
    const rows = (await this.db.query(
      `SELECT ${SESSION_META_COLUMNS}
       FROM attendance_session s JOIN attendance_offering o ON o.id = s.offering_id LEFT JOIN attendance_venue v ON v.id = o.venue_id
       WHERE s.id = ANY($1::int[])`,
      [[...new Set(ids)]],
    )) as SessionMeta[];
    const byId = new Map(rows.map((r) => [r.sessionId, r]));
    // each asker its own object: callers convert its dates in place
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? { ...row } : null;
    });
  }

  /**
   * Published sessions of a school's offerings, not cancelled, soonest first: those starting in
   * [from, to), and those not ended whose check-in is open at `now` although they start outside
   * it (just after midnight, or begun yesterday and still running).
   */
  async sessionsOfSchoolAround(schoolId: number, from: Date, to: Date, now: Date): Promise<SessionMeta[]> {
    return (await this.db.query(
      `SELECT ${SESSION_META_COLUMNS}
       FROM attendance_session s JOIN attendance_offering o ON o.id = s.offering_id LEFT JOIN attendance_venue v ON v.id = o.venue_id
       WHERE o.school_id = $1 AND o.status = $2 AND s.cancelled_at IS NULL
         AND ((s.starts_at >= $3 AND s.starts_at < $4)
              OR (s.ends_at > $5 AND s.starts_at - make_interval(mins => o.check_in_opens_minutes) <= $5))
       ORDER BY s.starts_at, s.id
       LIMIT 100`,
      [schoolId, OfferingStatus.Published, from, to, now],
    )) as SessionMeta[];
  }

  /**
   * A resident's sessions in published offerings they hold a place in, not cancelled, not ended at
   * `now` and starting before `until`, soonest first.
   */
  async enrolledSessionsUntil(residentId: string, now: Date, until: Date): Promise<SessionMeta[]> {
    return (await this.db.query(
      `SELECT ${SESSION_META_COLUMNS}
       FROM attendance_enrollment e JOIN attendance_session s ON s.offering_id = e.offering_id
       JOIN attendance_offering o ON o.id = s.offering_id LEFT JOIN attendance_venue v ON v.id = o.venue_id
       WHERE e.resident_id = $1 AND e.status = $2 AND o.status = $3 AND s.cancelled_at IS NULL AND s.ends_at > $4 AND s.starts_at < $5
       ORDER BY s.starts_at, s.id
       LIMIT 50`,
      [residentId, EnrollmentStatus.Enrolled, OfferingStatus.Published, now, until],
    )) as SessionMeta[];
  }

  /**
   * The whole check-in in one statement: inserts unless the resident is not enrolled, the session
   * was closed or cancelled meanwhile (re-read under a share lock, so a concurrent close waits or
   * wins), or the resident already checked in. Null means "not inserted"; the caller finds out why.
   * Outside a transaction, check-ins arriving together share one statement (see `together`).
   */
  async insertIfEnrolled(m: EntityManager | null, a: NewAttendance, requireUnclosed: boolean): Promise<Attendance | null> {
    if (!m) return this.together({ ...a, requireUnclosed });
    return this.insertOne(m, a, requireUnclosed);
  }

  /**
   * A room full of residents scanning at once: check-ins arriving within a couple of
   * milliseconds, or while earlier statements are still at the database, go as one INSERT. Each
   * keeps its own conditions and its own answer; a resident twice in one statement is inserted
   * once (the other gets null, so the caller answers with the existing check-in). If the shared
   * statement fails, each check-in is tried alone, so one bad row never sinks its neighbours.
   */
  private readonly together = sharedStatements<PendingInsert, Attendance | null>({
    one: (p) => this.insertOne(this.db, p, p.requireUnclosed),
    many: (batch) => this.insertMany(batch),
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
    windowMs: BATCH_WINDOW_MS,
  });

  /**
   * Through TypeORM like every other statement. A named prepared statement on the driver's pool
   * would spare PostgreSQL the parse and plan (about 10 µs of a check-in's milliseconds, measured),
   * not worth reaching behind TypeORM: bursts share statements anyway.
   */
  private async insertOne(on: DataSource | EntityManager, a: NewAttendance, requireUnclosed: boolean): Promise<Attendance | null> {
    const rows = (await on.query(INSERT_ATTENDANCE, insertValues(a, requireUnclosed))) as Attendance[];
    return rows[0] ?? null;
  }

  private async insertMany(batch: readonly PendingInsert[]): Promise<(Attendance | null)[]> {
    const column = <K extends keyof PendingInsert>(k: K) => batch.map((p) => p[k]);
    const rows = (await this.db.query(INSERT_ATTENDANCE_MANY, [
      column('sessionId'), column('residentId'), column('method'), column('checkedInAt'), column('offline'), column('walkIn'),
      column('proxyBy'), column('proxyLookup'), column('flagReason'), column('place'),
      column('requireUnclosed'),
    ])) as Attendance[];
    const inserted = new Map(rows.map((r) => [`${r.sessionId}/${r.residentId}`, r]));
    // the first asker of a (session, resident) gets the row; repeats in the same batch get null
    return batch.map((p) => {
      const key = `${p.sessionId}/${p.residentId}`;
      const row = inserted.get(key) ?? null;
      inserted.delete(key);
      return row;
    });
  }

  async find(m: EntityManager | null, sessionId: number, residentId: string): Promise<Attendance | null> {
    const rows = (await (m ?? this.db).query(`SELECT ${ATTENDANCE_COLUMNS} FROM attendance WHERE session_id = $1 AND resident_id = $2`, [
      sessionId,
      residentId,
    ])) as Attendance[];
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<Attendance | null> {
    const rows = (await this.db.query(`SELECT ${ATTENDANCE_COLUMNS} FROM attendance WHERE id = $1`, [id])) as Attendance[];
    return rows[0] ?? null;
  }

  async enrollmentStatus(offeringId: number, residentId: string): Promise<string | null> {
    const rows = (await this.db.query(
      `SELECT status FROM attendance_enrollment WHERE offering_id = $1 AND resident_id = $2 AND status <> 'cancelled'`,
      [offeringId, residentId],
    )) as { status: string }[];
    return rows[0]?.status ?? null;
  }

  /** First check-out wins; a repeat changes nothing. Never before the check-in, whatever another instance's clock said. */
  async checkOut(id: string, residentId: string, at: Date): Promise<Attendance | null> {
    const rows = (await this.db.query(
      `UPDATE attendance SET checked_out_at = GREATEST($3, checked_in_at) WHERE id = $1 AND resident_id = $2 AND checked_out_at IS NULL
       RETURNING ${ATTENDANCE_COLUMNS}`,
      [id, residentId, at],
    )) as [Attendance[], number];
    return rows[0][0] ?? null;
  }

  /** Everyone enrolled and everyone who came, enrolled first by name order of arrival. */
  rosterRows(sessionId: number, offeringId: number): Promise<RosterRow[]> {
    return this.db.query(
      `SELECT COALESCE(a.resident_id, e.resident_id) AS "residentId", e.resident_id IS NOT NULL AS enrolled,
              a.id AS "attendanceId", a.method, a.walk_in AS "walkIn", a.offline, a.checked_in_at AS "checkedInAt",
              a.checked_out_at AS "checkedOutAt", a.flag_reason AS "flagReason", a.review_outcome AS "reviewOutcome"
       FROM (SELECT resident_id, created_at FROM attendance_enrollment WHERE offering_id = $2 AND status = 'enrolled') e
       FULL JOIN (SELECT * FROM attendance WHERE session_id = $1) a ON a.resident_id = e.resident_id
       ORDER BY a.checked_in_at NULLS LAST, e.created_at`,
      [sessionId, offeringId],
    ) as Promise<RosterRow[]>;
  }

  /**
   * Fixes each attendee's minutes, bounded by the time the server saw them there: from the later of
   * their check-in and the start, to the earliest of their check-out, the close and the planned end,
   * and never more than the session's 学时. A session closed before it started credits nothing.
   * With check-out required, no check-out earns nothing. A flagged check-in earns only once
   * confirmed: waiting, it stays unfixed (null); rejected, it is fixed at 0.
   * `closedAt` is the moment of a close in progress; a closed session's own close time is used otherwise.
   * `onlyIds` fixes just those check-ins (a late offline scan, a confirmation after the close).
   */
  async fixMinutes(m: EntityManager, sessionId: number, closedAt: Date | null = null, onlyIds: string[] | null = null): Promise<Attendance[]> {
    const rows = (await m.query(
      `UPDATE attendance a SET credited_minutes = CASE
          WHEN a.flag_reason IS NOT NULL AND a.review_outcome IS NULL THEN NULL
          WHEN a.review_outcome = 'rejected' THEN 0
          WHEN o.requires_check_out AND a.checked_out_at IS NULL THEN 0
          ELSE LEAST(s.minutes, GREATEST(0, floor(extract(epoch FROM
                 LEAST(a.checked_out_at, coalesce(s.closed_at, $2::timestamptz), s.ends_at) - GREATEST(a.checked_in_at, s.starts_at)) / 60)::int))
          END
       FROM attendance_session s JOIN attendance_offering o ON o.id = s.offering_id
       WHERE a.session_id = s.id AND s.id = $1 AND ($3::bigint[] IS NULL OR a.id = ANY($3::bigint[]))
       RETURNING ${ATTENDANCE_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1a.$2')}`,
      [sessionId, closedAt, onlyIds],
    )) as [Attendance[], number];
    return rows[0];
  }

  async closedSummary(sessionId: number): Promise<{ attendees: number; minutes: number }> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS attendees, COALESCE(sum(credited_minutes), 0)::int AS minutes FROM attendance WHERE session_id = $1`,
      [sessionId],
    )) as { attendees: number; minutes: number }[];
    return row;
  }

  /**
   * The session's flagged check-ins nobody has decided yet, oldest first, each with the moment the
   * district's rule decides it: `deadlineHours` after the later of its check-in and the session's end.
   */
  awaitingReview(sessionId: number, deadlineHours: number): Promise<AwaitingReviewRow[]> {
    return this.db.query(
      `SELECT a.id AS "attendanceId", a.resident_id AS "residentId", a.checked_in_at AS "checkedInAt", a.flag_reason AS "flagReason",
              GREATEST(a.checked_in_at, s.ends_at) + make_interval(hours => $2) AS "decideBy"
       FROM attendance a JOIN attendance_session s ON s.id = a.session_id
       WHERE a.session_id = $1 AND a.flag_reason IS NOT NULL AND a.review_outcome IS NULL ORDER BY a.checked_in_at, a.id`,
      [sessionId, deadlineHours],
    ) as Promise<AwaitingReviewRow[]>;
  }

  /**
   * Decides waiting check-ins, each once: rows already decided (or not flagged, or of another
   * session) are left as they are and not returned. With `sessionId` null, the ids may be of any
   * session (the deadline sweep). Waits for a close in progress, so a decision and a close never cross.
   */
  async decide(m: EntityManager, d: ReviewDecision, at: Date): Promise<DecidedRow[]> {
    // the sessions first, in id order, as a close does: the update below then reads what a close committed meanwhile
    await m.query(
      `SELECT s.id FROM attendance_session s
       WHERE s.id IN (SELECT session_id FROM attendance WHERE id = ANY($2::bigint[])) AND ($1::int IS NULL OR s.id = $1)
       ORDER BY s.id FOR UPDATE`,
      [d.sessionId, d.ids],
    );
    const rows = (await m.query(
      `UPDATE attendance a SET review_outcome = $3, reviewed_by = $4, review_note = $5, reviewed_at = $6
       FROM attendance_session s JOIN attendance_offering o ON o.id = s.offering_id
       WHERE s.id = a.session_id AND ($1::int IS NULL OR s.id = $1) AND a.id = ANY($2::bigint[])
         AND a.flag_reason IS NOT NULL AND a.review_outcome IS NULL
       RETURNING a.id, a.session_id AS "sessionId", a.offering_id AS "offeringId", a.resident_id AS "residentId",
                 a.review_outcome AS outcome, o.title AS "offeringTitle", o.category, s.starts_at AS "sessionStartsAt", s.closed_at IS NOT NULL AS closed`,
      [d.sessionId, d.ids, d.outcome, d.by, d.note, at],
    )) as [DecidedRow[], number];
    return rows[0];
  }

  /** Waiting check-ins whose deadline (`deadlineHours` after the later of check-in and session end) is before `now`, oldest first. */
  async overdueForReview(now: Date, deadlineHours: number, limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT a.id FROM attendance a JOIN attendance_session s ON s.id = a.session_id
       WHERE a.flag_reason IS NOT NULL AND a.review_outcome IS NULL
         AND GREATEST(a.checked_in_at, s.ends_at) + make_interval(hours => $2) < $1
       ORDER BY s.ends_at, a.id LIMIT $3`,
      [now, deadlineHours, limit],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Closing an account: where the resident stood when checking in is forgotten, sealed or not (the
   * sealed copies in older dumps die with the key); the check-ins and their minutes stay.
   */
  async forgetLocations(m: EntityManager, residentId: string): Promise<number> {
    const [, affected] = (await m.query(
      `UPDATE attendance SET latitude = NULL, longitude = NULL, accuracy_m = NULL, place_sealed = NULL
        WHERE resident_id = $1 AND (latitude IS NOT NULL OR longitude IS NOT NULL OR accuracy_m IS NOT NULL OR place_sealed IS NOT NULL)`,
      [residentId],
    )) as [unknown, number];
    return affected;
  }

  /**
   * Places kept in clear from before they were sealed and, with `resealing`, places sealed under
   * another suite than `currentPrefix`: up to `limit` rows after `after` in id order (rows other
   * nodes hold are skipped). `seal` gives each its form sealed the current way, or null to leave it
   * for a later run. Without `resealing` only the rows in clear are read (their partial index).
   */
  async sealPlaces(
    resealing: boolean,
    currentPrefix: string,
    after: string | null,
    limit: number,
    seal: (rows: { residentId: string; place: KeptPlace | null; sealed: string | null }[]) => Promise<(string | null)[]>,
  ): Promise<SealingBatch> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT id, resident_id AS "residentId", latitude, longitude, accuracy_m AS accuracy, place_sealed AS sealed FROM attendance
          WHERE (${PLACE_IN_CLEAR}${resealing ? ` OR left(place_sealed, 3) <> $3` : ''}) AND ($1::bigint IS NULL OR id > $1::bigint)
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        resealing ? [after, limit, currentPrefix] : [after, limit],
      )) as ({ id: string; residentId: string; sealed: string | null } & KeptPlace)[];
      const sealed = await seal(
        rows.map((r) => ({
          residentId: r.residentId,
          place: r.latitude !== null || r.longitude !== null || r.accuracy !== null ? { latitude: r.latitude, longitude: r.longitude, accuracy: r.accuracy } : null,
          sealed: r.sealed,
        })),
      );
      const done = rows.map((r, i) => ({ id: r.id, sealed: sealed[i] })).filter((r, i) => r.sealed !== null && r.sealed !== rows[i].sealed);
      if (done.length) {
        await m.query(
          `UPDATE attendance a SET place_sealed = n.sealed, latitude = NULL, longitude = NULL, accuracy_m = NULL
             FROM unnest($1::bigint[], $2::text[]) AS n(id, sealed) WHERE a.id = n.id`,
          [done.map((r) => r.id), done.map((r) => r.sealed)],
        );
      }
      return { seen: rows.length, moved: done.length, last: rows.length ? rows[rows.length - 1].id : null };
    });
  }

  /** Places kept in clear or sealed under another suite than `currentPrefix`: reads every row that holds a place. */
  async placesNotSealedAs(currentPrefix: string): Promise<number> {
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM attendance WHERE ${PLACE_IN_CLEAR} OR left(place_sealed, 3) <> $1`, [currentPrefix])) as { n: number }[];
    return n;
  }

  /** 代签 in an area subtree, newest first. */
  proxyAudit(areaPath: string, beforeId: string | null, limit: number) {
    return this.db.query(
      `SELECT a.attendance_id AS "attendanceId", a.received_at AS at, a.teacher_name AS "teacherName", a.resident_name AS "residentName", a.resident_id AS "residentId",
              a.offering_title AS "offeringTitle", a.session_starts_at AS "sessionStartsAt", a.proxy_lookup AS "lookedUpBy",
              a.area_id AS "areaId", a.area_name AS "areaName"
       FROM attendance_proxy_audit a
       WHERE a.area_path LIKE $1 AND ($2::bigint IS NULL OR a.attendance_id < $2)
       ORDER BY a.attendance_id DESC LIMIT $3`,
      [`${areaPath}%`, beforeId, limit],
    ) as Promise<
      { attendanceId: string; at: Date; teacherName: string; residentName: string | null; residentId: string; offeringTitle: string; sessionStartsAt: Date; lookedUpBy: 'phone' | 'id_number' | 'learner_code'; areaId: number; areaName: string }[]
    >;
  }
}
