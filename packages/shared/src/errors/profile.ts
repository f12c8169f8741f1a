/** A resident's own record (实名信息) bound to the account. */
export const ProfileError = {
  AlreadyBound: 'profile_already_bound',
  /** Asked for something that needs the resident's record before it was filled in. */
  NotBound: 'profile_not_bound',
  PhoneTaken: 'phone_taken',
  /** The number was verified through WeChat by another account: only WeChat verification can take it. */
  PhoneVerifiedElsewhere: 'phone_verified_elsewhere',
  /** The code from 手机号快速验证 was refused by WeChat (used, expired or forged). */
  PhoneCodeInvalid: 'phone_code_invalid',
  /** WeChat gave a number that is not a mainland mobile number. */
  PhoneNotMainland: 'phone_not_mainland',
  /** Too many 手机号快速验证 exchanges by one account in an hour: each one is a paid call to WeChat. */
  PhoneChecksExhausted: 'phone_checks_exhausted',
  IdNumberTaken: 'id_number_taken',
  /** The chosen community is not one of the district's communities or villages. */
  UnknownCommunity: 'unknown_community',
  /** Closing an account needs the resident's explicit confirmation in the request. */
  ClosureNotConfirmed: 'closure_not_confirmed',
  /** The account was already closed. */
  AccountClosed: 'account_closed',
} as const;

export type ProfileError = (typeof ProfileError)[keyof typeof ProfileError];
