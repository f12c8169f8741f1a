import { GuardianRelationship } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface GuardianBindingRow {
  childId: string;
  guardianId: string;
  relationship: GuardianRelationship;
  consentGiven: boolean;
  privacyTextVersion: string;
  decidedAt: Date;
}

const COLUMNS = `child_id AS "childId", guardian_id AS "guardianId", relationship, consent_given AS "consentGiven",
  privacy_text_version AS "privacyTextVersion", decided_at AS "decidedAt"`;

/** Who is whose guardian, and whether their consent to processing the child's data stands. */
@Injectable()
export class GuardianBindingRepository {
  constructor(private readonly db: DataSource) {}

  async insert(m: EntityManager, row: Omit<GuardianBindingRow, 'decidedAt'>, at: Date): Promise<GuardianBindingRow> {
    const rows = (await m.query(
      `INSERT INTO guardian_binding (child_id, guardian_id, relationship, consent_given, privacy_text_version, decided_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${COLUMNS}`,
      [row.childId, row.guardianId, row.relationship, row.consentGiven, row.privacyTextVersion, at],
    )) as GuardianBindingRow[];
    return rows[0];
  }

  async find(guardianId: string, childId: string): Promise<GuardianBindingRow | null> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM guardian_binding WHERE guardian_id = $1 AND child_id = $2 AND handed_over_at IS NULL`, [
      guardianId,
      childId,
    ])) as GuardianBindingRow[];
    return rows[0] ?? null;
  }

  childrenOf(guardianId: string): Promise<GuardianBindingRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM guardian_binding WHERE guardian_id = $1 AND handed_over_at IS NULL ORDER BY created_at, child_id`, [
      guardianId,
    ]) as Promise<GuardianBindingRow[]>;
  }

  guardiansOf(childIds: string[]): Promise<GuardianBindingRow[]> {
    if (childIds.length === 0) return Promise.resolve([]);
    return this.db.query(`SELECT ${COLUMNS} FROM guardian_binding WHERE child_id = ANY($1::uuid[]) AND handed_over_at IS NULL ORDER BY child_id, created_at`, [childIds]) as Promise<
      GuardianBindingRow[]
    >;
  }

  /** Every binding this resident is part of, as the child or as the guardian. */
  bindingsOf(userId: string): Promise<GuardianBindingRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM guardian_binding WHERE child_id = $1 OR guardian_id = $1 ORDER BY created_at, child_id`, [userId]) as Promise<
      GuardianBindingRow[]
    >;
  }

  /** Whether any guardian's consent for this child stands. */
  async consentStands(childId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM guardian_binding WHERE child_id = $1 AND consent_given LIMIT 1`, [childId])) as unknown[];
    return rows.length > 0;
  }

  /** The child's bindings, locked: joins of one child (each with its own code) then go one at a time. */
  lockGuardiansOf(m: EntityManager, childId: string): Promise<GuardianBindingRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM guardian_binding WHERE child_id = $1 AND handed_over_at IS NULL ORDER BY created_at FOR UPDATE`, [childId]) as Promise<
      GuardianBindingRow[]
    >;
  }

  async insertInvitation(m: EntityManager, childId: string, invitedBy: string, codeHash: string, expiresAt: Date): Promise<void> {
    await m.query(`INSERT INTO guardian_invitation (child_id, invited_by, code_hash, expires_at) VALUES ($1, $2, $3, $4)`, [childId, invitedBy, codeHash, expiresAt]);
  }

  /** The invitation with this code, locked, if it is unused and not expired at `now`. */
  async lockUsableInvitation(m: EntityManager, codeHash: string, now: Date): Promise<{ id: string; childId: string; invitedBy: string } | null> {
    const rows = (await m.query(
      `SELECT id, child_id AS "childId", invited_by AS "invitedBy" FROM guardian_invitation
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 FOR UPDATE`,
      [codeHash, now],
    )) as { id: string; childId: string; invitedBy: string }[];
    return rows[0] ?? null;
  }

  async markInvitationUsed(m: EntityManager, id: string, usedBy: string, at: Date): Promise<void> {
    await m.query(`UPDATE guardian_invitation SET used_by = $2, used_at = $3 WHERE id = $1 AND used_at IS NULL`, [id, usedBy, at]);
  }

  async insertHandover(m: EntityManager, childId: string, issuedBy: string, codeHash: string, expiresAt: Date): Promise<void> {
    await m.query(`INSERT INTO account_handover (child_id, issued_by, code_hash, expires_at) VALUES ($1, $2, $3, $4)`, [childId, issuedBy, codeHash, expiresAt]);
  }

  /** The handover with this code, locked and marked used, if it was unused and not expired at `now`. */
  async useHandover(m: EntityManager, codeHash: string, now: Date): Promise<{ childId: string; issuedBy: string } | null> {
    const [rows] = (await m.query(
      `UPDATE account_handover SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING child_id AS "childId", issued_by AS "issuedBy"`,
      [codeHash, now],
    )) as [{ childId: string; issuedBy: string }[], number];
    return rows[0] ?? null;
  }

  /** The child has taken over their account: every guardian's binding ends (kept, for the record). */
  async endBindings(m: EntityManager, childId: string, at: Date): Promise<string[]> {
    const [rows] = (await m.query(`UPDATE guardian_binding SET handed_over_at = $2 WHERE child_id = $1 AND handed_over_at IS NULL RETURNING guardian_id AS "guardianId"`, [
      childId,
      at,
    ])) as [{ guardianId: string }[], number];
    return rows.map((r) => r.guardianId);
  }

  async setConsent(m: EntityManager, guardianId: string, childId: string, given: boolean, privacyTextVersion: string, at: Date): Promise<GuardianBindingRow | null> {
    // TypeORM answers an UPDATE with [rows, affected]
    const [rows] = (await m.query(
      `UPDATE guardian_binding SET consent_given = $3, privacy_text_version = $4, decided_at = $5
        WHERE guardian_id = $1 AND child_id = $2 AND handed_over_at IS NULL RETURNING ${COLUMNS}`,
      [guardianId, childId, given, privacyTextVersion, at],
    )) as [GuardianBindingRow[], number];
    return rows[0] ?? null;
  }
}
