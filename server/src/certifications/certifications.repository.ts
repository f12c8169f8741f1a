import { AchievementKind, CertificationStatus, CertificationView, Category } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { CLOSED_NAME, ResidentCrypto } from '../resident-keys/resident-crypto';
import { EntityManager } from 'typeorm';

interface Row {
  id: string;
  resident_id: string;
  area_id: number;
  rule_set_id: number;
  achievement_code: string;
  kind: AchievementKind;
  name: string;
  level: string;
  category: Category;
  credits_milli: number;
  certificate_no: string;
  issuer: string;
  issued_on: string;
  status: CertificationStatus;
  reject_reason: string | null;
  created_at: Date;
  reviewed_at: Date | null;
  granted: string | null;
  resident_name: string;
  area_name: string;
  evidence_upload_id: string;
}

export interface CertificationRow {
  id: string;
  residentId: string;
  areaId: number;
  ruleSetId: number;
  status: CertificationStatus;
  issuedOn: string;
  view: CertificationView;
}

/** A request with its achievement, the resident's name, its area and what its grant gave (the view certification_detail, migration ReadModels). */
const SELECT = `
  SELECT c.id, c.resident_id, c.area_id, c.rule_set_id, c.achievement_code, c.kind, c.name, c.level, c.category, c.credits_milli,
         c.certificate_no, c.issuer, c.issued_on, c.status, c.reject_reason,
         c.created_at, c.reviewed_at, c.evidence_upload_id, c.granted, c.resident_name, c.area_name
  FROM certification_detail c`;

function toRow(r: Row, forReviewer: boolean): CertificationRow {
  const view: CertificationView = {
    id: r.id,
    achievement: { code: r.achievement_code, kind: r.kind, name: r.name, level: r.level, category: r.category, creditsMilli: r.credits_milli },
    certificateNo: r.certificate_no,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    status: r.status,
    rejectReason: r.reject_reason,
    creditsMilli: r.granted === null ? 0 : Number(r.granted),
    submittedAt: r.created_at.toISOString(),
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
  };
  if (forReviewer) {
    view.residentName = r.resident_name;
    view.areaName = r.area_name;
    view.evidenceUploadId = r.evidence_upload_id;
  }
  return { id: r.id, residentId: r.resident_id, areaId: r.area_id, ruleSetId: r.rule_set_id, status: r.status, issuedOn: r.issued_on, view };
}

@Injectable()
export class CertificationsRepository {
  constructor(private readonly residentCrypto: ResidentCrypto) {}

  /** The resident's name is sealed under their data key: opened for the reviewer (null once the account was closed). */
  private async withNames(rows: Row[]): Promise<Row[]> {
    return (await this.residentCrypto.openRows(rows, (r) => r.resident_id, 'resident_name')).map((r) => ({ ...r, resident_name: r.resident_name ?? CLOSED_NAME }));
  }
  async insert(
    m: EntityManager,
    v: { residentId: string; areaId: number; ruleSetId: number; achievementCode: string; certificateNo: string; certificateKey: string; issuer: string; issuedOn: string; evidenceUploadId: string },
  ): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO credit_certification (resident_id, area_id, rule_set_id, achievement_code, certificate_no, certificate_key, issuer, issued_on, evidence_upload_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [v.residentId, v.areaId, v.ruleSetId, v.achievementCode, v.certificateNo, v.certificateKey, v.issuer, v.issuedOn, v.evidenceUploadId],
    )) as { id: string }[];
    return row.id;
  }

  async find(m: EntityManager, id: string, forReviewer = false, lock = false): Promise<CertificationRow | null> {
    if (lock) await m.query(`SELECT id FROM credit_certification WHERE id = $1 FOR UPDATE`, [id]);
    const rows = (await m.query(`${SELECT} WHERE c.id = $1`, [id])) as Row[];
    return rows[0] ? toRow(forReviewer ? (await this.withNames(rows))[0] : rows[0], forReviewer) : null;
  }

  async ofResident(m: EntityManager, residentId: string): Promise<CertificationView[]> {
    const rows = (await m.query(`${SELECT} WHERE c.resident_id = $1 ORDER BY c.created_at DESC LIMIT 100`, [residentId])) as Row[];
    return rows.map((r) => toRow(r, false).view);
  }

  /** Requests in a subtree, oldest pending first. */
  async inArea(m: EntityManager, areaPath: string, status: CertificationStatus | undefined): Promise<CertificationView[]> {
    const rows = (await m.query(
      `${SELECT} WHERE c.area_path LIKE $1 || '%' AND ($2::certification_status IS NULL OR c.status = $2)
       ORDER BY (c.status = 'pending') DESC, c.created_at LIMIT 200`,
      [areaPath, status ?? null],
    )) as Row[];
    return (await this.withNames(rows)).map((r) => toRow(r, true).view);
  }

  async approve(m: EntityManager, id: string, reviewerId: string, learningRecordId: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE credit_certification SET status = 'approved', reviewed_by = $2, reviewed_at = $4, learning_record_id = $3 WHERE id = $1 AND status = 'pending'`,
      [id, reviewerId, learningRecordId, at],
    );
  }

  async reject(m: EntityManager, id: string, reviewerId: string, reason: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE credit_certification SET status = 'rejected', reviewed_by = $2, reviewed_at = $4, reject_reason = $3 WHERE id = $1 AND status = 'pending'`,
      [id, reviewerId, reason, at],
    );
  }

  /** The resident's community, the district above it and the resident's name. */
  async residentHome(m: EntityManager, residentId: string): Promise<{ communityId: number; districtId: number } | null> {
    const rows = (await m.query(
      `SELECT community_id, district_id FROM certification_resident_home WHERE resident_id = $1`,
      [residentId],
    )) as { community_id: number; district_id: number }[];
    return rows[0] ? { communityId: rows[0].community_id, districtId: rows[0].district_id } : null;
  }

  /** The areas of the requests a file is the evidence of: their administrators may read it. */
  async evidenceAreas(m: EntityManager, uploadId: string): Promise<number[]> {
    const rows = (await m.query(`SELECT area_id AS "areaId" FROM credit_certification WHERE evidence_upload_id = $1`, [uploadId])) as {
      areaId: number;
    }[];
    return rows.map((r) => r.areaId);
  }
}
