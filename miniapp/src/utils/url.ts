type QueryScalar = string | number | boolean
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined

/** Builds `path?a=1&b=2&c=x&c=y`, leaving out empty values; a list repeats its key. */
export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const parts = Object.entries(query).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value])
      .filter((one): one is QueryScalar => one !== null && one !== undefined && one !== '')
      .map((one) => `${encodeURIComponent(key)}=${encodeURIComponent(String(one))}`)
  )
  return parts.length ? `${path}?${parts.join('&')}` : path
}
