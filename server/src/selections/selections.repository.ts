import { NominationStatus, NominatorKind, NomineeConsent, SelectionKind, SelectionRules, SelectionStatus, SelectionView } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CLOSED_NAME, ResidentCrypto } from '../resident-keys/resident-crypto';

interface SelectionRow {
  id: number;
  area_id: number;
  area_name: string;
  area_path: string;
  district_id: number;
  kind: SelectionKind;
  title: string;
  year: number;
  quota: number;
  nominate_from: string;
  nominate_until: string;
  notice_start: string;
  notice_end: string;
  status: SelectionStatus;
  selected: number;
  finalised_at: Date | null;
}

export interface SelectionRecord {
  id: number;
  areaId: number;
  areaPath: string;
  districtId: number;
  view: SelectionView;
}

export interface NominationRecord {
  id: number;
  selectionId: number;
  selectionTitle: string;
  kind: SelectionKind;
  areaId: number;
  nomineeId: string | null;
  nomineeName: string;
  optedOut: boolean;
  communityId: number;
  communityName: string;
  nominatedBy: string;
  nominatorKind: NominatorKind;
  story: string;
  photoUploadIds: string[];
  consent: NomineeConsent;
  status: NominationStatus;
  rejectReason: string | null;
  createdAt: Date;
  year: number;
}

export interface ResidentFacts {
  userId: string;
  realName: string;
  birthDate: string;
  communityId: number;
  communityName: string;
  communityPath: string;
  optedOut: boolean;
}

export interface ObjectionRecord {
  id: number;
  selectionId: number;
  nominationId: number;
  nomineeName: string;
  /** A resident (their name is masked wherever it is called maskedName), not a 品牌项目. */
  isPerson: boolean;
  contactEnc: string;
  reason: string;
  createdAt: Date;
  answer: string | null;
  upheld: boolean | null;
  answeredAt: Date | null;
}

/** A selected nomination that may be shown in public: consented, and the nominee not opted out of rankings now (r: selection_resident). */
const SHOWN = `n.status = 'selected' AND n.consent IN ('given', 'not_needed') AND NOT COALESCE(r.ranking_opt_out, false)`;

/**
 * Selections with their count of selected nominations: every one for the reviewers, only those
 * that may be shown (SHOWN) for the public, so a public count never includes a hidden nominee.
 */
function selectionQuery(count: 'selected' | 'shown'): string {
  const counted =
    count === 'selected'
      ? `SELECT count(*) FROM selection_nomination n WHERE n.selection_id = s.id AND n.status = 'selected'`
      : `SELECT count(*) FROM selection_nomination n LEFT JOIN selection_resident r ON r.user_id = n.nominee_id WHERE n.selection_id = s.id AND ${SHOWN}`;
  return `
  SELECT s.id, s.area_id, a.name AS area_name, a.path AS area_path, s.district_id, s.kind, s.title, s.year, s.quota,
         to_char(s.nominate_from, 'YYYY-MM-DD') AS nominate_from, to_char(s.nominate_until, 'YYYY-MM-DD') AS nominate_until,
         to_char(s.notice_start, 'YYYY-MM-DD') AS notice_start, to_char(s.notice_end, 'YYYY-MM-DD') AS notice_end,
         s.status, s.finalised_at,
         (${counted})::int AS selected
  FROM selection s JOIN selection_area a ON a.id = s.area_id`;
}

const SELECTION = selectionQuery('selected');

function toSelection(r: SelectionRow): SelectionRecord {
  return {
    id: r.id,
    areaId: r.area_id,
    areaPath: r.area_path,
    districtId: r.district_id,
    view: {
      id: r.id,
      kind: r.kind,
      title: r.title,
      year: r.year,
      area: { id: r.area_id, name: r.area_name },
      quota: r.quota,
      nominateFrom: r.nominate_from,
      nominateUntil: r.nominate_until,
      noticeStart: r.notice_start,
      noticeEnd: r.notice_end,
      status: r.status,
      selectedCount: r.selected,
      finalisedAt: r.finalised_at?.toISOString() ?? null,
    },
  };
}

/**
 * A nomination with its selection and, for a resident, the name, community and ranking choice as
 * they are now (selection_resident): a resident who opts out later drops out of every list at once.
 */
