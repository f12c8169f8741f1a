import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The most rows of one kind a copy carries; a resident reaches it only after decades of weekly classes. */
export const COPY_ROW_LIMIT = 20_000;

export interface CopyEnrollmentRow { offeringId: number; title: string; status: string; createdAt: Date }
export interface CopyAttendanceRow {
  sessionId: number; title: string; venueName: string | null; venueAddress: string | null; startsAt: Date; checkedInAt: Date;
  checkedOutAt: Date | null; method: string; creditedMinutes: number | null;
  /** In clear only in rows from before places were sealed, until the job seals them. */
  latitude: number | null; longitude: number | null; accuracy: number | null; placeSealed: string | null;
}
export interface CopyRecordRow { id: string; source: string; category: string; title: string; minutes: number; occurredAt: Date; creditsMilli: string }
export interface CopyEntryRow { transferId: string; kind: string; category: string; amountMilli: string; balanceAfter: string; memo: string; createdAt: Date }

/** One read per kind of data, through the `data_copy_*` read models, each keyed by the resident. */
@Injectable()
export class DataExportRepository {
  constructor(private readonly db: DataSource) {}

  enrollments(residentId: string): Promise<CopyEnrollmentRow[]> {
    return this.db.query(
      `SELECT offering_id AS "offeringId", title, status, created_at AS "createdAt" FROM data_copy_enrollment WHERE resident_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [residentId, COPY_ROW_LIMIT],
    );
  }

  attendance(residentId: string): Promise<CopyAttendanceRow[]> {
    return this.db.query(
      `SELECT session_id AS "sessionId", title, venue_name AS "venueName", venue_address AS "venueAddress", starts_at AS "startsAt",
              checked_in_at AS "checkedInAt", checked_out_at AS "checkedOutAt", method, credited_minutes AS "creditedMinutes", latitude, longitude,
              accuracy_m AS accuracy, place_sealed AS "placeSealed"
         FROM data_copy_attendance WHERE resident_id = $1 ORDER BY checked_in_at DESC LIMIT $2`,
      [residentId, COPY_ROW_LIMIT],
    );
  }

  learningRecords(residentId: string): Promise<CopyRecordRow[]> {
    return this.db.query(
      `SELECT id::text AS id, source, category, title, minutes, occurred_at AS "occurredAt", credits_milli::text AS "creditsMilli"
         FROM data_copy_learning_record WHERE resident_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2`,
      [residentId, COPY_ROW_LIMIT],
    );
  }

  ledgerEntries(residentId: string): Promise<CopyEntryRow[]> {
    return this.db.query(
      `SELECT transfer_id::text AS "transferId", kind, category, amount_milli::text AS "amountMilli", balance_after::text AS "balanceAfter", memo, created_at AS "createdAt"
         FROM data_copy_ledger_entry WHERE resident_id = $1 ORDER BY id DESC LIMIT $2`,
      [residentId, COPY_ROW_LIMIT],
    );
  }
}
