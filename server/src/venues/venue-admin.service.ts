import { NumberedPage, OpeningPeriod, openingHoursProblems, PlaceError, PlaceImportResult, RoomInput, roomProblems, VenueAdminItem } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { SpreadsheetReader } from '../common/spreadsheet/spreadsheet-reader';
import { PLACE_SHEET_LIMITS, refuseProblems } from '../places/place-file';
import { assertInService, PlaceScope, placeArea, placePage } from '../places/place-scope';
import { VenueChangeDto, VenueInputDto, VenueListQueryDto } from '../places/place.dto';
import { SchoolsService } from '../schools/schools.service';
import { venueLines } from './venue-file';
import { VenueRoom } from './venue-room.entity';
import { Venue } from './venue.entity';

type VenueValues = Pick<Venue, 'name' | 'address' | 'latitude' | 'longitude' | 'capacity' | 'areaId' | 'schoolId' | 'openingHours'>;

const sortHours = (periods: OpeningPeriod[]): OpeningPeriod[] =>
  [...periods].map(({ weekday, opens, closes }) => ({ weekday, opens, closes })).sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens));

/** Administrators keep the 场地资源库 of their area: venues with rooms and opening hours; every change audited. */
@Injectable()
export class VenueAdminService {
  constructor(
    @InjectRepository(Venue) private readonly venues: Repository<Venue>,
    private readonly schools: SchoolsService,
    private readonly scope: PlaceScope,
    private readonly spreadsheets: SpreadsheetReader,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, q: VenueListQueryDto): Promise<NumberedPage<VenueAdminItem>> {
    const root = await this.scope.listRoot(actor, q.areaId);
    const qb = this.venues.createQueryBuilder('v').where('true');
    if (q.schoolId) qb.andWhere('v.school_id = :schoolId', { schoolId: q.schoolId });
    return placePage(qb, 'v', 'venue_area', root, q, (ids) => this.items(ids));
  }

  async get(actor: Actor, id: number): Promise<VenueAdminItem> {
    const venue = await this.find(actor, id);
    return (await this.items([venue.id]))[0];
  }

  async create(actor: Actor, dto: VenueInputDto): Promise<VenueAdminItem> {
    await this.scope.assertWritable(actor, dto.areaId, '场地');
    const values: VenueValues = {
      name: dto.name, address: dto.address, latitude: dto.latitude, longitude: dto.longitude, capacity: dto.capacity, areaId: dto.areaId,
      schoolId: dto.schoolId ?? null, openingHours: sortHours(dto.openingHours ?? []),
    };
    const rooms = dto.rooms ?? [];
    await this.assertConsistent(actor, values, rooms, null);
    const saved = await this.dataSource.transaction(async (manager) => {
      const venue = await manager.save(manager.create(Venue, { ...values, active: true }));
      await this.syncRooms(manager, venue.id, rooms);
      await this.record(manager, actor, 'venue.add', venue, { ...values, rooms });
      return venue;
    });
    return this.get(actor, saved.id);
  }

