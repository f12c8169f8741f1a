import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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

/** What a heartbeat reads of the resident's own, in one round trip and without a lock. */
export interface HeartbeatView {
  progress: ProgressRow | null;
  /** The progress row's version (PostgreSQL's xmin): the write that follows applies only if it is unchanged. */
  version: string | null;
  /** Online minutes credited to the resident in the day [from, to). */
  todayMinutes: number;
}

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

  /** The resident's progress in a lesson (null before their first playback) and the day's credited minutes, in one round trip. */
  async heartbeatView(residentId: string, lessonId: number, from: Date, to: Date): Promise<HeartbeatView> {
    const [r] = (await this.db.query(
      `SELECT p.xmin::text AS "version", ${PROGRESS_STATE},
         (SELECT coalesce(sum(d.credited_minutes), 0)::int FROM lesson_progress d
           WHERE d.resident_id = $1 AND d.credited_at >= $3 AND d.credited_at < $4) AS "todayMinutes"
       FROM (SELECT 1) one
       LEFT JOIN lesson_progress p ON p.resident_id = $1 AND p.lesson_id = $2`,
      [residentId, lessonId, from, to],
    )) as (Omit<ProgressRow, 'lessonId'> & { version: string | null; todayMinutes: number })[];
    const progress: ProgressRow | null = r.version === null ? null : {
      lessonId, playbackId: r.playbackId, watchedSeconds: r.watchedSeconds, lastPosition: r.lastPosition,
      lastHeartbeatAt: r.lastHeartbeatAt, creditedAt: r.creditedAt, creditedMinutes: r.creditedMinutes,
    };
    return { progress, version: r.version, todayMinutes: r.todayMinutes };
  }

  /**
   * Moves the progress on if the row is still the version that was read (no heartbeat, new playback
   * or crediting came in between); false when it was not, and nothing was written.
   */
  async advanceIfUnchanged(residentId: string, lessonId: number, version: string, watchedSeconds: number, position: number, at: Date): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected]
    const [, affected] = (await this.db.query(
      `UPDATE lesson_progress SET watched_seconds = $4, last_position = $5, last_heartbeat_at = $6
       WHERE resident_id = $1 AND lesson_id = $2 AND xmin = $3::xid`,
      [residentId, lessonId, version, watchedSeconds, position, at],
    )) as [unknown[], number];
    return affected === 1;
  }

  /** The resident's progress in a lesson, locked until commit: heartbeats of one lesson go one at a time. */
  async lockProgress(m: EntityManager, residentId: string, lessonId: number): Promise<ProgressRow | null> {
    const rows = (await m.query(
      `SELECT ${PROGRESS_COLUMNS} FROM lesson_progress p WHERE p.resident_id = $1 AND p.lesson_id = $2 FOR UPDATE`,
      [residentId, lessonId],
    )) as ProgressRow[];
    return rows[0] ?? null;
  }

  async advance(m: EntityManager, residentId: string, lessonId: number, watchedSeconds: number, position: number, at: Date): Promise<void> {
    await m.query(
      `UPDATE lesson_progress SET watched_seconds = $3, last_position = $4, last_heartbeat_at = $5
       WHERE resident_id = $1 AND lesson_id = $2`,
      [residentId, lessonId, watchedSeconds, position, at],
    );
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
