import { AreaLevel, Highlight, OfferingKind, OfferingStatus, ResidentGroup, Role, shanghaiDate, withIdCardChecksum } from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AreaPopulation } from '../areas/area-population.entity';
import type { Area } from '../areas/area.entity';
import { AreasService } from '../areas/areas.service';
import { PasswordHasher } from '../auth/password-hasher';
import { FieldCrypto } from '../common/field-crypto.service';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { OfferingsService } from '../offerings/offerings.service';
import { PartnersService } from '../partners/partners.service';
import { nameHashInput } from '../residents/resident-name';
import { ResidentsService } from '../residents/residents.service';
import { SelectionsService } from '../selections/selections.service';
import type { School } from '../schools/school.entity';
import { SchoolsService } from '../schools/schools.service';
import { TeachersService } from '../teachers/teachers.service';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { Venue } from '../venues/venue.entity';
import { VenuesService } from '../venues/venues.service';
import { DEMO_STAR_STORY, DISTRICT, GIVEN, OTHER_VENUES, SCHOOLS, STREETS, SURNAMES, TEACHERS } from './demo-district';
import { DEMO_PASSWORD, PERSONAS } from './personas';
import { SEASON, TEACHER_PROFILES } from './demo-season';
import { seedLearningHistory, seedPartners } from './demo-learning';
import { demoVideoPath } from './demo-videos';
import { seedRegisters } from './demo-registers';
import { EducationWorkersService } from '../registers/education-workers.service';
import { VolunteersService } from '../registers/volunteers.service';
import { CreditRulesService } from '../credit-rules/credit-rules.service';
import { LearningRecordsService } from '../learning-records/learning-records.service';
import { LearningOrganisationsService } from '../learning-organisations/learning-organisations.service';
import { CampaignsService } from '../campaigns/campaigns.service';
import { DEMO_ORGANISATIONS, DEMO_RESIDENT_APPLICATION } from './demo-organisations';
import { AccessLogService } from '../access-log/access-log.service';

const ADMIN_DISTRICT_ID = PERSONAS.find((p) => p.username === 'admin_district')!.userId;

