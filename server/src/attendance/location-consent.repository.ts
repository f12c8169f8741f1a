import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface LocationConsentRow {
  given: boolean;
  decidedAt: Date;
  privacyTextVersion: string;
}

const COLUMNS = `given, decided_at AS "decidedAt", privacy_text_version AS "privacyTextVersion"`;

/** One row per resident: their answer to "may check-in use your location", and under which privacy text. */
@Injectable()
export class LocationConsentRepository {
  constructor(private readonly db: DataSource) {}

  async find(residentId: string): Promise<LocationConsentRow | null> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM location_consent WHERE resident_id = $1`, [residentId])) as LocationConsentRow[];
    return rows[0] ?? null;
  }

  async save(residentId: string, given: boolean, privacyTextVersion: string, at: Date): Promise<LocationConsentRow> {
    const rows = (await this.db.query(
      `INSERT INTO location_consent (resident_id, given, privacy_text_version, decided_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (resident_id) DO UPDATE SET given = EXCLUDED.given, privacy_text_version = EXCLUDED.privacy_text_version, decided_at = EXCLUDED.decided_at
       RETURNING ${COLUMNS}`,
      [residentId, given, privacyTextVersion, at],
    )) as LocationConsentRow[];
    return rows[0];
  }
}
