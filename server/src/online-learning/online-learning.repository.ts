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

const PROGRESS_COLUMNS = `p.lesson_id AS "lessonId", p.playback_id AS "playbackId", p.watched_seconds AS "watchedSeconds",
  p.last_position AS "lastPosition", p.last_heartbeat_at AS "lastHeartbeatAt", p.credited_at AS "creditedAt",
  p.credited_minutes AS "creditedMinutes"`;

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
