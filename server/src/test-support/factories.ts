import { AreaLevel, Category, LearningSource, OfferingKind, OfferingStatus, ResidentGroup } from '@lp/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { LearningRecordsRepository, NewLearningRecord, WrittenRecord } from '../learning-records/learning-records.repository';
import { ParticipationAggregates } from '../statistics/participation-aggregates';

/**
 * Rows for repository specs, written straight into the tables: each call makes rows of its own
 * (codes, names and phone hashes unique per call), so no spec depends on demo data or on another
 * spec's rows. The shapes follow the e2e factories in test/support/factories.ts, which make the
 * same things through the API.
 */
type Db = DataSource | EntityManager;

const tag = () => randomBytes(5).toString('hex');

export interface AreaRow {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  path: string;
}

async function newArea(db: Db, name: string, level: AreaLevel, parent: AreaRow | null, code: string): Promise<AreaRow> {
  const [row] = (await db.query(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('area', 'id'))::int AS id)
     INSERT INTO area (id, code, name, level, parent_id, path, latitude, longitude)
     SELECT n.id, $1, $2, $3, $4, COALESCE($5, '/') || n.id || '/', 29.66, 121.41 FROM n
     RETURNING id, code, name, level, path`,
    [code, name, level, parent?.id ?? null, parent?.path ?? null],
  )) as AreaRow[];
  return row;
}

/** A district with two streets (A, B), two communities in A and one in B, as in the e2e factories. */
export async function newAreaTree(db: Db) {
  const t = tag();
  const district = await newArea(db, `测试区${t}`, AreaLevel.District, null, `D${t}`);
  const streetA = await newArea(db, '甲街道', AreaLevel.Street, district, `D${t}A`);
  const streetB = await newArea(db, '乙街道', AreaLevel.Street, district, `D${t}B`);
  const communityA1 = await newArea(db, '甲一社区', AreaLevel.Community, streetA, `D${t}A1`);
  const communityA2 = await newArea(db, '甲二社区', AreaLevel.Community, streetA, `D${t}A2`);
  const communityB1 = await newArea(db, '乙一社区', AreaLevel.Community, streetB, `D${t}B1`);
  return { district, streetA, streetB, communityA1, communityA2, communityB1 };
}
export type AreaTree = Awaited<ReturnType<typeof newAreaTree>>;

export async function newSchool(db: Db, area: AreaRow): Promise<number> {
  const [row] = (await db.query(`INSERT INTO school (name, type, area_id) VALUES ($1, 'citizen_school', $2) RETURNING id`, [
    `测试学校${tag()}`,
    area.id,
  ])) as { id: number }[];
  return row.id;
}

export async function newTeacher(db: Db, schoolId: number, name = '测试老师'): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO app_user (role, display_name, username, password_hash, school_id) VALUES ('teacher', $1, $2, 'unused', $3) RETURNING id`,
    [name, `teacher_${tag()}`, schoolId],
  )) as { id: string }[];
  return row.id;
}

/** An administrator of `area` (and everything below it). */
export async function newAdmin(db: Db, area: AreaRow): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO app_user (role, display_name, username, password_hash, area_id) VALUES ('admin', '测试管理员', $1, 'unused', $2) RETURNING id`,
    [`admin_${tag()}`, area.id],
  )) as { id: string }[];
  return row.id;
}

export interface ResidentOptions {
  name?: string;
  birthDate?: string;
  groups?: ResidentGroup[];
  rankingOptOut?: boolean;
}

/** A resident who logged in through WeChat and bound a profile in `community`. */
export async function newResident(db: Db, community: AreaRow, o: ResidentOptions = {}): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO app_user (id, role, display_name, wechat_openid) VALUES ($1, 'resident', $2, $3)`, [id, o.name ?? '测试居民', `openid-${id}`]);
  await db.query(
    `INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id, groups, ranking_opt_out)
     VALUES ($1, $2, 'not-encrypted-in-tests', $3, $4, $5, $6, $7)`,
    [id, o.name ?? '测试居民', randomBytes(32).toString('hex'), o.birthDate ?? '1980-05-01', community.id, o.groups ?? [], o.rankingOptOut ?? false],
  );
  return id;
}

