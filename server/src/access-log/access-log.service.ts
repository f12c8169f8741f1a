import { AccessLogEntry, ADMIN_ROLES, maskName, MyAccessLogEntry, Page, PERSONAL_DATA_KIND_LABELS, PersonalDataKind, Role, STAFF_ROLE_LABELS } from '@lp/shared';
import { CLOSED_NAME, ResidentCrypto } from '../resident-keys/resident-crypto';
import { Injectable } from '@nestjs/common';
import { AreasService } from '../areas/areas.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { SchoolsService } from '../schools/schools.service';
import { UsersService } from '../users/users.service';
import { AccessEntryRow, AccessLogRepository, AccessRowInput } from './access-log.repository';
import { EntityManager } from 'typeorm';

export interface AccessLogQuery {
  residentId?: string;
  staffId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** How many accesses a resident's own view and their data copy show: the newest ones. */
export const MY_ACCESS_LOG_LIMIT = 200;
const DAY_MS = 86_400_000;

/**
 * Who on the staff was shown which resident's personal data (个人信息保护法: a resident may ask who
 * processed their data; 网络安全法: logs kept at least six months). Rows are written in the request
 * that showed the data and only ever deleted by age.
 */
@Injectable()
export class AccessLogService {
  constructor(
    private readonly repo: AccessLogRepository,
    private readonly areas: AreasService,
    private readonly schools: SchoolsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly residentCrypto: ResidentCrypto,
  ) {}

  /**
   * One row per resident shown to `actor` by the request to `route`. Ids of staff accounts (a photo a
   * teacher uploaded for a nomination, opened by a reviewer) are left out: the log is about residents.
   */
  async record(actor: Actor, kind: PersonalDataKind, route: string, residentIds: string[]): Promise<void> {
    if (actor.role === Role.Resident) return;
    const candidates = residentIds.filter((id) => id !== actor.userId);
    const accounts = await Promise.all(candidates.map((id) => this.users.findById(id)));
    const others = candidates.filter((_, i) => accounts[i]?.role === Role.Resident);
    if (others.length === 0) return;
    let areaId = actor.areaId;
    if (areaId === null && actor.schoolId !== null) areaId = (await this.schools.findById(actor.schoolId))?.areaId ?? null;
    const at = this.clock.now();
    await this.repo.insert(others.map((residentId) => ({ staffId: actor.userId, staffRole: actor.role, areaId, schoolId: actor.schoolId, residentId, kind, route, at })));
  }

  /** The demo district's rows (server/src/demo), written in the seeder's transaction. */
  insertDemo(m: EntityManager, rows: AccessRowInput[]): Promise<void> {
    return this.repo.insert(rows, m);
  }

  async mine(actor: Actor): Promise<MyAccessLogEntry[]> {
    return this.ofResident(actor.userId);
  }

  /** The resident's own view: when, why, which role of which area or school — not who. */
  async ofResident(residentId: string): Promise<MyAccessLogEntry[]> {
    const rows = await this.repo.ofResident(residentId, MY_ACCESS_LOG_LIMIT);
    return rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      purpose: PERSONAL_DATA_KIND_LABELS[r.kind],
      role: STAFF_ROLE_LABELS[r.staffRole as Exclude<Role, 'resident'>] ?? '工作人员',
      areaName: r.areaName,
      schoolName: r.schoolName,
    }));
  }

  /** The administrators' view: accesses by staff of their subtree, newest first. */
  async list(actor: Actor, q: AccessLogQuery): Promise<Page<AccessLogEntry>> {
    if (!ADMIN_ROLES.includes(actor.role) || actor.areaId === null) throw AppError.forbidden();
    const area = await this.areas.get(actor.areaId);
    const limit = q.limit ?? 20;
    const from = q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined;
    // `to` is a day, inclusive: everything before the next Shanghai midnight
    const to = q.to ? new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + DAY_MS) : undefined;
    const rows = await this.repo.list({
      areaPath: area.path,
      residentId: q.residentId,
      staffId: q.staffId,
      from,
      to,
      before: decodeCursor(q.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    // names are sealed under each resident's data key (null once the account was closed)
    const names = await this.residentCrypto.openAll(page.map((r) => ({ residentId: r.residentId, stored: r.residentName })));
    const items = page.map((r, i) => ({ ...r, residentName: r.residentName === null ? null : (names[i] ?? CLOSED_NAME) }));
    return { items: items.map(entryView), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** Deletes rows older than `days` days; returns how many. */
  purgeOlderThan(days: number): Promise<number> {
    return this.repo.purgeBefore(new Date(this.clock.now().getTime() - days * DAY_MS));
  }
}

const entryView = (r: AccessEntryRow): AccessLogEntry => ({
  id: r.id,
  at: new Date(r.at).toISOString(),
  kind: r.kind,
  purpose: PERSONAL_DATA_KIND_LABELS[r.kind],
  route: r.route,
  staff: { userId: r.staffId, name: r.staffName, role: r.staffRole },
  areaName: r.areaName,
  schoolName: r.schoolName,
  resident: { userId: r.residentId, nameMasked: r.residentName ? maskName(r.residentName) : '（未填写信息）' },
});

function encodeCursor(r: AccessEntryRow): string {
  return Buffer.from(JSON.stringify([new Date(r.at).toISOString(), r.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const when = new Date(at);
    if (!Number.isNaN(when.getTime()) && /^\d{1,18}$/.test(id)) return { at: when, id };
  } catch {
    // falls through to the refusal below
  }
  throw AppError.badRequest('翻页参数不对，请从第一页重新查看');
}
