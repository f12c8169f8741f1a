/** Asia/Shanghai has had no daylight saving since 1991: UTC+8 always. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const two = (n: number) => String(n).padStart(2, '0');

function shanghai(at: Date | string): Date {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS);
}

/** "2026年11月28日 14:00" in Asia/Shanghai. */
export function shanghaiDateTime(at: Date | string): string {
  const t = shanghai(at);
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}

/** "14:00" in Asia/Shanghai. */
export function shanghaiClock(at: Date | string): string {
  const t = shanghai(at);
  return `${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}
