/**
 * The general codes: refusals any endpoint may answer with, mostly one per HTTP status. The error
 * filter falls back to these for whatever a feature did not name itself.
 */
export const ErrorCode = {
  /** The request is malformed or a field fails its rule; `details` lists the fields. */
  ValidationFailed: 'validation_failed',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  /** The actor's role may do this, but not in that area (another district, school or community). */
  OutOfScope: 'out_of_scope',
  NotFound: 'not_found',
  Conflict: 'conflict',
  TooManyRequests: 'too_many_requests',
  PayloadTooLarge: 'payload_too_large',
  /** An upload whose type (or content) is not one of those taken. */
  UnsupportedMediaType: 'unsupported_media_type',
  /** The database, Redis or a busy worker cannot serve now; the same request may succeed later. */
  ServiceUnavailable: 'service_unavailable',
  Internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