export interface OfferingOptions {
  title?: string;
  category?: Category;
  capacity?: number;
  status?: OfferingStatus;
  allowWalkIn?: boolean;
  requiresCheckOut?: boolean;
  /** The first session's start; the offering opens for enrollment a week before. */
  startsAt?: Date;
}

export interface OfferingRow {
  id: number;
  areaId: number;
  schoolId: number;
  teacherId: string;
  title: string;
  category: Category;
}

/** A course held in `area` by a school and teacher of its own, published unless said otherwise. */
export async function newOffering(db: Db, area: AreaRow, o: OfferingOptions = {}): Promise<OfferingRow> {
  const schoolId = await newSchool(db, area);
  const teacherId = await newTeacher(db, schoolId);
  const title = o.title ?? `测试课程${tag()}`;
  const category = o.category ?? Category.Health;
  const startsAt = o.startsAt ?? new Date(Date.now() + 86400_000);
  const [row] = (await db.query(
    `INSERT INTO offering (kind, title, description, category, area_id, school_id, author_id, capacity, enroll_opens_at,
                           enroll_closes_at, starts_at, status, allow_walk_in, requires_check_out)
     VALUES ($1, $2, '测试用', $3, $4, $5, $6, $7, $8::timestamptz - interval '7 days', $8, $8, $9, $10, $11)
     RETURNING id`,
    [OfferingKind.Course, title, category, area.id, schoolId, teacherId, o.capacity ?? 30, startsAt, o.status ?? OfferingStatus.Published,
      o.allowWalkIn ?? false, o.requiresCheckOut ?? false],
  )) as { id: number }[];
  return { id: row.id, areaId: area.id, schoolId, teacherId, title, category };
}

export interface SessionOptions {
  startsAt?: Date;
  /** From start to planned end; default 90. */
  spanMinutes?: number;
  /** The session's 学时; default the whole span. */
  minutes?: number;
  closedAt?: Date | null;
  cancelled?: boolean;
}

/** The offering's next session (default: 90 minutes from tomorrow, neither closed nor cancelled). */
export async function newSession(db: Db, offeringId: number, o: SessionOptions = {}): Promise<number> {
  const startsAt = o.startsAt ?? new Date(Date.now() + 86400_000);
  const span = o.spanMinutes ?? 90;
  const [row] = (await db.query(
    `INSERT INTO offering_session (offering_id, seq, starts_at, ends_at, minutes, closed_at, cancelled_at, cancel_reason)
     SELECT $1, COALESCE(max(seq), 0) + 1, $2::timestamptz, $2::timestamptz + make_interval(mins => $3), $4, $5,
            CASE WHEN $6 THEN now() END, CASE WHEN $6 THEN '测试取消' END
     FROM offering_session WHERE offering_id = $1
     RETURNING id`,
    [offeringId, startsAt, span, o.minutes ?? span, o.closedAt ?? null, o.cancelled ?? false],
  )) as { id: number }[];
  return row.id;
}

/** A place in the offering for each resident, counted on the offering as enrolling counts it. */
export async function enrolled(db: Db, offeringId: number, residentIds: string[]): Promise<void> {
  await db.query(`INSERT INTO enrollment (offering_id, resident_id, status) SELECT $1, r, 'enrolled' FROM unnest($2::uuid[]) r`, [offeringId, residentIds]);
  await db.query(`UPDATE offering SET enrolled_count = enrolled_count + $2 WHERE id = $1`, [offeringId, residentIds.length]);
}

