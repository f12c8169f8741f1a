import type { AreaSummary } from './api';
import type { SchoolType } from './enums';

/** Days of the week as the opening hours name them: 1 Monday … 7 Sunday. */
export const WEEKDAY_LABELS: Record<number, string> = { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' };

/** One opening period of a venue on one weekday, times as HH:MM in Beijing time. */
export interface OpeningPeriod {
  weekday: number;
  opens: string;
  closes: string;
}

export interface RoomInput {
  name: string;
  capacity: number;
}

/** The largest schools/venues import file taken (a district has a few hundred of each). */
export const PLACES_FILE_MAX_BYTES = 2 * 1024 * 1024;
/** Rows of a page of the schools or venues table, unless the caller asks for fewer. */
export const PLACES_PAGE_SIZE = 20;
/** The most rooms one venue may list. */
export const VENUE_ROOMS_MAX = 50;

/** GET /api/admin/schools: one school as administrators see it. */
export interface SchoolAdminItem {
  id: number;
  name: string;
  type: SchoolType;
  address: string | null;
  area: AreaSummary & { code: string; retired: boolean };
  active: boolean;
  venueCount: number;
}

export interface VenueAdminRoom {
  id: number;
  name: string;
  capacity: number;
}

/** GET /api/admin/venues: one venue with its rooms and opening hours. */
export interface VenueAdminItem {
  id: number;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  capacity: number;
  area: AreaSummary & { code: string; retired: boolean };
  school: { id: number; name: string } | null;
  rooms: VenueAdminRoom[];
  openingHours: OpeningPeriod[];
  active: boolean;
}

/** A numbered page of a master-data table: `total` rows in all, this page's `items`. */
export interface NumberedPage<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

/** One row of a schools or venues file and what it would do. */
export interface PlaceImportChange {
  line: number;
  name: string;
  areaName: string;
  /** 'add' for a new school or venue; 'update' when a stored one (matched by name) differs. */
  kind: 'add' | 'update';
}

/** POST /api/admin/schools/import(/preview), POST /api/admin/venues/import(/preview) */
export interface PlaceImportResult {
  /** false for a preview: nothing was written. */
  applied: boolean;
  changes: PlaceImportChange[];
  /** Rows that match what is stored already. */
  unchanged: number;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What is wrong with a venue's opening hours, in Chinese; empty when nothing is. */
export function openingHoursProblems(periods: OpeningPeriod[]): string[] {
  const problems: string[] = [];
  const byDay = new Map<number, OpeningPeriod[]>();
  for (const p of periods) {
    const day = WEEKDAY_LABELS[p.weekday] ?? `第${p.weekday}天`;
    if (!Number.isInteger(p.weekday) || p.weekday < 1 || p.weekday > 7) problems.push('星期应当是周一到周日');
    else if (!HHMM.test(p.opens) || !HHMM.test(p.closes)) problems.push(`${day}的时间应当写成 08:30 这样`);
    else if (p.opens >= p.closes) problems.push(`${day}的关门时间应当晚于开门时间`);
    else byDay.set(p.weekday, [...(byDay.get(p.weekday) ?? []), p]);
  }
  for (const [weekday, list] of byDay) {
    const sorted = [...list].sort((a, b) => a.opens.localeCompare(b.opens));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].opens < sorted[i - 1].closes) problems.push(`${WEEKDAY_LABELS[weekday]}的开放时间有重叠`);
    }
  }
  return problems;
}

/** What is wrong with a venue's rooms, in Chinese; empty when nothing is. */
export function roomProblems(rooms: RoomInput[], capacity: number): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  if (rooms.length > VENUE_ROOMS_MAX) problems.push(`教室最多${VENUE_ROOMS_MAX}间`);
  for (const r of rooms) {
    if (names.has(r.name)) problems.push(`教室“${r.name}”写了两次`);
    names.add(r.name);
    if (r.capacity > capacity) problems.push(`教室“${r.name}”能坐${r.capacity}人，比整个场地的${capacity}人还多`);
  }
  return problems;
}
