import { VolunteerJoinedBy, VolunteerStatus, WorkerKind } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface VolunteerRow {
  id: number;
  userId: string;
  areaId: number;
  skills: string[];
  intro: string;
  status: VolunteerStatus;
  joinedBy: VolunteerJoinedBy;
  joinedOn: string;
  totalMinutes: number;
  activities: number;
}

export interface ServiceRow {
  id: number;
  volunteerId: number;
  offeringId: number;
  sessionId: number | null;
  servedOn: string;
  minutes: number;
  duty: string;
}

export interface WorkerRow {
  id: number;
  name: string;
  phoneEnc: string;
  phoneHash: string;
  kind: WorkerKind;
  areaId: number;
  schoolId: number | null;
  qualifications: string[];
  joinedOn: string;
  leftOn: string | null;
  yearMinutes: number;
}

export interface TrainingRow {
  id: number;
  workerId: number;
  trainedOn: string;
  minutes: number;
  what: string;
}

/** Where a list looks: a subtree (by the node's path), and for a school's staff one school. */
export interface RegisterFilter {
  path: string;
  schoolId?: number;
  status?: VolunteerStatus;
  kind?: WorkerKind;
}

const VOLUNTEER_COLUMNS = `v.id, v.user_id AS "userId", v.area_id AS "areaId", v.skills, v.intro, v.status, v.joined_by AS "joinedBy",
  to_char(v.joined_on, 'YYYY-MM-DD') AS "joinedOn",
  (SELECT COALESCE(sum(s.minutes), 0)::int FROM volunteer_service s WHERE s.volunteer_id = v.id) AS "totalMinutes",
  (SELECT count(DISTINCT s.offering_id)::int FROM volunteer_service s WHERE s.volunteer_id = v.id) AS activities`;

const WORKER_COLUMNS = (year: string) => `w.id, w.name, w.phone_enc AS "phoneEnc", w.phone_hash AS "phoneHash", w.kind, w.area_id AS "areaId", w.school_id AS "schoolId",
  w.qualifications, to_char(w.joined_on, 'YYYY-MM-DD') AS "joinedOn", to_char(w.left_on, 'YYYY-MM-DD') AS "leftOn",
  (SELECT COALESCE(sum(t.minutes), 0)::int FROM education_worker_training t
    WHERE t.worker_id = w.id AND t.trained_on >= make_date(${year}, 1, 1) AND t.trained_on <= make_date(${year}, 12, 31)) AS "yearMinutes"`;

/** The 志愿者 and 成人教育工作者 registers: the only code that reads or writes their tables. */
@Injectable()
export class RegistersRepository {
  constructor(private readonly db: DataSource) {}

  /** The node's path in the area tree (register_area), or null for no such node. */
  async areaPath(areaId: number): Promise<string | null> {
    const rows = (await this.db.query(`SELECT path FROM register_area WHERE id = $1`, [areaId])) as { path: string }[];
    return rows[0]?.path ?? null;
  }

  // ── 志愿者 ────────────────────────────────────────────────────────────

  async volunteerById(id: number, m: EntityManager = this.db.manager): Promise<VolunteerRow | null> {
    const rows = (await m.query(`SELECT ${VOLUNTEER_COLUMNS} FROM volunteer v WHERE v.id = $1`, [id])) as VolunteerRow[];
    return rows[0] ?? null;
  }

  async volunteerByUser(userId: string, m: EntityManager = this.db.manager): Promise<VolunteerRow | null> {
    const rows = (await m.query(`SELECT ${VOLUNTEER_COLUMNS} FROM volunteer v WHERE v.user_id = $1`, [userId])) as VolunteerRow[];
    return rows[0] ?? null;
  }

