import { OpeningPeriod, openingHoursProblems, RoomInput, roomProblems } from '@lp/shared';
import { fileRows } from '../places/place-file';

/** One row of a venues file, checked on its own. */
export interface VenueLine {
  line: number;
  name: string;
  areaCode: string;
  address: string;
  latitude: number;
  longitude: number;
  capacity: number;
  schoolName: string | null;
  /** null when the row leaves them empty: a stored venue keeps its own. */
  rooms: RoomInput[] | null;
  openingHours: OpeningPeriod[] | null;
}

const DAYS = '一二三四五六日';
const dayOf = (c: string): number => (c === '天' ? 7 : DAYS.indexOf(c) + 1);

/** “101教室:30；多功能厅:80” → rooms; null when a part cannot be read. */
export function parseRooms(text: string): RoomInput[] | null {
  const rooms: RoomInput[] = [];
  for (const part of text.split(/[;；,，、\n]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.{1,64}?)\s*[:：]\s*(\d{1,6})\s*人?$/.exec(part);
    if (!m || Number(m[2]) < 1) return null;
    rooms.push({ name: m[1].trim(), capacity: Number(m[2]) });
  }
  return rooms;
}

/** “周一至周五 08:30-17:00；周六 09:00-12:00” → periods; null when a part cannot be read. */
export function parseOpeningHours(text: string): OpeningPeriod[] | null {
  const periods: OpeningPeriod[] = [];
  for (const part of text.split(/[;；,，\n]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(?:周|星期)([一二三四五六日天])(?:\s*[至到~-]\s*(?:周|星期)?([一二三四五六日天]))?\s*(\d{1,2}:\d\d)\s*[-~至到]\s*(\d{1,2}:\d\d)$/.exec(part);
    if (!m) return null;
    const from = dayOf(m[1]);
    const to = m[2] ? dayOf(m[2]) : from;
    if (to < from) return null;
    const pad = (t: string) => t.padStart(5, '0');
    for (let d = from; d <= to; d++) periods.push({ weekday: d, opens: pad(m[3]), closes: pad(m[4]) });
  }
  return periods;
}

const number = (text: string): number | null => (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null);

/** Reads the rows of a venues file: 场地名称、区划代码、地址、纬度、经度、容纳人数，可有所属学校、教室、开放时间. */
export function venueLines(rows: string[][]): { lines: VenueLine[]; problems: string[] } {
  const found = fileRows(
    rows,
    {
      name: { names: ['场地名称', '名称'], required: true },
      areaCode: { names: ['区划代码', '统计用区划代码', '所在区域代码', '区域编码'], required: true },
      address: { names: ['地址'], required: true },
      latitude: { names: ['纬度'], required: true },
      longitude: { names: ['经度'], required: true },
      capacity: { names: ['容纳人数', '容量', '人数'], required: true },
      school: { names: ['所属学校', '学校'], required: false },
      rooms: { names: ['教室', '教室及人数'], required: false },
      hours: { names: ['开放时间'], required: false },
    },
    '场地',
  );
  const lines: VenueLine[] = [];
  const problems: string[] = [];
  for (const { line, cells } of found) {
    const at = `第${line}行`;
    const own: string[] = [];
    const latitude = number(cells.latitude);
    const longitude = number(cells.longitude);
    const capacity = number(cells.capacity);
    const rooms = cells.rooms ? parseRooms(cells.rooms) : null;
    const openingHours = cells.hours ? parseOpeningHours(cells.hours) : null;
    if (!cells.name) own.push(`${at}：场地名称没有填`);
    else if (cells.name.length > 64) own.push(`${at}：场地名称太长了（最多64个字）`);
    if (!/^\d{12}$/.test(cells.areaCode)) own.push(`${at}：“${cells.areaCode || '（空）'}”不是12位的统计用区划代码`);
    if (!cells.address) own.push(`${at}：地址没有填`);
    else if (cells.address.length > 200) own.push(`${at}：地址太长了（最多200个字）`);
    if (latitude === null || latitude < -90 || latitude > 90) own.push(`${at}：纬度应当是 -90 到 90 之间的数，如 29.87`);
    if (longitude === null || longitude < -180 || longitude > 180) own.push(`${at}：经度应当是 -180 到 180 之间的数，如 121.55`);
    if (capacity === null || !Number.isInteger(capacity) || capacity < 1 || capacity > 100000) own.push(`${at}：容纳人数应当是1到100000的整数`);
    if (cells.rooms && !rooms) own.push(`${at}：教室应当写成“101教室:30；多功能厅:80”这样`);
    if (cells.hours && !openingHours) own.push(`${at}：开放时间应当写成“周一至周五 08:30-17:00；周六 09:00-12:00”这样`);
    if (rooms && capacity !== null) own.push(...roomProblems(rooms, capacity).map((p) => `${at}：${p}`));
    if (openingHours) own.push(...openingHoursProblems(openingHours).map((p) => `${at}：${p}`));
    if (own.length) problems.push(...own);
    else {
      lines.push({
        line, name: cells.name, areaCode: cells.areaCode, address: cells.address, latitude: latitude!, longitude: longitude!, capacity: capacity!,
        schoolName: cells.school || null, rooms, openingHours,
      });
    }
  }
  return { lines, problems };
}
