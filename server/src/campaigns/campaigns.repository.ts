import { CampaignActivity, CampaignDateRule, CampaignFigures, CampaignKind, CampaignListItem, CampaignStatus } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What an admin writes about a campaign: its name, words and days. */
export type CampaignInput = Pick<CampaignListItem, 'title' | 'year' | 'startsOn' | 'endsOn' | 'followsRule'> & { description: string };

export interface CampaignRow extends Omit<CampaignListItem, 'area'>, CampaignInput {
  areaId: number;
  areaName: string;
  areaLevel: string;
  areaPath: string;
}

export interface CampaignOfferingRow {
  id: number;
  title: string;
  status: string;
  areaId: number;
  areaPath: string;
  schoolId: number;
}

const SELECT = `
  SELECT c.id, c.area_id AS "areaId", a.name AS "areaName", a.level::text AS "areaLevel", a.path AS "areaPath",
         c.kind, c.title, c.description, c.year, to_char(c.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(c.ends_on, 'YYYY-MM-DD') AS "endsOn",
         c.follows_rule AS "followsRule", c.status,
         (SELECT count(*)::int FROM campaign_activity ca WHERE ca.campaign_id = c.id) AS "activityCount"
    FROM campaign c JOIN campaign_area a ON a.id = c.area_id`;

