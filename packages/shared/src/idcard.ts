/**
 * Rules for mainland China resident ID numbers (GB 11643-1999) and mobile phones.
 * Both the mini program (to warn early) and the server (to refuse) use these.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdCardProblem = 'format' | 'birth_date' | 'checksum';

/** Returns null when the number is valid, otherwise what is wrong with it. */
export function checkIdCardNumber(raw: string): IdCardProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const birth = idCardBirthDate(id);
  if (!birth) return 'birth_date';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11] === id[17] ? null : 'checksum';
}

/** The birth date encoded in an 18-digit ID number as YYYY-MM-DD, or null when it is not a real date. */
export function idCardBirthDate(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Appends the right check character to a 17-digit body. Used by demo data and tests. */
export function withIdCardChecksum(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i];
  return body17 + CHECK_CHARS[sum % 11];
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export function isMobilePhone(raw: string): boolean {
  return MOBILE_PATTERN.test(raw.trim());
}

/** 138****5678: the form every list shows. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 3302**********123X: region prefix and the last four, nothing of the birth date. */
export function maskIdCard(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** 张*、欧阳** : the family name stays readable for a teacher calling a roster. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}