  /** Inserts the resident's row; null when they are in the register already (the unique index decides). */
  async insertVolunteer(
    m: EntityManager,
    v: { userId: string; areaId: number; skills: string[]; intro: string; joinedBy: VolunteerJoinedBy; enrolledBy: string | null; joinedOn: string },
  ): Promise<number | null> {
    const rows = (await m.query(
      `INSERT INTO volunteer (user_id, area_id, skills, intro, joined_by, enrolled_by, joined_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO NOTHING RETURNING id`,
      [v.userId, v.areaId, v.skills, v.intro, v.joinedBy, v.enrolledBy, v.joinedOn],
    )) as { id: number }[];
    return rows[0]?.id ?? null;
  }

  async updateVolunteer(m: EntityManager, id: number, v: Pick<VolunteerRow, 'areaId' | 'skills' | 'intro' | 'status'>): Promise<void> {
    await m.query(`UPDATE volunteer SET area_id = $2, skills = $3, intro = $4, status = $5, updated_at = now() WHERE id = $1`, [
      id, v.areaId, v.skills, v.intro, v.status,
    ]);
  }

  async volunteerPage(f: RegisterFilter, page: number, limit: number): Promise<{ rows: VolunteerRow[]; total: number }> {
    const where = `a.path LIKE $1 || '%' AND ($2::text IS NULL OR v.status = $2)`;
    const params = [f.path, f.status ?? null];
    const [rows, count] = await Promise.all([
      this.db.query(
        `SELECT ${VOLUNTEER_COLUMNS} FROM volunteer v JOIN register_area a ON a.id = v.area_id
          WHERE ${where} ORDER BY a.path, v.joined_on, v.id OFFSET $3 LIMIT $4`,
        [...params, (page - 1) * limit, limit],
      ) as Promise<VolunteerRow[]>,
      this.db.query(`SELECT count(*)::int AS total FROM volunteer v JOIN register_area a ON a.id = v.area_id WHERE ${where}`, params) as Promise<{ total: number }[]>,
    ]);
    return { rows, total: count[0].total };
  }

  services(volunteerId: number): Promise<ServiceRow[]> {
    return this.db.query(
      `SELECT id, volunteer_id AS "volunteerId", offering_id AS "offeringId", session_id AS "sessionId",
              to_char(served_on, 'YYYY-MM-DD') AS "servedOn", minutes, duty
         FROM volunteer_service WHERE volunteer_id = $1 ORDER BY served_on DESC, id DESC`,
      [volunteerId],
    ) as Promise<ServiceRow[]>;
  }

  /** Records one service; null when the same session was already recorded for this volunteer. */
  async insertService(m: EntityManager, s: Omit<ServiceRow, 'id'> & { recordedBy: string }): Promise<number | null> {
    const rows = (await m.query(
      `INSERT INTO volunteer_service (volunteer_id, offering_id, session_id, served_on, minutes, duty, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (volunteer_id, session_id) WHERE session_id IS NOT NULL DO NOTHING RETURNING id`,
      [s.volunteerId, s.offeringId, s.sessionId, s.servedOn, s.minutes, s.duty, s.recordedBy],
    )) as { id: number }[];
    return rows[0]?.id ?? null;
  }

  // ── 成人教育工作者 ──────────────────────────────────────────────────────

  async workerById(id: number, year: number, m: EntityManager = this.db.manager): Promise<WorkerRow | null> {
    const rows = (await m.query(`SELECT ${WORKER_COLUMNS('$2')} FROM education_worker w WHERE w.id = $1`, [id, year])) as WorkerRow[];
    return rows[0] ?? null;
  }

  /** Inserts a worker; null when another worker has the phone number already. */
  async insertWorker(
    m: EntityManager,
    w: Omit<WorkerRow, 'id' | 'yearMinutes' | 'leftOn'>,
  ): Promise<number | null> {
    const rows = (await m.query(
      `INSERT INTO education_worker (name, phone_enc, phone_hash, kind, area_id, school_id, qualifications, joined_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (phone_hash) DO NOTHING RETURNING id`,
      [w.name, w.phoneEnc, w.phoneHash, w.kind, w.areaId, w.schoolId, w.qualifications, w.joinedOn],
    )) as { id: number }[];
    return rows[0]?.id ?? null;
  }

