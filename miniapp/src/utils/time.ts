/*
 * Times of sessions and enrollment windows. The API speaks ISO 8601 instants; people read
 * and type them in Asia/Shanghai time, which has no daylight saving, so a fixed +8 hours
 * is exact. Done by hand because some phones' JavaScript engines carry no time-zone data.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

interface ShanghaiParts {
  year: number
  month: number
  day: number
  weekday: number
  hour: number
  minute: number
}

function partsOf(iso: string): ShanghaiParts {
  const shifted = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes()
  }
}

const pad = (n: number): string => String(n).padStart(2, '0')

function thisYear(): number {
  return new Date(Date.now() + SHANGHAI_OFFSET_MS).getUTCFullYear()
}

function clock(p: ShanghaiParts): string {
  return `${pad(p.hour)}:${pad(p.minute)}`
}

/** "11月28日 周五"; the year is added when it is not this year. */
function dayOf(p: ShanghaiParts): string {
  const year = p.year === thisYear() ? '' : `${p.year}年`
  return `${year}${p.month}月${p.day}日 ${WEEKDAYS[p.weekday]}`
}

/** "11月28日 周五" */
export function formatDay(iso: string): string {
  return dayOf(partsOf(iso))
}

/** "11月28日 周五 14:00" */
export function formatDayTime(iso: string): string {
  const p = partsOf(iso)
  return `${dayOf(p)} ${clock(p)}`
}

/** "14:00" */
export function formatClock(iso: string): string {
  return clock(partsOf(iso))
}

/** "11月28日 周五 14:00–16:00"; both days are written out when it runs past midnight. */
export function formatTimeRange(startsAt: string, endsAt: string): string {
  const start = partsOf(startsAt)
  const end = partsOf(endsAt)
  const sameDay = start.year === end.year && start.month === end.month && start.day === end.day
  return sameDay ? `${dayOf(start)} ${clock(start)}–${clock(end)}` : `${dayOf(start)} ${clock(start)} 至 ${dayOf(end)} ${clock(end)}`
}

/**
 * 学时 as people read them. Here 1 学时 is 60 minutes: the API counts minutes and
 * this is the one place that turns them into 学时, with at most one decimal ("1.5 学时").
 */
export const MINUTES_PER_STUDY_HOUR = 60

export function studyHoursText(minutes: number): string {
  const hours = Math.round((minutes / MINUTES_PER_STUDY_HOUR) * 10) / 10
  return `${hours} 学时`
}

/** A video's length: "12 分钟", "1 小时 5 分钟". */
export function durationText(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60))
  if (minutes < 60) return `${minutes} 分钟`
  const rest = minutes % 60
  return rest ? `${Math.floor(minutes / 60)} 小时 ${rest} 分钟` : `${minutes / 60} 小时`
}

/** What a form holds: a Shanghai calendar day and a wall-clock time. */
export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string
  /** HH:mm */
  time: string
}

export function toLocal(iso: string): LocalDateTime {
  const p = partsOf(iso)
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: clock(p) }
}

/** "2026-11-28" + "14:00" → "2026-11-28T14:00:00+08:00". */
export function toInstant(date: string, time: string): string {
  return `${date}T${time}:00+08:00`
}

export const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
export const isTime = (value: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(value)

/** Minutes from one wall-clock time to a later one on the same day; negative when it is earlier. */
export function minutesBetween(start: string, end: string): number {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
  return toMinutes(end) - toMinutes(start)
}

/** A YYYY-MM-DD day moved by some days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Today in Shanghai and the last day of this week (Sunday) and of this month, as YYYY-MM-DD. */
export function calendarRanges(at: Date = new Date()): { today: string; weekEnd: string; monthEnd: string } {
  const shifted = new Date(at.getTime() + SHANGHAI_OFFSET_MS)
  const today = shifted.toISOString().slice(0, 10)
  const daysToSunday = (7 - shifted.getUTCDay()) % 7
  const monthEnd = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).toISOString().slice(0, 10)
  return { today, weekEnd: addDays(today, daysToSunday), monthEnd }
}

/** Now in Shanghai, to the minute, for form defaults. */
export function nowLocal(): LocalDateTime {
  return toLocal(new Date().toISOString())
}
