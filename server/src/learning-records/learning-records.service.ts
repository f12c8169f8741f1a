import { Category } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface AttendanceOutcome {
  attendanceId: string;
  residentId: string;
  offeringId: number;
  category: Category;
  minutes: number;
  occurredAt: Date;
}

/**
 * The door into the credit bank: every learning outcome becomes one immutable learning record,
 * written in the transaction of what caused it. Handing the same outcome over twice is harmless:
 * (source, source_ref) is unique and a repeat is ignored.
 */
@Injectable()
export class LearningRecordsService {
  /** Records attended sessions; each counts in the community the resident lives in now. Returns how many were new. */
  async recordAttendance(manager: EntityManager, outcomes: AttendanceOutcome[]): Promise<number> {
    const worth = outcomes.filter((o) => o.minutes > 0);
    if (!worth.length) return 0;
    const rows = (await manager.query(
      `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, offering_id)
       SELECT o.resident_id, 'attendance', 'attendance:' || o.attendance_id, o.category::offering_category, o.minutes,
              o.occurred_at, p.community_id, o.offering_id
       FROM jsonb_to_recordset($1::jsonb) AS o(attendance_id text, resident_id uuid, category text, minutes int,
                                              occurred_at timestamptz, offering_id int)
       JOIN resident_profile p ON p.user_id = o.resident_id
       ON CONFLICT ON CONSTRAINT learning_record_source_once DO NOTHING
       RETURNING id`,
      [
        JSON.stringify(
          worth.map((o) => ({
            attendance_id: o.attendanceId,
            resident_id: o.residentId,
            category: o.category,
            minutes: o.minutes,
            occurred_at: o.occurredAt.toISOString(),
            offering_id: o.offeringId,
          })),
        ),
      ],
    )) as { id: string }[];
    return rows.length;
  }
}
