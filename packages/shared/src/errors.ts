/**
 * Every error the API returns has this shape. `code` is stable English for programs;
 * `message` is plain Chinese for the person in front of the screen.
 */
export interface ApiError {
  code: string;
  message: string;
  /** Field-level problems of a rejected request, each already in Chinese. */
  details?: string[];
}

export const ErrorCode = {
  ValidationFailed: 'validation_failed',
  Unauthenticated: 'unauthenticated',
  TokenExpired: 'token_expired',
  Forbidden: 'forbidden',
  OutOfScope: 'out_of_scope',
  NotFound: 'not_found',
  Conflict: 'conflict',
  TooManyRequests: 'too_many_requests',
  PayloadTooLarge: 'payload_too_large',
  ServiceUnavailable: 'service_unavailable',
  Internal: 'internal_error',
  WechatCodeInvalid: 'wechat_code_invalid',
  WechatUnavailable: 'wechat_unavailable',
  BadCredentials: 'bad_credentials',
  RefreshTokenInvalid: 'refresh_token_invalid',
  RefreshTokenReused: 'refresh_token_reused',
  ProfileAlreadyBound: 'profile_already_bound',
  ProfileNotBound: 'profile_not_bound',
  PhoneTaken: 'phone_taken',
  IdNumberTaken: 'id_number_taken',
  UnknownCommunity: 'unknown_community',
  DemoDisabled: 'demo_disabled',
  PopulationInvalid: 'population_invalid',
  /** None of the check-ins named in a review is waiting for one. */
  CheckInReviewNotPending: 'checkin_review_not_pending',
  /** A 代签 token that is forged, expired, or for another session or teacher. */
  ProxyLookupInvalid: 'proxy_lookup_invalid',
  /** The resident did not enroll and the activity takes no walk-ins. */
  NotEnrolled: 'not_enrolled',
  SessionRevoked: 'session_revoked',
  LoginThrottled: 'login_throttled',
  /** An upload that is neither an .xlsx nor a CSV (an old .xls, a picture…). */
  SpreadsheetUnsupported: 'spreadsheet_unsupported',
  /** A broken .xlsx or CSV, or one using what the reader refuses (a DTD, encryption). */
  SpreadsheetUnreadable: 'spreadsheet_unreadable',
  /** A CSV in neither UTF-8 nor GB18030/GBK, or mixing them. */
  SpreadsheetEncoding: 'spreadsheet_encoding',
  SpreadsheetTooManyRows: 'spreadsheet_too_many_rows',
  /** More text, or a longer cell, than the import takes. */
  SpreadsheetTooLarge: 'spreadsheet_too_large',
  /** Stopped: the file took longer or more memory to read than it may. */
  SpreadsheetTooComplex: 'spreadsheet_too_complex',
  /** Other files are being read: try again shortly. */
  SpreadsheetBusy: 'spreadsheet_busy',
  /** Too many wrong spoken check-in codes for one session: wait, scan the QR code or ask for a 代签. */
  CheckInCodeAttempts: 'checkin_code_attempts',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