const NOMINATION = `
  SELECT n.id::int AS id, n.selection_id, s.title AS selection_title, s.kind, s.area_id, s.year, n.nominee_id,
         COALESCE(n.project_name, r.real_name, '') AS nominee_name, COALESCE(r.ranking_opt_out, false) AS opted_out,
         n.community_id, c.name AS community_name, n.nominated_by, n.nominator_kind, n.story, n.photo_upload_ids,
         n.consent, n.status, n.reject_reason, n.created_at
  FROM selection_nomination n
  JOIN selection s ON s.id = n.selection_id
  JOIN selection_area c ON c.id = n.community_id
  LEFT JOIN selection_resident r ON r.user_id = n.nominee_id`;

interface NominationRow {
  id: number;
  selection_id: number;
  selection_title: string;
  kind: SelectionKind;
  area_id: number;
  year: number;
  nominee_id: string | null;
  nominee_name: string;
  opted_out: boolean;
  community_id: number;
  community_name: string;
  nominated_by: string;
  nominator_kind: NominatorKind;
  story: string;
  photo_upload_ids: string[];
  consent: NomineeConsent;
  status: NominationStatus;
  reject_reason: string | null;
  created_at: Date;
}

function toNomination(r: NominationRow): NominationRecord {
  return {
    id: r.id,
    selectionId: r.selection_id,
    selectionTitle: r.selection_title,
    kind: r.kind,
    areaId: r.area_id,
    year: r.year,
    nomineeId: r.nominee_id,
    nomineeName: r.nominee_name,
    optedOut: r.opted_out,
    communityId: r.community_id,
    communityName: r.community_name,
    nominatedBy: r.nominated_by,
    nominatorKind: r.nominator_kind,
    story: r.story,
    photoUploadIds: r.photo_upload_ids,
    consent: r.consent,
    status: r.status,
    rejectReason: r.reject_reason,
    createdAt: r.created_at,
  };
}

/** The selection tables and their read models; the only code that names them. */
@Injectable()
export class SelectionsRepository {
  constructor(private readonly residentCrypto: ResidentCrypto) {}

  /** Nominees' names are sealed under their data keys (selection_resident): opened, 已注销 once an account was closed. */
  private async named<T extends { nominee_name: string; nominee_id?: string | null }>(rows: T[], id: (r: T) => string | null): Promise<T[]> {
    const opened = await this.residentCrypto.openAll(rows.map((r) => ({ residentId: id(r) ?? '', stored: id(r) ? r.nominee_name : null })));
    return rows.map((r, i) => (id(r) ? { ...r, nominee_name: opened[i] ?? CLOSED_NAME } : r));
  }
  async rules(m: EntityManager, districtId: number): Promise<SelectionRules[]> {
    const rows = (await m.query(
      `SELECT kind, exclude_winners_years, min_minutes, min_age, max_age FROM selection_rule WHERE district_id = $1 ORDER BY kind DESC`,
      [districtId],
    )) as { kind: SelectionKind; exclude_winners_years: number | null; min_minutes: number | null; min_age: number | null; max_age: number | null }[];
    return rows.map((r) => ({ kind: r.kind, excludeWinnersYears: r.exclude_winners_years, minMinutes: r.min_minutes, minAge: r.min_age, maxAge: r.max_age }));
  }

  async saveRules(m: EntityManager, districtId: number, rules: SelectionRules, by: string): Promise<void> {
    await m.query(
      `INSERT INTO selection_rule (district_id, kind, exclude_winners_years, min_minutes, min_age, max_age, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (district_id, kind) DO UPDATE SET exclude_winners_years = $3, min_minutes = $4, min_age = $5, max_age = $6, updated_by = $7, updated_at = now()`,
      [districtId, rules.kind, rules.excludeWinnersYears, rules.minMinutes, rules.minAge, rules.maxAge, by],
    );
  }

