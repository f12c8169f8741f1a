import { CriterionScore, OrganisationKind, OrganisationStatus } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface OrganisationRow {
  id: string;
  areaId: number;
  areaName: string;
  areaLevel: string;
  areaPath: string;
  areaParentId: number | null;
  kind: OrganisationKind;
  name: string;
  contactName: string;
  contactPhoneEnc: string;
  members: string[];
  plan: string;
  status: OrganisationStatus;
  returnReason: string | null;
  registeredBy: string;
  createdAt: Date;
  recognisedOn: string | null;
  lastReviewedOn: string | null;
  lapsedOn: string | null;
}

export interface OrganisationInput {
  areaId: number;
  kind: OrganisationKind;
  name: string;
  contactName: string;
  contactPhoneEnc: string;
  members: string[];
  plan: string;
}

export interface AssessmentRow {
  id: string;
  outcome: 'recognised' | 'returned' | 'reviewed';
  assessorName: string;
  scores: CriterionScore[];
  comment: string;
  createdAt: Date;
}

export interface SubsidyRow {
  id: string;
  amountFen: string;
  grantedOn: string;
  source: string;
  createdAt: Date;
}

export interface ActivityRow {
  offeringId: number;
  title: string;
  startsAt: Date | null;
}

/** An organisation with its area and its latest recognition spell (recognised or lapsed). */
const SELECT = `
  SELECT o.id, o.area_id AS "areaId", a.name AS "areaName", a.level AS "areaLevel", a.path AS "areaPath", a.parent_id AS "areaParentId",
         o.kind, o.name, o.contact_name AS "contactName", o.contact_phone_enc AS "contactPhoneEnc", o.members, o.plan, o.status,
         o.return_reason AS "returnReason", o.registered_by AS "registeredBy", o.created_at AS "createdAt",
         to_char(r.recognised_on, 'YYYY-MM-DD') AS "recognisedOn", to_char(r.last_reviewed_on, 'YYYY-MM-DD') AS "lastReviewedOn",
         to_char(r.ended_on, 'YYYY-MM-DD') AS "lapsedOn"
    FROM learning_org o
    JOIN learning_org_area a ON a.id = o.area_id
    LEFT JOIN LATERAL (
      SELECT recognised_on, last_reviewed_on, ended_on FROM learning_org_recognition
       WHERE organisation_id = o.id ORDER BY recognised_on DESC, id DESC LIMIT 1
    ) r ON o.status IN ('recognised', 'lapsed')`;

/**
 * The registry's tables. The yearly review's due date is the district's (month, day) in the year
 * after the last review; the lapse is one statement, so a second run finds nothing left to end.
 */
@Injectable()
export class LearningOrganisationsRepository {
  async find(m: EntityManager, id: string, lock = false): Promise<OrganisationRow | null> {
    if (lock) await m.query(`SELECT id FROM learning_org WHERE id = $1 FOR UPDATE`, [id]);
    const rows = (await m.query(`${SELECT} WHERE o.id = $1`, [id])) as OrganisationRow[];
    return rows[0] ?? null;
  }

  /** Organisations of a subtree, by status when given, those waiting for assessment first. */
  inSubtree(m: EntityManager, path: string, status: OrganisationStatus | undefined, kind: OrganisationKind | undefined): Promise<OrganisationRow[]> {
    return m.query(
      `${SELECT}
        WHERE a.path LIKE $1 || '%' AND ($2::text IS NULL OR o.status = $2) AND ($3::text IS NULL OR o.kind = $3)
        ORDER BY (o.status = 'applied') DESC, o.created_at DESC, o.id DESC
        LIMIT 500`,
      [path, status ?? null, kind ?? null],
    ) as Promise<OrganisationRow[]>;
  }

  registeredBy(m: EntityManager, userId: string): Promise<OrganisationRow[]> {
    return m.query(`${SELECT} WHERE o.registered_by = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT 100`, [userId]) as Promise<OrganisationRow[]>;
  }

  async insert(m: EntityManager, input: OrganisationInput, registeredBy: string): Promise<string> {
    const rows = (await m.query(
      `INSERT INTO learning_org (area_id, kind, name, contact_name, contact_phone_enc, members, plan, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) RETURNING id`,
      [input.areaId, input.kind, input.name, input.contactName, input.contactPhoneEnc, JSON.stringify(input.members), input.plan, registeredBy],
    )) as { id: string }[];
    return rows[0].id;
  }

