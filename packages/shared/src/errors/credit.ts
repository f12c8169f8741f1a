/** The credit bank: learning records and the credits they earned. */
export const CreditError = {
  InsufficientCredits: 'insufficient_credits',
  RecordAlreadyVoided: 'record_already_voided',
  /** The record's credits were used in a conversion, which has to be reversed before the record is voided. */
  CreditsSpent: 'credits_spent',
} as const;

export type CreditError = (typeof CreditError)[keyof typeof CreditError];
