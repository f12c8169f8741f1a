/** Age in whole years on a given day; both dates as YYYY-MM-DD. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/**
 * The day someone born on `birthDate` turns `age`, as YYYY-MM-DD: from that day on (compared as text)
 * ageOn gives at least `age`. A 29 February birthday stays 02-29, which ageOn passes on 1 March.
 */
export function dayTurning(birthDate: string, age: number): string {
  return `${String(Number(birthDate.slice(0, 4)) + age).padStart(4, '0')}${birthDate.slice(4)}`;
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD, whatever the machine's time zone. */
export function shanghaiDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
