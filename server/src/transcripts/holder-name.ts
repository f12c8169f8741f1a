/** The holder's name as a credential states it ('' when it has none). */
export function holderNameOf(document: unknown): string {
  const name = (document as { credentialSubject?: { transcript?: { residentName?: unknown } } }).credentialSubject?.transcript?.residentName;
  return typeof name === 'string' ? name : '';
}

/**
 * A copy of the document with every string equal to `from` (the holder's name: it is stated more
 * than once) replaced by `to`: the name sealed for storage, opened again, or emptied for good.
 */
export function withNameReplaced<T>(value: T, from: string, to: string): T {
  if (!from) return value;
  if (typeof value === 'string') return (value === from ? to : value) as T;
  if (Array.isArray(value)) return value.map((v) => withNameReplaced(v, from, to)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withNameReplaced(v, from, to)])) as T;
  return value;
}
