/**
 * Phone and ID numbers never reach a log line, wherever they hide: in a URL path or query string,
 * a nested body field, an error message (PostgreSQL quotes the value it could not read), a key.
 * Every line pino is about to write passes through `redactLogLine`; a line with nothing that looks
 * like one costs a regular-expression test.
 */

/** What may sit between the digits of a number written by a person, also percent-encoded in a URL. */
const SEP = String.raw`(?:[ \-+]|%20|%2[dD]){0,3}`;
/** Not glued to more digits; a percent-escape (%2F, %20) before the number is no digit. */
const START = String.raw`(?:(?<!\d)|(?<=%[0-9A-Fa-f]{2}))`;
const END = String.raw`(?!\d)`;
/** A mainland mobile number, with +86, 86 or 0086 before it or not, in one piece or spaced. */
const PHONE = String.raw`(?:(?:\+|%2[bB]|00)?86${SEP})?1${SEP}[3-9](?:${SEP}\d){9}`;
const MONTH_DAY = String.raw`(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])`;
/** A resident ID number: 18 characters (area, birth date, sequence, check digit or X), or the old 15 digits. */
const ID_18 = String.raw`[1-9]\d{5}${SEP}(?:18|19|20)\d{2}${MONTH_DAY}${SEP}\d{3}[\dXx]`;
const ID_15 = String.raw`[1-9]\d{7}${MONTH_DAY}\d{3}`;

const PATTERN = `${START}(?:(${ID_18})|(${ID_15})|(${PHONE}))${END}`;
const PERSONAL = new RegExp(PATTERN, 'g');
const ANY_PERSONAL = new RegExp(PATTERN);

export const REDACTED_PHONE = '[phone]';
export const REDACTED_ID = '[id-number]';

/** The text with every phone and ID number in it replaced by a placeholder. */
export function redactText(text: string): string {
  return text.replace(PERSONAL, (_m, id18?: string, id15?: string) => (id18 || id15 ? REDACTED_ID : REDACTED_PHONE));
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number') {
    const text = String(value);
    const redacted = redactText(text);
    return redacted === text ? value : redacted;
  }
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k), redactValue(v)]));
  }
  return value;
}

/**
 * For pino's `hooks.streamWrite`: the finished JSON line, redacted field by field (so it stays
 * valid JSON, a number becoming a string where it was one of these numbers).
 */
export function redactLogLine(line: string): string {
  if (!ANY_PERSONAL.test(line)) return line;
  try {
    return `${JSON.stringify(redactValue(JSON.parse(line)))}\n`;
  } catch {
    // not one JSON line (a pretty-printer's output): redact the text as it is
    return redactText(line);
  }
}
