import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { sharedStatements } from '../common/shared-statements';
import { watchedAfterSql } from './watch-rules';

/** One resident's row of lesson_progress. */
export interface ProgressRow {
  lessonId: number;
  playbackId: string;
  watchedSeconds: number;
  lastPosition: number;
  lastHeartbeatAt: Date;
  creditedAt: Date | null;
  creditedMinutes: number | null;
}

/** A progress row's own state (the lesson's id comes with the row or with the lesson). */
const PROGRESS_STATE = `p.playback_id AS "playbackId", p.watched_seconds AS "watchedSeconds", p.last_position AS "lastPosition",
  p.last_heartbeat_at AS "lastHeartbeatAt", p.credited_at AS "creditedAt", p.credited_minutes AS "creditedMinutes"`;
const PROGRESS_COLUMNS = `p.lesson_id AS "lessonId", ${PROGRESS_STATE}`;

/** One heartbeat of a resident's playback of a lesson: where the video is, at the server's instant. */
export interface Heartbeat {
  residentId: string;
  lessonId: number;
  playbackId: string;
  /** Whole seconds into the video, within it. */
  position: number;
  at: Date;
  /** The video's length: nothing is watched past it. */
  durationSeconds: number;
}

/** What a heartbeat that moves on by itself read and wrote (OnlineLearningRepository.moveOn). */
export interface HeartbeatView {
  /** The progress as it was before the heartbeat; null before the resident's first playback. */
  progress: ProgressRow | null;
  /** The seconds watched after the heartbeat; null when it did not move the progress on. */
  watchedSeconds: number | null;
  /** Online minutes credited to the resident in the day [from, to). */
  todayMinutes: number;
}

/** A heartbeat waiting to move on (moveOn), with what decides it. */
interface MovingBeat extends Heartbeat {
  creditableFrom: number | null;
  /** The day whose credited minutes it answers: [from, to). */
  from: Date;
  to: Date;
}

/**
 * Heartbeats per shared statement, and shared statements at the database at once per process. A
 * statement leaves at most BEATS_WINDOW_MS after its first heartbeat when the database is free.
 */
const MAX_BEATS = 200;
const MAX_BEATS_IN_FLIGHT = 4;
const BEATS_WINDOW_MS = 2;

/** Keeps the daily-cap lock of online learning apart from any other advisory lock. */
const CAP_LOCK_NAMESPACE = 0x4f4c; // 'OL'