  async insertSelection(
    m: EntityManager,
    v: { areaId: number; districtId: number; kind: SelectionKind; title: string; year: number; quota: number; nominateFrom: string; nominateUntil: string; noticeStart: string; noticeEnd: string; createdBy: string },
  ): Promise<number> {
    const [row] = (await m.query(
      `INSERT INTO selection (area_id, district_id, kind, title, year, quota, nominate_from, nominate_until, notice_start, notice_end, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [v.areaId, v.districtId, v.kind, v.title, v.year, v.quota, v.nominateFrom, v.nominateUntil, v.noticeStart, v.noticeEnd, v.createdBy],
    )) as { id: number }[];
    return row.id;
  }

  async selection(m: EntityManager, id: number, lock = false): Promise<SelectionRecord | null> {
    if (lock) await m.query(`SELECT id FROM selection WHERE id = $1 FOR UPDATE`, [id]);
    const rows = (await m.query(`${SELECTION} WHERE s.id = $1`, [id])) as SelectionRow[];
    return rows[0] ? toSelection(rows[0]) : null;
  }

  /** Selections of a subtree, newest year first. */
  async selectionsIn(m: EntityManager, areaPath: string): Promise<SelectionRecord[]> {
    const rows = (await m.query(`${SELECTION} WHERE a.path LIKE $1 || '%' ORDER BY s.year DESC, s.id DESC LIMIT 200`, [areaPath])) as SelectionRow[];
    return rows.map(toSelection);
  }

  /** Selections whose 公示 or final list is public, newest first; within a subtree when given. */
  async publicSelections(m: EntityManager, areaPath: string | null): Promise<SelectionRecord[]> {
    const rows = (await m.query(
      `${selectionQuery('shown')} WHERE s.status IN ('notice', 'final') AND ($1::text IS NULL OR a.path LIKE $1 || '%') ORDER BY s.year DESC, s.notice_start DESC, s.id DESC LIMIT 50`,
      [areaPath],
    )) as SelectionRow[];
    return rows.map(toSelection);
  }

  /** Selections open for nomination on `day` whose area contains the community at `communityPath`. */
  async openFor(m: EntityManager, communityPath: string, day: string): Promise<SelectionRecord[]> {
    const rows = (await m.query(
      `${SELECTION} WHERE s.status = 'open' AND s.nominate_from <= $2::date AND s.nominate_until >= $2::date AND $1 LIKE a.path || '%'
       ORDER BY s.year DESC, s.id`,
      [communityPath, day],
    )) as SelectionRow[];
    return rows.map(toSelection);
  }

  /** Moves a selection on from `from`; false when it had already moved (a second run, a second click). */
  async setStatus(m: EntityManager, id: number, from: SelectionStatus, to: SelectionStatus, by: string | null): Promise<boolean> {
    const [row] = (await m.query(
      `WITH moved AS (
         UPDATE selection SET status = $3,
                finalised_at = CASE WHEN $3 = 'final' THEN now() ELSE finalised_at END,
                finalised_by = CASE WHEN $3 = 'final' THEN $4::uuid ELSE finalised_by END
         WHERE id = $1 AND status = $2 RETURNING id)
       SELECT count(*)::int AS n FROM moved`,
      [id, from, to, by],
    )) as { n: number }[];
    return row.n > 0;
  }

  /** Selections in 公示 whose last day is before `day` and with every 异议 answered. */
  async dueForFinal(m: EntityManager, day: string): Promise<number[]> {
    const rows = (await m.query(
      `SELECT s.id FROM selection s
       WHERE s.status = 'notice' AND s.notice_end < $1::date
         AND NOT EXISTS (SELECT 1 FROM selection_objection o WHERE o.selection_id = s.id AND o.answered_at IS NULL)
       ORDER BY s.id`,
      [day],
    )) as { id: number }[];
    return rows.map((r) => r.id);
  }

  async resident(m: EntityManager, userId: string): Promise<ResidentFacts | null> {
    const rows = (await m.query(
      `SELECT user_id, real_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, community_id, community_name, community_path, ranking_opt_out
       FROM selection_resident WHERE user_id = $1`,
      [userId],
    )) as { user_id: string; real_name: string; birth_date: string; community_id: number; community_name: string; community_path: string; ranking_opt_out: boolean }[];
    const found = rows[0];
    const r = found ? { ...found, real_name: (await this.residentCrypto.open(found.user_id, found.real_name)) ?? CLOSED_NAME } : undefined;
    return r
      ? { userId: r.user_id, realName: r.real_name, birthDate: r.birth_date, communityId: r.community_id, communityName: r.community_name, communityPath: r.community_path, optedOut: r.ranking_opt_out }
      : null;
  }

  async schoolPath(m: EntityManager, schoolId: number): Promise<string | null> {
    const rows = (await m.query(`SELECT area_path FROM selection_school WHERE id = $1`, [schoolId])) as { area_path: string }[];
    return rows[0]?.area_path ?? null;
  }

  async areaPath(m: EntityManager, areaId: number): Promise<{ path: string; name: string; level: string } | null> {
    const rows = (await m.query(`SELECT path, name, level FROM selection_area WHERE id = $1`, [areaId])) as { path: string; name: string; level: string }[];
    return rows[0] ?? null;
  }

  async learning(m: EntityManager, residentId: string, year: number): Promise<{ minutes: number; records: number }> {
    const rows = (await m.query(`SELECT minutes, records FROM selection_learning WHERE resident_id = $1 AND year = $2`, [residentId, year])) as {
      minutes: number;
      records: number;
    }[];
    return rows[0] ?? { minutes: 0, records: 0 };
  }

  /** The last year the resident won a finalised selection of this kind, before `year`. */
  async lastWin(m: EntityManager, residentId: string, kind: SelectionKind, year: number): Promise<number | null> {
    const rows = (await m.query(
      `SELECT max(s.year) AS year FROM selection_nomination n JOIN selection s ON s.id = n.selection_id
       WHERE n.nominee_id = $1 AND s.kind = $2 AND s.status = 'final' AND n.status = 'selected' AND s.year < $3`,
      [residentId, kind, year],
    )) as { year: number | null }[];
    return rows[0]?.year ?? null;
  }

  async insertNomination(
    m: EntityManager,
    v: {
      selectionId: number;
      nomineeId: string | null;
      projectName: string | null;
      communityId: number;
      nominatedBy: string;
      nominatorKind: NominatorKind;
      story: string;
      photoUploadIds: string[];
      consent: NomineeConsent;
    },
  ): Promise<number> {
    const [row] = (await m.query(
      `INSERT INTO selection_nomination (selection_id, nominee_id, project_name, community_id, nominated_by, nominator_kind, story, photo_upload_ids, consent, consent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 = 'pending' THEN NULL ELSE now() END) RETURNING id::int AS id`,
      [v.selectionId, v.nomineeId, v.projectName, v.communityId, v.nominatedBy, v.nominatorKind, v.story, v.photoUploadIds, v.consent],
    )) as { id: number }[];
    return row.id;
  }

  async nomination(m: EntityManager, id: number, lock = false): Promise<NominationRecord | null> {
    if (lock) await m.query(`SELECT id FROM selection_nomination WHERE id = $1 FOR UPDATE`, [id]);
    const rows = await this.named((await m.query(`${NOMINATION} WHERE n.id = $1`, [id])) as NominationRow[], (r) => r.nominee_id);
    return rows[0] ? toNomination(rows[0]) : null;
  }

  async nominationsOf(m: EntityManager, selectionId: number): Promise<NominationRecord[]> {
    const rows = await this.named((await m.query(`${NOMINATION} WHERE n.selection_id = $1 ORDER BY (n.status = 'pending') DESC, n.id`, [selectionId])) as NominationRow[], (r) => r.nominee_id);
    return rows.map(toNomination);
  }

  /** Nominations the user made or is the nominee of, newest first. */
  async nominationsAbout(m: EntityManager, userId: string): Promise<NominationRecord[]> {
    const rows = await this.named((await m.query(`${NOMINATION} WHERE n.nominee_id = $1 OR n.nominated_by = $1 ORDER BY n.id DESC LIMIT 100`, [userId])) as NominationRow[], (r) => r.nominee_id);
    return rows.map(toNomination);
  }

  /** The selected of a selection who may be shown: consented, and not opted out of rankings now. */
  async listed(m: EntityManager, selectionId: number): Promise<NominationRecord[]> {
    const rows = (await m.query(
      `${NOMINATION} WHERE n.selection_id = $1 AND ${SHOWN} ORDER BY n.id`,
      [selectionId],
    )) as NominationRow[];
    return (await this.named(rows, (r) => r.nominee_id)).map(toNomination);
  }

  async setConsent(m: EntityManager, id: number, consent: 'given' | 'declined'): Promise<boolean> {
    const [row] = (await m.query(
      `WITH answered AS (
         UPDATE selection_nomination SET consent = $2, consent_at = now(),
                status = CASE WHEN $2 = 'declined' THEN 'withdrawn' ELSE status END,
                reject_reason = CASE WHEN $2 = 'declined' THEN '被提名人没有同意' ELSE reject_reason END
         WHERE id = $1 AND consent = 'pending' AND status = 'pending' RETURNING id)
       SELECT count(*)::int AS n FROM answered`,
      [id, consent],
    )) as { n: number }[];
    return row.n > 0;
  }

  async review(m: EntityManager, id: number, status: 'selected' | 'rejected' | 'pending', reason: string | null, by: string): Promise<void> {
    await m.query(
      `UPDATE selection_nomination SET status = $2, reject_reason = $3, reviewed_by = $4, reviewed_at = now() WHERE id = $1`,
      [id, status, reason, by],
    );
  }

  async withdraw(m: EntityManager, id: number, reason: string, by: string): Promise<void> {
    await m.query(
      `UPDATE selection_nomination SET status = 'withdrawn', reject_reason = $2, reviewed_by = $3, reviewed_at = now() WHERE id = $1 AND status = 'selected'`,
      [id, reason, by],
    );
  }

  async countSelected(m: EntityManager, selectionId: number): Promise<number> {
    const [row] = (await m.query(`SELECT count(*)::int AS n FROM selection_nomination WHERE selection_id = $1 AND status = 'selected'`, [selectionId])) as {
      n: number;
    }[];
    return row.n;
  }

  /** The areas whose administrators review a photo: the selections it was attached to. */
  async photoAreas(m: EntityManager, uploadId: string): Promise<number[]> {
    const rows = (await m.query(
      `SELECT s.area_id FROM selection_nomination n JOIN selection s ON s.id = n.selection_id WHERE n.photo_upload_ids @> ARRAY[$1::uuid]`,
      [uploadId],
    )) as { area_id: number }[];
    return rows.map((r) => r.area_id);
  }

  async objectionsSince(m: EntityManager, selectionId: number, addressHash: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const [row] = (await m.query(
      `SELECT count(*)::int AS count, min(created_at) AS oldest FROM selection_objection WHERE selection_id = $1 AND address_hash = $2 AND created_at > $3`,
      [selectionId, addressHash, since],
    )) as { count: number; oldest: Date | null }[];
    return row;
  }

  async insertObjection(
    m: EntityManager,
    v: { selectionId: number; nominationId: number; contactEnc: string; reason: string; addressHash: string; at: Date },
  ): Promise<number> {
    const [row] = (await m.query(
      `INSERT INTO selection_objection (selection_id, nomination_id, contact_enc, reason, address_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::int AS id`,
      [v.selectionId, v.nominationId, v.contactEnc, v.reason, v.addressHash, v.at],
    )) as { id: number }[];
    return row.id;
  }

  async objections(m: EntityManager, selectionId: number): Promise<ObjectionRecord[]> {
    const rows = (await m.query(
      `SELECT o.id::int AS id, o.selection_id, o.nomination_id::int AS nomination_id, COALESCE(n.project_name, r.real_name, '') AS nominee_name,
              n.nominee_id IS NOT NULL AS is_person, n.nominee_id, o.contact_enc, o.reason, o.created_at, o.answer, o.upheld, o.answered_at
       FROM selection_objection o
       JOIN selection_nomination n ON n.id = o.nomination_id
       LEFT JOIN selection_resident r ON r.user_id = n.nominee_id
       WHERE o.selection_id = $1 ORDER BY (o.answered_at IS NULL) DESC, o.id`,
      [selectionId],
    )) as {
      id: number;
      selection_id: number;
      nomination_id: number;
      nominee_name: string;
      nominee_id: string | null;
      is_person: boolean;
      contact_enc: string;
      reason: string;
      created_at: Date;
      answer: string | null;
      upheld: boolean | null;
      answered_at: Date | null;
    }[];
    return (await this.named(rows, (r) => r.nominee_id)).map((r) => ({
      id: r.id,
      selectionId: r.selection_id,
      nominationId: r.nomination_id,
      nomineeName: r.nominee_name,
      isPerson: r.is_person,
      contactEnc: r.contact_enc,
      reason: r.reason,
      createdAt: r.created_at,
      answer: r.answer,
      upheld: r.upheld,
      answeredAt: r.answered_at,
    }));
  }

  async objection(m: EntityManager, id: number, lock = false): Promise<{ id: number; selectionId: number; nominationId: number; answeredAt: Date | null } | null> {
    const rows = (await m.query(
      `SELECT id::int AS id, selection_id, nomination_id::int AS nomination_id, answered_at FROM selection_objection WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    )) as { id: number; selection_id: number; nomination_id: number; answered_at: Date | null }[];
    const r = rows[0];
    return r ? { id: r.id, selectionId: r.selection_id, nominationId: r.nomination_id, answeredAt: r.answered_at } : null;
  }

  async answerObjection(m: EntityManager, id: number, answer: string, upheld: boolean, by: string): Promise<void> {
    await m.query(`UPDATE selection_objection SET answer = $2, upheld = $3, answered_by = $4, answered_at = now() WHERE id = $1 AND answered_at IS NULL`, [
      id,
      answer,
      upheld,
      by,
    ]);
  }
}
