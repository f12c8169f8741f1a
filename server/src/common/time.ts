const WEEKDAYS = '日一二三四五六';

/** "11月28日 周五 14:00" in Asia/Shanghai, for messages to residents. */
export function shanghaiLabel(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3600_000);
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 周${WEEKDAYS[t.getUTCDay()]} ${hh}:${mm}`;
}

/** Midnight at the start of a Shanghai calendar day (YYYY-MM-DD), as an instant. */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** Asia/Shanghai calendar day of an instant, 'YYYY-MM-DD'. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function shanghaiYear(at: Date): number {
  return Number(shanghaiDay(at).slice(0, 4));
}
