/** The characters a bound name may hold: Chinese characters, Latin letters, "·" and spaces. */
export const REAL_NAME_PATTERN = /^[\u3400-\u9fff\u{20000}-\u{2ffff}·A-Za-z ]+$/u;

/** Middle dots people type between the parts of a minority name; the bound name uses "·". */
const MIDDLE_DOTS = /[•・‧∙⋅]/g;

/**
 * The form of a full name that is hashed for search: the same person typed with a full-width
 * letter, a stray space or another middle dot still matches. Only whole names match, never a part.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(MIDDLE_DOTS, '·').toLowerCase();
}

/** What goes through the keyed hash: prefixed so a name's hash can never equal a phone's. */
export function nameHashInput(name: string): string {
  return `name:${normaliseName(name)}`;
}
