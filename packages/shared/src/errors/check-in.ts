/** Check-in and check-out at a session (attendance). */
export const CheckInError = {
  /** Not a check-in QR code, one from a future window, or a wrong spoken code. */
  CodeInvalid: 'checkin_code_invalid',
  /** A QR code from an old window, or an offline scan queued for more than a day. */
  CodeExpired: 'checkin_code_expired',
  /**
   * Too many wrong spoken check-in codes for one resident and session: a pause, during which even the
   * right spoken code is refused; scanning the QR code or a 代签 still works.
   */
  CodeAttempts: 'checkin_code_attempts',
  NotOpen: 'checkin_not_open',
  /** The session is over, settled or cancelled, or its activity cannot take check-ins. */
  Closed: 'checkin_closed',
  /** The activity asks for the resident's location, and it is missing, too vague or too far away. */
  OutsideVenue: 'outside_venue',
  /**
   * The activity checks where the resident is, and they have not yet said whether check-in may use
   * their location: the app asks them once, then sends the check-in again.
   */
  LocationConsentNeeded: 'location_consent_needed',
  /** None of the check-ins named in a review is waiting for one. */
  ReviewNotPending: 'checkin_review_not_pending',
  /** A 代签 token that is forged, expired, or for another session or teacher. */
  ProxyLookupInvalid: 'proxy_lookup_invalid',
} as const;

export type CheckInError = (typeof CheckInError)[keyof typeof CheckInError];