/** A version of the district's conversion rules: 10 学时 = 1 学分 in every category, in force from `effectiveFrom`. */
export async function newRuleSet(db: Db, districtId: number, effectiveFrom = '2020-01-01'): Promise<number> {
  const [row] = (await db.query(
    `INSERT INTO credit_rule_set (district_id, version, effective_from, overall_yearly_cap_milli)
     SELECT $1, COALESCE(max(version), 0) + 1, $2, 30000 FROM credit_rule_set WHERE district_id = $1
     RETURNING id`,
    [districtId, effectiveFrom],
  )) as { id: number }[];
  await db.query(
    `INSERT INTO credit_rule (rule_set_id, category, minutes_per_credit, rounding_step_milli, rounding, yearly_cap_milli)
     SELECT $1, c, 600, 1, 'down', 10000 FROM unnest(enum_range(NULL::offering_category)) c`,
    [row.id],
  );
  return row.id;
}

export type RecordInput = Partial<NewLearningRecord> & { residentId: string };

/**
 * Learning records written as the credit bank writes them, with the participation figures moved
 * in the same transaction (credits are the ledger specs' business). Defaults: 120 minutes of 健康养生
 * now, from an admin import with a reference of its own.
 */
export async function newRecords(db: DataSource, records: RecordInput[]): Promise<WrittenRecord[]> {
  const full = records.map((r) => ({
    source: 'admin_import' as LearningSource,
    sourceRef: `test:${randomUUID()}`,
    category: Category.Health,
    minutes: 120,
    occurredAt: new Date(),
    ...r,
  }));
  return db.transaction(async (m) => {
    const written = await new LearningRecordsRepository().insert(m, full);
    await new ParticipationAggregates().apply(m, written.map((w) => w.id));
    return written;
  });
}

/** A resident's request to spend `creditsMilli` on an offer of a partner of the district (the ledger posts it). */
export async function newConversion(db: Db, residentId: string, districtId: number, creditsMilli: number): Promise<{ partnerId: number; conversionId: string }> {
  const [{ id: partnerId }] = (await db.query(`INSERT INTO partner (name, district_id) VALUES ($1, $2) RETURNING id`, [`测试伙伴${tag()}`, districtId])) as { id: number }[];
  const [{ id: offerId }] = (await db.query(`INSERT INTO partner_offer (partner_id, title, credits_milli) VALUES ($1, '测试兑换', $2) RETURNING id`, [
    partnerId,
    creditsMilli,
  ])) as { id: number }[];
  const [{ id: conversionId }] = (await db.query(
    `INSERT INTO credit_conversion (resident_id, offer_id, credits_milli, receipt_no, request_key) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [residentId, offerId, creditsMilli, `R${tag()}`, randomUUID()],
  )) as { id: string }[];
  return { partnerId, conversionId };
}

/**
 * An approved certification of an external achievement worth `creditsMilli` under the rule set,
 * with its evidence upload, tied to the learning record its approval wrote.
 */
export async function newCertification(db: Db, c: { residentId: string; areaId: number; ruleSetId: number; recordId: string; creditsMilli: number }): Promise<void> {
  const code = `cert_${tag()}`;
  await db.query(
    `INSERT INTO credit_achievement (rule_set_id, code, kind, name, category, credits_milli) VALUES ($1, $2, 'vocational_certificate', '测试证书', 'vocational_skills', $3)`,
    [c.ruleSetId, code, c.creditsMilli],
  );
  const evidence = randomBytes(16);
  const [{ id: uploadId }] = (await db.query(
    `INSERT INTO upload (owner_id, content_type, size_bytes, sha256, data) VALUES ($1, 'image/png', $2, encode(sha256($3), 'hex'), $3) RETURNING id`,
    [c.residentId, evidence.length, evidence],
  )) as { id: string }[];
  await db.query(
    `INSERT INTO credit_certification (resident_id, area_id, rule_set_id, achievement_code, certificate_no, certificate_key, issuer, issued_on,
                                       evidence_upload_id, status, reviewed_at, learning_record_id)
     VALUES ($1, $2, $3, $4, $5, $5, '测试颁发机构', '2025-01-01', $6, 'approved', now(), $7)`,
    [c.residentId, c.areaId, c.ruleSetId, code, code.toUpperCase(), uploadId, c.recordId],
  );
}