  async updateWorker(m: EntityManager, id: number, w: Pick<WorkerRow, 'name' | 'kind' | 'qualifications' | 'leftOn' | 'phoneEnc' | 'phoneHash'>): Promise<boolean> {
    const rows = (await m.query(
      `UPDATE education_worker SET name = $2, kind = $3, qualifications = $4, left_on = $5, phone_enc = $6, phone_hash = $7, updated_at = now()
        WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM education_worker o WHERE o.phone_hash = $7 AND o.id <> $1)
        RETURNING id`,
      [id, w.name, w.kind, w.qualifications, w.leftOn, w.phoneEnc, w.phoneHash],
    )) as [unknown[], number] | unknown[];
    const returned = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : (rows as unknown[]);
    return returned.length > 0;
  }

  async workerPage(f: RegisterFilter, year: number, page: number, limit: number): Promise<{ rows: WorkerRow[]; total: number }> {
    const where = `a.path LIKE $1 || '%' AND ($2::int IS NULL OR w.school_id = $2) AND ($3::text IS NULL OR w.kind = $3)`;
    const params = [f.path, f.schoolId ?? null, f.kind ?? null];
    const [rows, count] = await Promise.all([
      this.db.query(
        `SELECT ${WORKER_COLUMNS('$4')} FROM education_worker w JOIN register_area a ON a.id = w.area_id
          WHERE ${where} ORDER BY w.left_on IS NOT NULL, a.path, w.name, w.id OFFSET $5 LIMIT $6`,
        [...params, year, (page - 1) * limit, limit],
      ) as Promise<WorkerRow[]>,
      this.db.query(`SELECT count(*)::int AS total FROM education_worker w JOIN register_area a ON a.id = w.area_id WHERE ${where}`, params) as Promise<{ total: number }[]>,
    ]);
    return { rows, total: count[0].total };
  }

  training(workerId: number, year: number): Promise<TrainingRow[]> {
    return this.db.query(
      `SELECT id, worker_id AS "workerId", to_char(trained_on, 'YYYY-MM-DD') AS "trainedOn", minutes, what
         FROM education_worker_training
        WHERE worker_id = $1 AND trained_on >= make_date($2, 1, 1) AND trained_on <= make_date($2, 12, 31)
        ORDER BY trained_on DESC, id DESC`,
      [workerId, year],
    ) as Promise<TrainingRow[]>;
  }

  async insertTraining(m: EntityManager, t: Omit<TrainingRow, 'id'> & { recordedBy: string }): Promise<number> {
    const rows = (await m.query(
      `INSERT INTO education_worker_training (worker_id, trained_on, minutes, what, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [t.workerId, t.trainedOn, t.minutes, t.what, t.recordedBy],
    )) as { id: number }[];
    return rows[0].id;
  }

  /** Whether a training entry lies outside the dates it would have the worker in the register. */
  async trainingOutside(m: EntityManager, workerId: number, joinedOn: string, leftOn: string | null): Promise<boolean> {
    const rows = (await m.query(
      `SELECT 1 FROM education_worker_training WHERE worker_id = $1 AND (trained_on < $2 OR ($3::date IS NOT NULL AND trained_on > $3)) LIMIT 1`,
      [workerId, joinedOn, leftOn],
    )) as unknown[];
    return rows.length > 0;
  }

  async requiredMinutes(year: number): Promise<number | null> {
    const rows = (await this.db.query(`SELECT required_minutes AS "requiredMinutes" FROM education_training_requirement WHERE year = $1`, [year])) as {
      requiredMinutes: number;
    }[];
    return rows[0]?.requiredMinutes ?? null;
  }

  async setRequiredMinutes(m: EntityManager, year: number, minutes: number, by: string): Promise<void> {
    await m.query(
      `INSERT INTO education_training_requirement (year, required_minutes, set_by) VALUES ($1, $2, $3)
       ON CONFLICT (year) DO UPDATE SET required_minutes = EXCLUDED.required_minutes, set_by = EXCLUDED.set_by, set_at = now()`,
      [year, minutes, by],
    );
  }
}
