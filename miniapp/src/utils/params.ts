/** A positive whole number from a page parameter, or null. */
export function idParam(value: string | undefined): number | null {
  const n = Number(value)
  return value && Number.isInteger(n) && n > 0 ? n : null
}

/** Page parameters arrive encoded in the mini program and decoded in H5. */
export function textParam(value: string | undefined): string {
  if (!value) return ''
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