  async change(actor: Actor, id: number, dto: VenueChangeDto): Promise<VenueAdminItem> {
    const venue = await this.find(actor, id);
    const change = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as VenueChangeDto;
    if (!Object.keys(change).length) throw AppError.badRequest('没有要修改的内容', undefined, PlaceError.NothingToChange);
    const storedRooms = await this.dataSource.getRepository(VenueRoom).findBy({ venueId: venue.id });
    const values: VenueValues = {
      name: change.name ?? venue.name, address: change.address ?? venue.address, latitude: change.latitude ?? venue.latitude,
      longitude: change.longitude ?? venue.longitude, capacity: change.capacity ?? venue.capacity, areaId: change.areaId ?? venue.areaId,
      schoolId: change.schoolId === undefined ? venue.schoolId : change.schoolId, openingHours: sortHours(change.openingHours ?? venue.openingHours),
    };
    const active = change.active ?? venue.active;
    const rooms = change.rooms ?? storedRooms.map((r) => ({ name: r.name, capacity: r.capacity }));
    const area = await this.scope.assertHolds(actor, values.areaId);
    if (active) assertInService(area, '场地');
    await this.assertConsistent(actor, values, rooms, venue.id);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Venue, venue.id, { ...values, active });
      if (change.rooms) await this.syncRooms(manager, venue.id, rooms);
      await this.record(manager, actor, 'venue.change', venue, {
        before: { name: venue.name, address: venue.address, latitude: venue.latitude, longitude: venue.longitude, capacity: venue.capacity, areaId: venue.areaId, schoolId: venue.schoolId, active: venue.active },
        change,
      });
    });
    return this.get(actor, venue.id);
  }

  /** Reads a venues file; rows are matched by area and name, so the same file again changes nothing. */
  async import(actor: Actor, file: Buffer | undefined, apply: boolean): Promise<PlaceImportResult> {
    const own = await this.scope.listRoot(actor, undefined);
    if (!file?.length) throw AppError.badRequest('请上传场地表（.xlsx 或 .csv）', undefined, PlaceError.FileMissing);
    const { lines, problems } = venueLines(await this.spreadsheets.read(file, PLACE_SHEET_LIMITS));
    const areas = new Map((await this.scope.findByCodes(lines.map((l) => l.areaCode))).map((a) => [a.code, a]));
    const schoolNames = [...new Set(lines.map((l) => l.schoolName).filter((n): n is string => n !== null))];
    const schools = new Map((await this.schools.findByNames(schoolNames)).map((s) => [s.name, s]));
    const schoolAreas = new Map((await this.scope.findByIds([...schools.values()].map((s) => s.areaId))).map((a) => [a.id, a]));
    const areaIds = [...areas.values()].map((a) => a.id);
    const stored = areaIds.length ? await this.venues.find({ where: { areaId: In(areaIds), name: In(lines.map((l) => l.name)) }, relations: { rooms: true } }) : [];
    const storedBy = new Map(stored.map((v) => [`${v.areaId}:${v.name}`, v]));
    const result: PlaceImportResult = { applied: apply, changes: [], unchanged: 0 };
    const writes: { values: VenueValues; rooms: RoomInput[] | null; stored: Venue | null }[] = [];
    const seen = new Map<string, number>();
    for (const line of lines) {
      const at = `第${line.line}行（${line.name}）`;
      const before = problems.length;
      const area = areas.get(line.areaCode);
      if (!area) problems.push(`${at}：找不到区划代码${line.areaCode}，请先在区域树里建好`);
      else if (!area.path.startsWith(own.path)) problems.push(`${at}：${area.name}不在您管理的范围内`);
      else if (area.retiredAt) problems.push(`${at}：${area.name}已停用，场地不能放在停用的区域里`);
      const key = `${line.areaCode}:${line.name}`;
      if (seen.has(key)) problems.push(`${at}：同一区域的场地与第${seen.get(key)}行重名`);
      seen.set(key, line.line);
      const school = line.schoolName ? schools.get(line.schoolName) : null;
      const schoolArea = school && schoolAreas.get(school.areaId);
      if (line.schoolName && (!school || !schoolArea?.path.startsWith(own.path))) problems.push(`${at}：找不到您管理范围内的学校“${line.schoolName}”`);
      if (!area || problems.length > before) continue;
      const current = storedBy.get(`${area.id}:${line.name}`) ?? null;
      const values: VenueValues = {
        name: line.name, address: line.address, latitude: line.latitude, longitude: line.longitude, capacity: line.capacity, areaId: area.id,
        schoolId: school ? school.id : (current?.schoolId ?? null), openingHours: sortHours(line.openingHours ?? current?.openingHours ?? []),
      };
      const rooms = line.rooms ?? current?.rooms.map((r) => ({ name: r.name, capacity: r.capacity })) ?? [];
      const roomIssues = roomProblems(rooms, values.capacity);
      if (roomIssues.length) {
        problems.push(...roomIssues.map((p) => `${at}：${p}`));
        continue;
      }
      if (current && sameVenue(current, values, line.rooms)) {
        result.unchanged += 1;
        continue;
      }
      result.changes.push({ line: line.line, name: line.name, areaName: area.name, kind: current ? 'update' : 'add' });
      writes.push({ values, rooms: line.rooms, stored: current });
    }
    refuseProblems(problems);
    if (apply && writes.length) {
      await this.dataSource.transaction(async (manager) => {
        for (const w of writes) {
          const id = w.stored ? w.stored.id : (await manager.save(manager.create(Venue, { ...w.values, active: true }))).id;
          if (w.stored) await manager.update(Venue, id, w.values);
          if (w.rooms) await this.syncRooms(manager, id, w.rooms);
        }
        await this.audit.record(manager, {
          ...auditedBy(actor), action: 'venue.import', targetType: 'area', targetId: String(own.id), areaId: own.id,
          details: { added: writes.filter((w) => !w.stored).map((w) => w.values.name), updated: writes.filter((w) => w.stored).map((w) => w.values.name) },
        });
      });
    }
    return result;
  }

  /** The venue, when it lies in the actor's subtree. */
  private async find(actor: Actor, id: number): Promise<Venue> {
    const venue = await this.venues.findOneBy({ id });
    if (!venue) throw AppError.notFound('没有找到这个场地');
    await this.scope.assertHolds(actor, venue.areaId);
    return venue;
  }

  /** Rooms and hours that fit the venue, a school the actor keeps, and a name free in the area. */
  private async assertConsistent(actor: Actor, values: VenueValues, rooms: RoomInput[], except: number | null): Promise<void> {
    const problems = [...roomProblems(rooms, values.capacity), ...openingHoursProblems(values.openingHours)];
    if (problems.length) throw AppError.badRequest(problems[0], problems, PlaceError.Inconsistent);
    if (values.schoolId !== null) {
      const school = await this.schools.findById(values.schoolId);
      const area = school && (await this.scope.findByIds([school.areaId]))[0];
      const own = await this.scope.listRoot(actor, undefined);
      if (!area || !area.path.startsWith(own.path)) throw AppError.badRequest('找不到这所学校，请从您管理范围内的学校里选', undefined, PlaceError.SchoolUnknown);
    }
    const taken = await this.venues.findOneBy({ areaId: values.areaId, name: values.name });
    if (taken && taken.id !== except) throw AppError.conflict(`这个区域已经有一个场地叫“${values.name}”`, PlaceError.NameTaken);
  }

  /** Makes the venue's rooms exactly these, keeping the row (and id) of a room whose name stays. */
  private async syncRooms(manager: EntityManager, venueId: number, rooms: RoomInput[]): Promise<void> {
    const stored = await manager.findBy(VenueRoom, { venueId });
    const wanted = new Map(rooms.map((r) => [r.name, r]));
    const gone = stored.filter((r) => !wanted.has(r.name)).map((r) => r.id);
    if (gone.length) await manager.delete(VenueRoom, { id: In(gone) });
    const kept = new Map(stored.map((r) => [r.name, r]));
    for (const room of rooms) {
      const row = kept.get(room.name);
      if (!row) await manager.insert(VenueRoom, { venueId, name: room.name, capacity: room.capacity });
      else if (row.capacity !== room.capacity) await manager.update(VenueRoom, row.id, { capacity: room.capacity });
    }
  }

  private record(manager: EntityManager, actor: Actor, action: string, venue: Venue, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(manager, { ...auditedBy(actor), action, targetType: 'venue', targetId: String(venue.id), areaId: venue.areaId, details });
  }

  private async items(ids: number[]): Promise<VenueAdminItem[]> {
    if (!ids.length) return [];
    const venues = await this.venues.find({ where: { id: In(ids) }, relations: { rooms: true } });
    const areas = new Map((await this.scope.findByIds([...new Set(venues.map((v) => v.areaId))])).map((a) => [a.id, a]));
    const schoolIds = [...new Set(venues.map((v) => v.schoolId).filter((s): s is number => s !== null))];
    const schools = new Map((await this.schools.findByIds(schoolIds)).map((s) => [s.id, s]));
    const byId = new Map(venues.map((v) => [v.id, v]));
    return ids.map((id) => {
      const v = byId.get(id)!;
      const school = v.schoolId === null ? null : schools.get(v.schoolId);
      return {
        id: v.id, name: v.name, address: v.address, latitude: v.latitude, longitude: v.longitude, capacity: v.capacity,
        area: placeArea(areas.get(v.areaId)!), school: school ? { id: school.id, name: school.name } : null,
        rooms: [...v.rooms].sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, name: r.name, capacity: r.capacity })),
        openingHours: v.openingHours, active: v.active,
      };
    });
  }
}

/** Whether a file row asks for nothing new of the stored venue. */
function sameVenue(stored: Venue, values: VenueValues, rooms: RoomInput[] | null): boolean {
  const sameRooms = rooms === null || JSON.stringify([...rooms].sort((a, b) => a.name.localeCompare(b.name))) === JSON.stringify([...stored.rooms].map((r) => ({ name: r.name, capacity: r.capacity })).sort((a, b) => a.name.localeCompare(b.name)));
  return sameRooms && stored.address === values.address && stored.latitude === values.latitude && stored.longitude === values.longitude
    && stored.capacity === values.capacity && stored.schoolId === values.schoolId && JSON.stringify(sortHours(stored.openingHours)) === JSON.stringify(values.openingHours);
}