  /** A returned (or lapsed) organisation sent again with its corrected details: waiting for assessment once more. */
  async resubmit(m: EntityManager, id: string, input: Omit<OrganisationInput, 'areaId' | 'kind'>): Promise<void> {
    await m.query(
      `UPDATE learning_org SET name = $2, contact_name = $3, contact_phone_enc = $4, members = $5::jsonb, plan = $6,
              status = 'applied', return_reason = NULL, updated_at = now()
        WHERE id = $1`,
      [id, input.name, input.contactName, input.contactPhoneEnc, JSON.stringify(input.members), input.plan],
    );
  }

  async setStatus(m: EntityManager, id: string, status: OrganisationStatus, returnReason: string | null): Promise<void> {
    await m.query(`UPDATE learning_org SET status = $2, return_reason = $3, updated_at = now() WHERE id = $1`, [id, status, returnReason]);
  }

  async openRecognition(m: EntityManager, id: string, day: string): Promise<void> {
    await m.query(`INSERT INTO learning_org_recognition (organisation_id, recognised_on, last_reviewed_on) VALUES ($1, $2, $2)`, [id, day]);
  }

  async markReviewed(m: EntityManager, id: string, day: string): Promise<void> {
    await m.query(`UPDATE learning_org_recognition SET last_reviewed_on = GREATEST(last_reviewed_on, $2::date) WHERE organisation_id = $1 AND ended_on IS NULL`, [id, day]);
  }