/** A campaign's days as Shanghai instants: from 00:00 of its first day up to 00:00 after its last. */
const FROM = `(c.starts_on::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const UNTIL = `((c.ends_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/** Campaigns, their activities and the district's 开放日 rule. Figures are one aggregate each over the campaign's dates. */
@Injectable()
export class CampaignsRepository {
  async find(m: EntityManager, id: number, lock = false): Promise<CampaignRow | null> {
    if (lock) await m.query(`SELECT id FROM campaign WHERE id = $1 FOR UPDATE`, [id]);
    const rows = (await m.query(`${SELECT} WHERE c.id = $1`, [id])) as CampaignRow[];
    return rows[0] ?? null;
  }

  /** Campaigns of a subtree and of the nodes above it (a street admin sees the district's too). */
  related(m: EntityManager, path: string, year: number | undefined): Promise<CampaignRow[]> {
    return m.query(
      `${SELECT}
        WHERE (a.path LIKE $1 || '%' OR $1 LIKE a.path || '%') AND ($2::int IS NULL OR c.year = $2)
        ORDER BY c.starts_on DESC, c.id DESC LIMIT 300`,
      [path, year ?? null],
    ) as Promise<CampaignRow[]>;
  }

  /**
   * Published campaigns not yet over on `today`: all of them without a node, else those of the
   * node and the nodes above it, and with `below` those of the nodes under it too.
   */
  published(m: EntityManager, path: string | null, today: string, below: boolean): Promise<CampaignRow[]> {
    return m.query(
      `${SELECT}
        WHERE c.status = 'published' AND c.ends_on >= $2::date
          AND ($1::text IS NULL OR $1 LIKE a.path || '%' OR ($3 AND a.path LIKE $1 || '%'))
        ORDER BY c.starts_on, c.id LIMIT 100`,
      [path, today, below],
    ) as Promise<CampaignRow[]>;
  }

  async insert(m: EntityManager, areaId: number, kind: CampaignKind, input: CampaignInput, createdBy: string): Promise<number> {
    const rows = (await m.query(
      `INSERT INTO campaign (area_id, kind, title, description, year, starts_on, ends_on, follows_rule, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [areaId, kind, input.title, input.description, input.year, input.startsOn, input.endsOn, input.followsRule, createdBy],
    )) as { id: number }[];
    return rows[0].id;
  }

  async update(m: EntityManager, id: number, input: CampaignInput): Promise<void> {
    await m.query(
      `UPDATE campaign SET title = $2, description = $3, year = $4, starts_on = $5, ends_on = $6, follows_rule = $7, updated_at = now() WHERE id = $1`,
      [id, input.title, input.description, input.year, input.startsOn, input.endsOn, input.followsRule],
    );
  }

  async setStatus(m: EntityManager, id: number, status: CampaignStatus): Promise<void> {
    await m.query(`UPDATE campaign SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
  }

  /** Moves the campaigns of a district's year that follow the rule to its day; their ids. */
  async followRule(m: EntityManager, districtPath: string, year: number, day: string): Promise<number[]> {
    const rows = (await m.query(
      `UPDATE campaign c SET starts_on = $3, ends_on = $3, updated_at = now()
         FROM campaign_area a
        WHERE a.id = c.area_id AND a.path LIKE $1 || '%' AND c.follows_rule AND c.year = $2 AND c.starts_on <> $3::date
        RETURNING c.id`,
      [districtPath, year, day],
    )) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** Years in which a district has campaigns following the rule. */
  async yearsFollowingRule(m: EntityManager, districtPath: string): Promise<number[]> {
    const rows = (await m.query(
      `SELECT DISTINCT c.year FROM campaign c JOIN campaign_area a ON a.id = c.area_id WHERE a.path LIKE $1 || '%' AND c.follows_rule ORDER BY 1`,
      [districtPath],
    )) as { year: number }[];
    return rows.map((r) => r.year);
  }

  async offering(m: EntityManager, id: number): Promise<CampaignOfferingRow | null> {
    const rows = (await m.query(
      `SELECT id, title, status, area_id AS "areaId", area_path AS "areaPath", school_id AS "schoolId" FROM campaign_offering WHERE id = $1`,
      [id],
    )) as CampaignOfferingRow[];
    return rows[0] ?? null;
  }

  /** Adds an activity; false when it was there already. */
  async addActivity(m: EntityManager, campaignId: number, offeringId: number, addedBy: string): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO campaign_activity (campaign_id, offering_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING offering_id`,
      [campaignId, offeringId, addedBy],
    )) as unknown[];
    return rows.length > 0;
  }

  async removeActivity(m: EntityManager, campaignId: number, offeringId: number): Promise<boolean> {
    const [, count] = (await m.query(`DELETE FROM campaign_activity WHERE campaign_id = $1 AND offering_id = $2`, [campaignId, offeringId])) as [unknown, number];
    return count > 0;
  }

  activities(m: EntityManager, campaignId: number): Promise<CampaignActivity[]> {
    return m.query(
      `SELECT o.id AS "offeringId", o.title, o.area_name AS "areaName", o.school_name AS "schoolName",
              o.starts_at AS "startsAt", o.ends_at AS "endsAt", o.cover_url AS "coverUrl"
         FROM campaign_activity ca JOIN campaign_offering o ON o.id = ca.offering_id
        WHERE ca.campaign_id = $1
        ORDER BY o.starts_at NULLS LAST, o.id`,
      [campaignId],
    ) as Promise<CampaignActivity[]>;
  }

  /** Campaign ids an offering has joined. */
  async joinedBy(m: EntityManager, offeringId: number): Promise<number[]> {
    const rows = (await m.query(`SELECT campaign_id AS id FROM campaign_activity WHERE offering_id = $1`, [offeringId])) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /**
   * What the campaign's activities added up to over its days: sessions held (closed, not
   * cancelled, started within the days), distinct residents who attended them, and the minutes
   * of learning records of those activities that fall within the days (voids subtract).
   */
  async figures(m: EntityManager, campaignId: number): Promise<CampaignFigures> {
    const rows = (await m.query(
      `WITH c AS (SELECT id, starts_on, ends_on FROM campaign WHERE id = $1),
            acts AS (SELECT offering_id FROM campaign_activity WHERE campaign_id = $1),
            held AS (
              SELECT s.id FROM campaign_session s, c
               WHERE s.offering_id IN (SELECT offering_id FROM acts) AND s.closed_at IS NOT NULL AND s.cancelled_at IS NULL
                 AND s.starts_at >= ${FROM} AND s.starts_at < ${UNTIL})
       SELECT (SELECT count(*)::int FROM acts) AS activities,
              (SELECT count(*)::int FROM held) AS "sessionsHeld",
              (SELECT count(DISTINCT resident_id)::int FROM campaign_attendance WHERE session_id IN (SELECT id FROM held)) AS participants,
              (SELECT coalesce(sum(l.minutes), 0)::int FROM campaign_learning l, c
                WHERE l.offering_id IN (SELECT offering_id FROM acts)
                  AND l.occurred_at >= ${FROM} AND l.occurred_at < ${UNTIL}) AS minutes`,
      [campaignId],
    )) as CampaignFigures[];
    return rows[0];
  }

  async rule(m: EntityManager, districtId: number): Promise<CampaignDateRule | null> {
    const rows = (await m.query(`SELECT kind, month, n, weekday FROM campaign_rule WHERE district_id = $1`, [districtId])) as CampaignDateRule[];
    return rows[0] ?? null;
  }

  async saveRule(m: EntityManager, districtId: number, rule: CampaignDateRule, by: string): Promise<void> {
    await m.query(
      `INSERT INTO campaign_rule (district_id, kind, month, n, weekday, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (district_id) DO UPDATE SET kind = $2, month = $3, n = $4, weekday = $5, updated_by = $6, updated_at = now()`,
      [districtId, rule.kind, rule.month, rule.n, rule.weekday, by],
    );
  }

  async overrides(m: EntityManager, districtId: number): Promise<Map<number, string>> {
    const rows = (await m.query(
      `SELECT year, to_char(day, 'YYYY-MM-DD') AS day FROM campaign_rule_year WHERE district_id = $1`,
      [districtId],
    )) as { year: number; day: string }[];
    return new Map(rows.map((r) => [r.year, r.day]));
  }

  async setOverride(m: EntityManager, districtId: number, year: number, day: string | null, by: string): Promise<void> {
    if (day === null) {
      await m.query(`DELETE FROM campaign_rule_year WHERE district_id = $1 AND year = $2`, [districtId, year]);
      return;
    }
    await m.query(
      `INSERT INTO campaign_rule_year (district_id, year, day, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (district_id, year) DO UPDATE SET day = $3, updated_by = $4, updated_at = now()`,
      [districtId, year, day, by],
    );
  }
}