@Injectable()
export class OnlineLearningRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async progress(residentId: string, lessonIds: number[]): Promise<Map<number, ProgressRow>> {
    if (!lessonIds.length) return new Map();
    const rows = (await this.db.query(
      `SELECT ${PROGRESS_COLUMNS} FROM lesson_progress p WHERE p.resident_id = $1 AND p.lesson_id = ANY($2::int[])`,
      [residentId, lessonIds],
    )) as ProgressRow[];
    return new Map(rows.map((r) => [r.lessonId, r]));
  }

  /**
   * Starts a playback: a new playback id replaces any other device's, and the position and time
   * it starts from become the baseline of the next heartbeat. The row stays locked until commit.
   */
  async startPlayback(m: EntityManager, residentId: string, lessonId: number, playbackId: string, position: number, at: Date): Promise<ProgressRow> {
    const rows = (await m.query(
      `INSERT INTO lesson_progress AS p (resident_id, lesson_id, playback_id, last_position, last_heartbeat_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT lesson_progress_pkey DO UPDATE
         SET playback_id = EXCLUDED.playback_id, last_position = EXCLUDED.last_position, last_heartbeat_at = EXCLUDED.last_heartbeat_at
       RETURNING ${PROGRESS_COLUMNS}`,
      [residentId, lessonId, playbackId, position, at],
    )) as ProgressRow[];
    return rows[0];
  }

  /**
   * A heartbeat that moves the progress on by itself, in one statement and without a lock: it reads
   * the resident's progress in the lesson and the day's credited minutes, and moves the progress on
   * (watchedAfterSql) only when the row is still the version it read (no heartbeat, new playback or
   * crediting came in between), the playback is this device's, and the seconds it reaches could not
   * credit the lesson (`creditableFrom`, null: never). `watchedSeconds` is null when nothing was
   * written: the caller then decides under the row lock, or says why this device does not count.
   * Heartbeats of many residents arriving together share the statement (see `together`).
   */
  moveOn(beat: Heartbeat, creditableFrom: number | null, from: Date, to: Date): Promise<HeartbeatView> {
    return this.together({ ...beat, creditableFrom, from, to });
  }

  /**
   * The evening a district's classes close, PostgreSQL is busy and every write transaction costs
   * more: heartbeats arriving within a couple of milliseconds, or while earlier statements are still
   * at the database, go as one. The same playback twice in one statement moves on once; the other
   * heartbeat finds nothing written and goes the locked way.
   *
   * The statement commits without waiting for its WAL to reach the disk (synchronous_commit off for
   * its own transaction, `relaxed`): in that peak the closes' large commits keep the disk busy, and a
   * heartbeat waited behind their flushes. A crash of PostgreSQL can lose the last fraction of a
   * second of progress, which the next heartbeats count again; never a credit, which the locked path
   * commits as every other write does.
   */
  private readonly together = sharedStatements<MovingBeat, HeartbeatView>({
    one: async (beat) => (await this.moveOnMany([beat]))[0],
    many: (beats) => this.moveOnMany(beats),
    maxBatch: MAX_BEATS,
    maxInFlight: MAX_BEATS_IN_FLIGHT,
    windowMs: BEATS_WINDOW_MS,
  });

  private async moveOnMany(beats: readonly MovingBeat[]): Promise<HeartbeatView[]> {
    const column = <K extends keyof MovingBeat>(k: K) => beats.map((b) => b[k]);
    const watchedAfter = watchedAfterSql('b.position', 'b.at', 'b.duration_seconds');
    const rows = (await this.db.query(
      `WITH relaxed AS (
         SELECT set_config('synchronous_commit', 'off', true)
       ), b AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::int[], $5::timestamptz[], $6::int[], $7::int[], $8::timestamptz[], $9::timestamptz[])
           WITH ORDINALITY AS b (resident_id, lesson_id, playback_id, position, at, duration_seconds, creditable_from, day_from, day_to, ord)
       ), seen AS (
         SELECT b.ord, p.xmin AS version, ${PROGRESS_STATE}
           FROM b JOIN lesson_progress p ON p.resident_id = b.resident_id AND p.lesson_id = b.lesson_id
       ), moved AS (
         UPDATE lesson_progress p SET watched_seconds = ${watchedAfter}, last_position = b.position, last_heartbeat_at = b.at
           FROM seen JOIN b ON b.ord = seen.ord
          WHERE p.resident_id = b.resident_id AND p.lesson_id = b.lesson_id AND p.xmin = seen.version AND p.playback_id = b.playback_id
            AND (p.credited_at IS NOT NULL OR b.creditable_from IS NULL OR ${watchedAfter} < b.creditable_from)
         RETURNING b.ord, p.watched_seconds
       )
       SELECT seen.version IS NOT NULL AS "found", seen."playbackId", seen."watchedSeconds", seen."lastPosition", seen."lastHeartbeatAt",
         seen."creditedAt", seen."creditedMinutes", moved.watched_seconds AS "movedTo",
         (SELECT coalesce(sum(d.credited_minutes), 0)::int FROM lesson_progress d
           WHERE d.resident_id = b.resident_id AND d.credited_at >= b.day_from AND d.credited_at < b.day_to) AS "todayMinutes"
       FROM b CROSS JOIN relaxed LEFT JOIN seen ON seen.ord = b.ord LEFT JOIN moved ON moved.ord = b.ord
       ORDER BY b.ord`,
      [column('residentId'), column('lessonId'), column('playbackId'), column('position'), column('at'), column('durationSeconds'),
        column('creditableFrom'), column('from'), column('to')],
    )) as (Omit<ProgressRow, 'lessonId'> & { found: boolean; movedTo: number | null; todayMinutes: number })[];
    return rows.map((r, i) => ({
      progress: !r.found ? null : {
        lessonId: beats[i].lessonId, playbackId: r.playbackId, watchedSeconds: r.watchedSeconds, lastPosition: r.lastPosition,
        lastHeartbeatAt: r.lastHeartbeatAt, creditedAt: r.creditedAt, creditedMinutes: r.creditedMinutes,
      },
      watchedSeconds: r.movedTo,
      todayMinutes: r.todayMinutes,
    }));
  }

  /** The resident's progress in a lesson, locked until commit: heartbeats of one lesson go one at a time. */
  async lockProgress(m: EntityManager, residentId: string, lessonId: number): Promise<ProgressRow | null> {
    const rows = (await m.query(
      `SELECT ${PROGRESS_COLUMNS} FROM lesson_progress p WHERE p.resident_id = $1 AND p.lesson_id = $2 FOR UPDATE`,
      [residentId, lessonId],
    )) as ProgressRow[];
    return rows[0] ?? null;
  }

  /** Moves the progress locked by lockProgress on by a heartbeat (watchedAfterSql); the row as it is now. */
  async advance(m: EntityManager, beat: Heartbeat): Promise<ProgressRow> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected]
    const [rows] = (await m.query(
      `UPDATE lesson_progress p SET watched_seconds = ${watchedAfterSql('$3', '$4', '$5')}, last_position = $3, last_heartbeat_at = $4
       WHERE p.resident_id = $1 AND p.lesson_id = $2
       RETURNING ${PROGRESS_COLUMNS}`,
      [beat.residentId, beat.lessonId, beat.position, beat.at, beat.durationSeconds],
    )) as [ProgressRow[], number];
    return rows[0];
  }

  /**
   * Serialises crediting for one resident until commit, so two lessons finishing at the same
   * moment see each other's minutes under the daily cap.
   */
  async lockResidentCap(m: EntityManager, residentId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [CAP_LOCK_NAMESPACE, residentId]);
  }

  /** Online minutes credited to a resident in [from, to). */
  async minutesCredited(m: EntityManager | null, residentId: string, from: Date, to: Date): Promise<number> {
    const rows = (await (m ?? this.db.manager).query(
      `SELECT coalesce(sum(credited_minutes), 0)::int AS minutes FROM lesson_progress
       WHERE resident_id = $1 AND credited_at >= $2 AND credited_at < $3`,
      [residentId, from, to],
    )) as { minutes: number }[];
    return rows[0].minutes;
  }

  async markCredited(m: EntityManager, residentId: string, lessonId: number, at: Date, minutes: number, learningRecordId: string | null): Promise<void> {
    await m.query(
      `UPDATE lesson_progress SET credited_at = $3, credited_minutes = $4, learning_record_id = $5
       WHERE resident_id = $1 AND lesson_id = $2 AND credited_at IS NULL`,
      [residentId, lessonId, at, minutes, learningRecordId],
    );
  }
}
