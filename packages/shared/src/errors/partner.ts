/** Partner institutions: their open API (keys, residents' consent) and credit conversions. */
export const PartnerError = {
  ApiKeyMissing: 'api_key_missing',
  /** A key that is unknown, revoked or does not match. */
  ApiKeyInvalid: 'api_key_invalid',
  /** The key was not granted the scope this endpoint needs. */
  ScopeMissing: 'scope_missing',
  /** A resident's data was asked for without a consent token. */
  ConsentRequired: 'consent_required',
  /** A consent token that is unknown or belongs to another partner. */
  ConsentInvalid: 'consent_invalid',
  ConsentRevoked: 'consent_revoked',
  ConsentExpired: 'consent_expired',
  /** The resident consented, but not to this kind of data. */
  ConsentScope: 'consent_scope',
  ConversionReversed: 'conversion_reversed',
  /** Rotating or revoking a key that has already stopped working. */
  ApiKeyEnded: 'api_key_ended',
  /** Closing an offer that is already closed. */
  OfferClosed: 'offer_closed',
} as const;

export type PartnerError = (typeof PartnerError)[keyof typeof PartnerError];