/** Small deterministic generator so every newcomer sees the same district. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESIDENTS_PER_COMMUNITY = 15;

/**
 * Fills an empty database with 明湖区: areas, population, schools, venues, teachers, admins,
 * residents, the season's offerings, partners and past learning. Every row goes through the
 * service of the feature that owns its table, in one transaction.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly areas: AreasService,
    private readonly crypto: FieldCrypto,
    private readonly passwords: PasswordHasher,
    private readonly rules: CreditRulesService,
    private readonly records: LearningRecordsService,
    private readonly schools: SchoolsService,
    private readonly venues: VenuesService,
    private readonly users: UsersService,
    private readonly teachers: TeachersService,
    private readonly residents: ResidentsService,
    private readonly offerings: OfferingsService,
    private readonly enrollments: EnrollmentsService,
    private readonly partners: PartnersService,
    private readonly volunteers: VolunteersService,
    private readonly workers: EducationWorkersService,
    private readonly selections: SelectionsService,
    private readonly organisations: LearningOrganisationsService,
    private readonly campaigns: CampaignsService,
    private readonly accessLog: AccessLogService,
  ) {}

  async seedIfEmpty(): Promise<boolean> {
    if (await this.areas.hasAny()) return false;
    await this.seed();
    return true;
  }

  async seed(): Promise<void> {
    const rnd = random(20261122);
    const staffHash = await this.passwords.hash(DEMO_PASSWORD);
    await this.dataSource.transaction(async (m) => {
      const byCode = await this.seedAreas(m);
      await this.seedPopulation(m, byCode, rnd);
      const { schools, venues } = await this.seedSchoolsAndVenues(m, byCode);
      await this.seedStaff(m, byCode, schools, staffHash);
      await this.seedOrganisations(m, byCode);
      const residents = await this.seedResidents(m, byCode, rnd);
      await this.organisations.storeDemo(m, { ...DEMO_RESIDENT_APPLICATION, areaId: byCode.get(DEMO_RESIDENT_APPLICATION.area)!.id }, PERSONAS[0].userId, null);
      const { count: offerings, learningWeek } = await this.seedSeason(m, byCode, schools, venues, rnd);
      const district = [...byCode.values()].find((a) => a.parentId === null)!;
      await this.seedCampaign(m, district.id, learningWeek);
      await this.rules.publishInitial(m, district.id, `${shanghaiDate().slice(0, 4)}-01-01`);
      await seedPartners(m, this.partners, district.id);
      await seedRegisters(m, { volunteers: this.volunteers, workers: this.workers }, {
        byCode, schools, featuredResident: PERSONAS[0].userId, otherResident: PERSONAS[1].userId, admin: ADMIN_DISTRICT_ID, year: Number(shanghaiDate().slice(0, 4)),
      });
      await this.seedAccessLog(m, schools, district);
      await this.selections.seedDemo(m, {
        districtId: district.id,
        adminId: ADMIN_DISTRICT_ID,
        today: shanghaiDate(),
        nominees: [{ userId: PERSONAS[0].userId, communityId: byCode.get('330299001001')!.id, story: DEMO_STAR_STORY }],
      });
      const learned = await seedLearningHistory(m, this.records, this.residents, { importedBy: ADMIN_DISTRICT_ID, featuredResident: PERSONAS[0].userId, now: new Date(), rnd });
      this.logger.log(`demo district 明湖区 seeded: ${byCode.size} areas, ${schools.size} schools, ${residents} residents, ${offerings} courses and activities, ${learned} past learning records`);
    });
  }

  private async seedAreas(m: EntityManager): Promise<Map<string, Area>> {
    const byCode = new Map<string, Area>();
    const district = await this.areas.createArea(m, {
      code: DISTRICT.code, name: DISTRICT.name, level: AreaLevel.District, parentId: null,
      isRural: false, latitude: DISTRICT.lat, longitude: DISTRICT.lng,
    });
    byCode.set(district.code, district);
    for (const s of STREETS) {
      const street = await this.areas.createArea(m, {
        code: s.code, name: s.name, level: AreaLevel.Street, parentId: district.id,
        isRural: s.communities.every((c) => c.rural), latitude: s.lat, longitude: s.lng,
      });
      byCode.set(street.code, street);
      for (const c of s.communities) {
        const community = await this.areas.createArea(m, {
          code: c.code, name: c.name, level: AreaLevel.Community, parentId: street.id,
          isRural: c.rural, latitude: c.lat, longitude: c.lng,
        });
        byCode.set(community.code, community);
      }
    }
    return byCode;
  }

  /**
   * Community figures are drawn; streets and the district are the sums of their children. A demo
   * community is as small as the residents seeded in it (a real one has thousands), so that the
   * share of residents served is the demo's own: about two in three learned this year, and the
   * 60% indicator shows areas on both sides of the line instead of a fraction of a percent.
   * Organisations are drawn from a generator of their own, so every other figure of the demo is
   * the same as before they were added.
   */
  private async seedPopulation(m: EntityManager, byCode: Map<string, Area>, rnd: () => number): Promise<void> {
    const thisYear = Number(shanghaiDate().slice(0, 4));
    const orgRnd = random(20261201);
    for (const year of [thisYear - 1, thisYear]) {
      const district = emptyFigures(byCode.get(DISTRICT.code)!.id, year);
      for (const s of STREETS) {
        const street = emptyFigures(byCode.get(s.code)!.id, year);
        for (const c of s.communities) {
          // never fewer than the residents seeded there (王秀英 and 李建国 add one each to theirs)
          const total = RESIDENTS_PER_COMMUNITY + 1 + Math.floor(rnd() * 5) + (year - thisYear);
          const row: Omit<AreaPopulation, 'updatedAt'> = {
            areaId: byCode.get(c.code)!.id,
            year,
            residentTotal: total,
            aged60Plus: Math.round(total * (c.rural ? 0.3 : 0.22 + rnd() * 0.05)),
            under18: Math.round(total * (0.13 + rnd() * 0.04)),
            employed: Math.round(total * (c.rural ? 0.42 : 0.52)),
            migrantWorkers: c.rural ? Math.round(total * 0.02) : Math.round(total * (0.06 + rnd() * 0.08)),
            // about one in five working-age demo residents is out of work, far above a real district's 2%
            unemployed: Math.round(total * (0.08 + rnd() * 0.04)),
            ruralLabor: c.rural ? Math.round(total * 0.38) : 0,
            organisations: 0,
            learningOrganisations: 0,
            updatedBy: null,
          };
          addOwnOrganisations(row, orgRnd, 3, 8);
          await this.areas.storePopulation(m, row);
          addFigures(street, row);
        }
        addOwnOrganisations(street, orgRnd, 1, 3);
        await this.areas.storePopulation(m, street);
        addFigures(district, street);
      }
      addOwnOrganisations(district, orgRnd, 3, 6);
      await this.areas.storePopulation(m, district);
    }
  }

  private async seedSchoolsAndVenues(m: EntityManager, byCode: Map<string, Area>): Promise<{ schools: Map<string, School>; venues: Map<string, Venue> }> {
    const schools = new Map<string, School>();
    const venues = new Map<string, Venue>();
    const venue = async (
      v: { name: string; address: string; lat: number; lng: number; capacity: number; rooms: [string, number][]; areaId: number; schoolId: number | null },
    ) => {
      const values = { name: v.name, address: v.address, latitude: v.lat, longitude: v.lng, capacity: v.capacity, areaId: v.areaId, schoolId: v.schoolId };
      venues.set(v.name, await this.venues.insert(m, values, v.rooms));
    };
    for (const s of SCHOOLS) {
      const area = byCode.get(s.area)!;
      const school = await this.schools.insert(m, { name: s.name, type: s.type, areaId: area.id, address: s.address });
      schools.set(s.name, school);
      await venue({ ...s.venue, address: s.address, areaId: area.id, schoolId: school.id });
    }
    for (const v of OTHER_VENUES) {
      await venue({ ...v, areaId: byCode.get(v.area)!.id, schoolId: null });
    }
    return { schools, venues };
  }

  private async seedStaff(m: EntityManager, byCode: Map<string, Area>, schools: Map<string, School>, passwordHash: string): Promise<void> {
    const staff = (p: (typeof PERSONAS)[number], extra: Partial<User>) =>
      this.users.insert(m, { id: p.userId, role: p.role, displayName: p.label.replace(/^.+? /, ''), username: p.username, passwordHash, isDemo: true, ...extra });
    const persona = (username: string) => PERSONAS.find((p) => p.username === username)!;
    await staff(persona('teacher_demo'), { displayName: '陈静', schoolId: schools.get('明湖区社区学院')!.id });
    await staff(persona('admin_street'), { displayName: '湖滨街道社区教育办', areaId: byCode.get('330299001')!.id });
    await staff(persona('admin_community'), { displayName: '柳岸社区居委会', areaId: byCode.get('330299001001')!.id });
    await staff(persona('admin_district'), { displayName: '明湖区教育局', areaId: byCode.get(DISTRICT.code)!.id });
    for (const [i, t] of TEACHERS.slice(1).entries()) {
      await this.users.insert(m, {
        role: Role.Teacher, displayName: t.name, username: `teacher${String(i + 2).padStart(2, '0')}`,
        passwordHash, isDemo: true, schoolId: schools.get(t.school)!.id,
      });
    }
  }

  /**
   * 谁看过我的信息 in the demo: 陈静 found 王秀英 for a 代签 last week, and the district enrolled 李建国
   * as a volunteer by his phone a month ago.
   */
  private async seedAccessLog(m: EntityManager, schools: Map<string, School>, district: Area): Promise<void> {
    const persona = (username: string) => PERSONAS.find((p) => p.username === username)!;
    const college = schools.get('明湖区社区学院')!;
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    await this.accessLog.insertDemo(m, [
      {
        staffId: persona('teacher_demo').userId, staffRole: Role.Teacher, areaId: college.areaId, schoolId: college.id,
        residentId: PERSONAS[0].userId, kind: 'proxy-lookup', route: 'POST /api/teacher/sessions/:id/proxy-lookups', at: daysAgo(6),
      },
      {
        staffId: ADMIN_DISTRICT_ID, staffRole: persona('admin_district').role, areaId: district.id, schoolId: null,
        residentId: PERSONAS[1].userId, kind: 'register-entry', route: 'POST /api/admin/volunteers', at: daysAgo(30),
      },
    ]);
  }

  /**
   * A few 学习型组织 registered by the personas; the recognised ones by an admin above their area who
   * did not register them (the street's for the community's, else the district's), on 1月15日 of this year.
   */
  private async seedOrganisations(m: EntityManager, byCode: Map<string, Area>): Promise<void> {
    const userOf = (username: string) => PERSONAS.find((p) => p.username === username)!.userId;
    const on = `${shanghaiDate().slice(0, 4)}-01-15`;
    for (const o of DEMO_ORGANISATIONS) {
      const recognition = o.recognised ? { by: o.by === 'admin_community' ? userOf('admin_street') : ADMIN_DISTRICT_ID, on } : null;
      await this.organisations.storeDemo(m, { ...o, areaId: byCode.get(o.area)!.id }, userOf(o.by), recognition);
    }
  }

  /** The season's courses and activities, teachers' profiles, and residents already enrolled. */
  private async seedSeason(
    m: EntityManager,
    byCode: Map<string, Area>,
    schools: Map<string, School>,
    venues: Map<string, Venue>,
    rnd: () => number,
  ): Promise<{ count: number; learningWeek: number[] }> {
    const learningWeek: number[] = [];
    const teachers = new Map((await this.users.findByRole(m, Role.Teacher)).map((t) => [t.displayName, t]));
    for (const [name, profile] of Object.entries(TEACHER_PROFILES)) {
      const t = teachers.get(name);
      if (t) await this.teachers.insertProfile(m, t.id, profile);
    }
    const areaById = new Map([...byCode.values()].map((a) => [a.id, a]));
    const residents = (await this.residents.homes(m)).map((h) => ({ id: h.userId, street: areaById.get(h.communityId)!.parentId }));
    const now = Date.now();
    for (const d of SEASON) {
      const school = schools.get(d.school)!;
      const venue = d.venue ? venues.get(d.venue) : null;
      if (venue === undefined) throw new Error(`demo season: no venue named ${d.venue}`);
      const online = d.kind === OfferingKind.MicroCourse;
      const first = shanghaiAt(d.day, d.time);
      const count = online ? 0 : (d.weeks ?? 1);
      const sessions = Array.from({ length: count }, (_, i) => {
        const startsAt = new Date(first.getTime() + i * 7 * 86400_000);
        return { seq: i + 1, startsAt, endsAt: new Date(startsAt.getTime() + d.hours * 3600_000), minutes: d.minutes };
      });
      const status = d.status ?? OfferingStatus.Published;
      const author = teachers.get(d.teachers[0])!;
      const opens = new Date(first.getTime() - 21 * 86400_000);
      const closes = online ? new Date(first.getTime() + 365 * 86400_000) : new Date(sessions[sessions.length - 1].startsAt.getTime() - 3600_000);
      const lessons = (d.lessons ?? []).map(([title, seconds], i) => ({
        seq: i + 1, title, durationSeconds: seconds, minutes: Math.round(seconds / 60), videoUrl: demoVideoPath(seconds),
      }));
      const offeringId = await this.offerings.saveWithSchedule(m, {
        kind: d.kind, title: d.title, description: d.description, coverUrl: null, category: d.category,
        targetGroups: d.targetGroups ?? [], restrictedToTargetGroups: d.restricted ?? false, highlight: d.highlight ?? null,
        areaId: venue ? venue.areaId : school.areaId, schoolId: school.id, venueId: venue?.id ?? null, authorId: author.id,
        capacity: d.capacity, enrollOpensAt: opens, enrollClosesAt: closes,
        startsAt: online ? first : sessions[0].startsAt,
        endsAt: online ? new Date('9999-12-31T00:00:00Z') : sessions[sessions.length - 1].endsAt,
        sessionCount: count, status,
        submittedAt: status === OfferingStatus.Draft ? null : opens,
        publishedAt: status === OfferingStatus.Published ? opens : null,
        updatedAt: new Date(),
      }, { sessions, lessons }, d.teachers.map((name) => teachers.get(name)!.id));
      if (status === OfferingStatus.Published && d.highlight === Highlight.LearningWeek) learningWeek.push(offeringId);
      if (status !== OfferingStatus.Published || online) continue;
      // residents of the venue's street (or anyone, for district-wide venues) have taken about half the places
      const streetOf = venue ? areaById.get(venue.areaId)?.parentId : null;
      const pool = residents.filter((r) => !streetOf || r.street === streetOf || r.street === venue?.areaId);
      const wanted = Math.min(pool.length, Math.floor(d.capacity * (0.3 + rnd() * 0.4)));
      const chosen = new Set<string>();
      if (['智能手机入门班', '太极拳（二十四式）', '防范电信诈骗讲座'].includes(d.title)) chosen.add(PERSONAS[0].userId);
      while (chosen.size < wanted) chosen.add(pool[Math.floor(rnd() * pool.length)].id);
      for (const residentId of chosen) {
        await this.enrollments.insertEnrolledAt(m, offeringId, residentId, new Date(Math.min(now, opens.getTime() + rnd() * 7 * 86400_000)));
      }
      await this.offerings.adjustCounts(m, offeringId, chosen.size, 0);
    }
    return { count: SEASON.length, learningWeek };
  }

  /** This year's 全民终身学习活动周 of the district, published, over the season's 活动周 activities (days 4 to 10 from today). */
  private async seedCampaign(m: EntityManager, districtId: number, offeringIds: number[]): Promise<void> {
    const day = (n: number) => shanghaiDate(new Date(Date.now() + n * 86400_000));
    const startsOn = day(4);
    await this.campaigns.seedDemo(m, {
      areaId: districtId,
      createdBy: ADMIN_DISTRICT_ID,
      title: `${startsOn.slice(0, 4)}年全民终身学习活动周`,
      description: '活动周期间，社区学院、图书馆和各社区学校开放课堂，有讲座、读书会和开幕式，欢迎全家一起来。',
      startsOn,
      endsOn: day(10),
      offeringIds,
    });
  }

  private async seedResidents(m: EntityManager, byCode: Map<string, Area>, rnd: () => number): Promise<number> {
    const today = shanghaiDate();
    const thisYear = Number(today.slice(0, 4));
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    let seq = 0;
    const add = async (
      userId: string | undefined, name: string, birthDate: string, communityCode: string, groups: ResidentGroup[], withId: boolean,
    ) => {
      seq += 1;
      const phone = `139${String(57000000 + seq * 7919).padStart(8, '0')}`;
      const idNumber = withId ? withIdCardChecksum(`${DISTRICT.code}${birthDate.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`) : null;
      const id = await this.users.insert(m, { ...(userId ? { id: userId } : {}), role: Role.Resident, displayName: name, isDemo: true });
      await this.residents.insertProfile(m, {
        userId: id, realName: name, nameHash: this.crypto.lookupHash(nameHashInput(name)), phoneEnc: this.crypto.encrypt(phone), phoneHash: this.crypto.lookupHash(phone),
        idNumberEnc: idNumber ? this.crypto.encrypt(idNumber) : null, idNumberHash: idNumber ? this.crypto.lookupHash(idNumber) : null,
        birthDate, communityId: byCode.get(communityCode)!.id, groups,
      });
    };
    await add(PERSONAS[0].userId, '王秀英', `${thisYear - 68}-03-14`, '330299001001', [], true);
    await add(PERSONAS[1].userId, '李建国', `${thisYear - 41}-09-02`, '330299002002', [ResidentGroup.Employed, ResidentGroup.MigrantWorker], true);
    for (const street of STREETS) {
      for (const c of street.communities) {
        for (let i = 0; i < RESIDENTS_PER_COMMUNITY; i++) {
          const r = rnd();
          const age = r < 0.15 ? 6 + Math.floor(rnd() * 12) : r < 0.62 ? 18 + Math.floor(rnd() * 42) : 60 + Math.floor(rnd() * 28);
          const birth = `${thisYear - age}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
          const groups: ResidentGroup[] = [];
          if (age >= 18 && age < 60) {
            if (rnd() < 0.8) groups.push(ResidentGroup.Employed);
            else groups.push(ResidentGroup.Unemployed);
            if (!c.rural && rnd() < 0.15) groups.push(ResidentGroup.MigrantWorker);
            if (c.rural && rnd() < 0.5) groups.push(ResidentGroup.Farmer);
          }
          if (rnd() < 0.03) groups.push(ResidentGroup.Disabled);
          const name = pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : '');
          await add(undefined, name, birth, c.code, groups, rnd() < 0.7);
        }
      }
    }
    return seq;
  }
}

/** Days from today at a Shanghai wall-clock time, as an instant. */
function shanghaiAt(daysFromToday: number, [h, min]: [number, number]): Date {
  const today = shanghaiDate();
  const midnight = new Date(`${today}T00:00:00+08:00`).getTime();
  return new Date(midnight + daysFromToday * 86400_000 + (h * 60 + min) * 60_000);
}

function emptyFigures(areaId: number, year: number): Omit<AreaPopulation, 'updatedAt'> {
  return {
    areaId, year, residentTotal: 0, aged60Plus: 0, under18: 0, employed: 0, migrantWorkers: 0, unemployed: 0, ruralLabor: 0,
    organisations: 0, learningOrganisations: 0, updatedBy: null,
  };
}

/** A node's own organisations (a community's, or a street's 街道机关 and the like on top of its children's), most of them already 学习型. */
function addOwnOrganisations(into: Omit<AreaPopulation, 'updatedAt'>, rnd: () => number, fewest: number, most: number): void {
  const own = fewest + Math.floor(rnd() * (most - fewest + 1));
  into.organisations += own;
  into.learningOrganisations += Math.round(own * (0.6 + rnd() * 0.4));
}

function addFigures(into: Omit<AreaPopulation, 'updatedAt'>, from: Omit<AreaPopulation, 'updatedAt'>): void {
  into.residentTotal += from.residentTotal;
  into.aged60Plus += from.aged60Plus;
  into.under18 += from.under18;
  into.employed += from.employed;
  into.migrantWorkers += from.migrantWorkers;
  into.unemployed += from.unemployed;
  into.ruralLabor += from.ruralLabor;
  into.organisations += from.organisations;
  into.learningOrganisations += from.learningOrganisations;
}
