/** Children under 14 and the guardians (监护人) who consent and act for them (个人信息保护法 第28、31条). */
export const GuardianError = {
  /** A resident under 14 without a standing guardian's consent: the account is frozen, nothing is done. */
  ConsentRequired: 'guardian_consent_required',
  /** A child under 14 tried to register on their own: a guardian adds them instead. */
  ChildMustBeAdded: 'child_must_be_added_by_guardian',
  /** The account is not one of the caller's children (or the binding has ended at 18). */
  NotYourChild: 'not_your_child',
  /** Only an adult resident with a bound profile can be a guardian. */
  NotAnAdult: 'guardian_not_adult',
  /** The child is 14 or older: they register and act themselves; a guardian only reads until 18. */
  ChildActsAlone: 'child_acts_alone',
  /** Staff (or anyone but a resident) cannot act for a child. */
  ActingNotAllowed: 'acting_not_allowed',
  /** An invitation code to become a child's second guardian that is wrong, used or expired. */
  InvitationInvalid: 'guardian_invitation_invalid',
  /** The child already has as many guardians as a child may (GUARDIANS_PER_CHILD). */
  TooManyGuardians: 'too_many_guardians',
  /** The caller is already this child's guardian (or is the child). */
  AlreadyGuardian: 'already_guardian',
  /** A handover to the child's own WeChat is for a child of 14 or older. */
  HandoverTooYoung: 'handover_too_young',
  /** A handover code that is wrong, used or expired. */
  HandoverInvalid: 'handover_invalid',
  /** The WeChat account entering a handover code has an account of its own already (a bound profile). */
  HandoverNeedsFreshLogin: 'handover_needs_fresh_login',
  /** Too many wrong invitation codes in a short time. */
  InvitationGuesses: 'guardian_invitation_guesses',
} as const;

export type GuardianError = (typeof GuardianError)[keyof typeof GuardianError];