  async addAssessment(m: EntityManager, id: string, assessorId: string, outcome: AssessmentRow['outcome'], scores: CriterionScore[], comment: string): Promise<void> {
    await m.query(
      `INSERT INTO learning_org_assessment (organisation_id, assessor_id, outcome, scores, comment) VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [id, assessorId, outcome, JSON.stringify(scores), comment],
    );
  }

  assessments(m: EntityManager, id: string): Promise<AssessmentRow[]> {
    return m.query(
      `SELECT s.id, s.outcome, COALESCE(u.display_name, '管理员') AS "assessorName", s.scores, s.comment, s.created_at AS "createdAt"
         FROM learning_org_assessment s LEFT JOIN learning_org_staff u ON u.id = s.assessor_id
        WHERE s.organisation_id = $1 ORDER BY s.created_at DESC, s.id DESC`,
      [id],
    ) as Promise<AssessmentRow[]>;
  }

  /** The district's criteria for a kind, in order; empty while it has saved none. */
  criteria(m: EntityManager, districtId: number, kind: OrganisationKind): Promise<{ id: number; title: string; maxScore: number }[]> {
    return m.query(
      `SELECT id, title, max_score AS "maxScore" FROM learning_org_criterion WHERE district_id = $1 AND kind = $2 ORDER BY position`,
      [districtId, kind],
    ) as Promise<{ id: number; title: string; maxScore: number }[]>;
  }

  /** Replaces a kind's criteria; assessments keep their own copy of what they were scored against. */
  async replaceCriteria(m: EntityManager, districtId: number, kind: OrganisationKind, criteria: { title: string; maxScore: number }[]): Promise<void> {
    await m.query(`DELETE FROM learning_org_criterion WHERE district_id = $1 AND kind = $2`, [districtId, kind]);
    await m.query(
      `INSERT INTO learning_org_criterion (district_id, kind, position, title, max_score)
       SELECT $1, $2, c.ord - 1, c.title, c.max_score FROM unnest($3::text[], $4::int[]) WITH ORDINALITY AS c(title, max_score, ord)`,
      [districtId, kind, criteria.map((c) => c.title), criteria.map((c) => c.maxScore)],
    );
  }

  async settings(m: EntityManager, districtId: number): Promise<{ reviewMonth: number; reviewDay: number } | null> {
    const rows = (await m.query(`SELECT review_month AS "reviewMonth", review_day AS "reviewDay" FROM learning_org_setting WHERE district_id = $1`, [districtId])) as {
      reviewMonth: number;
      reviewDay: number;
    }[];
    return rows[0] ?? null;
  }

  async saveSettings(m: EntityManager, districtId: number, month: number, day: number, by: string): Promise<void> {
    await m.query(
      `INSERT INTO learning_org_setting (district_id, review_month, review_day, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (district_id) DO UPDATE SET review_month = $2, review_day = $3, updated_by = $4, updated_at = now()`,
      [districtId, month, day, by],
    );
  }

  /**
   * Ends every recognition whose yearly review is overdue on `today`: due on the district's date
   * in the year after the last review (the default date where a district has set none), ended the
   * day after. Returns the organisations that lapsed; a second run the same day returns none.
   */
  async lapseOverdue(m: EntityManager, today: string, defaultMonth: number, defaultDay: number): Promise<{ id: string; areaId: number }[]> {
    const ended = (await m.query(
      `WITH due AS (
         SELECT r.id, r.organisation_id,
                make_date(extract(year FROM r.last_reviewed_on)::int + 1, COALESCE(s.review_month, $2), COALESCE(s.review_day, $3)) AS due_on
           FROM learning_org_recognition r
           JOIN learning_org o ON o.id = r.organisation_id
           JOIN learning_org_area a ON a.id = o.area_id
           LEFT JOIN learning_org_area d ON d.parent_id IS NULL AND a.path LIKE d.path || '%'
           LEFT JOIN learning_org_setting s ON s.district_id = d.id
          WHERE r.ended_on IS NULL
       )
       UPDATE learning_org_recognition r SET ended_on = due.due_on + 1
         FROM due WHERE r.id = due.id AND due.due_on < $1::date
       RETURNING r.organisation_id AS id`,
      [today, defaultMonth, defaultDay],
    )) as [{ id: string }[], number];
    const ids = ended[0].map((r) => r.id);
    if (!ids.length) return [];
    return m.query(
      `UPDATE learning_org SET status = 'lapsed', updated_at = now() WHERE id = ANY ($1::bigint[]) AND status = 'recognised' RETURNING id, area_id AS "areaId"`,
      [ids],
    ).then((r: [{ id: string; areaId: number }[], number]) => r[0]);
  }

  /** The day the open recognition's review is due, for display. */
  async reviewDue(m: EntityManager, id: string, month: number, day: number): Promise<string | null> {
    const rows = (await m.query(
      `SELECT to_char(make_date(extract(year FROM last_reviewed_on)::int + 1, $2, $3), 'YYYY-MM-DD') AS due
         FROM learning_org_recognition WHERE organisation_id = $1 AND ended_on IS NULL`,
      [id, month, day],
    )) as { due: string }[];
    return rows[0]?.due ?? null;
  }

  async addSubsidy(m: EntityManager, id: string, amountFen: number, grantedOn: string, source: string, by: string): Promise<void> {
    await m.query(
      `INSERT INTO learning_org_subsidy (organisation_id, amount_fen, granted_on, source, recorded_by) VALUES ($1, $2, $3, $4, $5)`,
      [id, amountFen, grantedOn, source, by],
    );
  }

  subsidies(m: EntityManager, id: string): Promise<SubsidyRow[]> {
    return m.query(
      `SELECT id, amount_fen AS "amountFen", to_char(granted_on, 'YYYY-MM-DD') AS "grantedOn", source, created_at AS "createdAt"
         FROM learning_org_subsidy WHERE organisation_id = $1 ORDER BY granted_on DESC, id DESC`,
      [id],
    ) as Promise<SubsidyRow[]>;
  }

  /** An offering with the path of its area, or null. */
  async offering(m: EntityManager, offeringId: number): Promise<{ id: number; title: string; areaPath: string } | null> {
    const rows = (await m.query(`SELECT id, title, area_path AS "areaPath" FROM learning_org_offering WHERE id = $1`, [offeringId])) as {
      id: number;
      title: string;
      areaPath: string;
    }[];
    return rows[0] ?? null;
  }

  /** Links an offering; false when it was linked already. */
  async linkActivity(m: EntityManager, id: string, offeringId: number, by: string): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO learning_org_activity (organisation_id, offering_id, linked_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING offering_id`,
      [id, offeringId, by],
    )) as unknown[];
    return rows.length > 0;
  }

  async unlinkActivity(m: EntityManager, id: string, offeringId: number): Promise<boolean> {
    const [, count] = (await m.query(`DELETE FROM learning_org_activity WHERE organisation_id = $1 AND offering_id = $2`, [id, offeringId])) as [unknown, number];
    return count > 0;
  }

  activities(m: EntityManager, id: string): Promise<ActivityRow[]> {
    return m.query(
      `SELECT f.id AS "offeringId", f.title, f.starts_at AS "startsAt"
         FROM learning_org_activity l JOIN learning_org_offering f ON f.id = l.offering_id
        WHERE l.organisation_id = $1 ORDER BY f.starts_at DESC NULLS LAST, f.id DESC`,
      [id],
    ) as Promise<ActivityRow[]>;
  }
}
