/**
 * Guardians (监护人) of residents under 14 (个人信息保护法 第28、31条): a child that young is added by
 * an adult resident, who consents to the processing of the child's data first and then acts for the
 * child (enrolls, checks in, reads the learning account, downloads the copy of the child's data).
 */

/** Under this age a resident acts only through a guardian who has consented. */
export const GUARDIAN_CONSENT_AGE = 14;
/** From this age a guardian no longer sees the child's account (the binding ends). */
export const GUARDIAN_READ_UNTIL_AGE = 18;

/** Guardians a child may have at most (both parents): a third is refused. */
export const GUARDIANS_PER_CHILD = 2;
/** How long an invitation code for a second guardian stays good, in hours. */
export const GUARDIAN_INVITATION_HOURS = 24;

/** The header a guardian's request names the child it is made for in. */
export const ACTING_FOR_HEADER = 'x-acting-for';

export enum GuardianRelationship {
  Parent = 'parent',
  Grandparent = 'grandparent',
  Other = 'other',
}

export const GUARDIAN_RELATIONSHIP_LABELS: Record<GuardianRelationship, string> = {
  [GuardianRelationship.Parent]: '父母',
  [GuardianRelationship.Grandparent]: '祖父母',
  [GuardianRelationship.Other]: '其他监护人',
};

/** POST /api/me/children: a guardian adds a child under 14 and consents for them. */
export interface AddChildRequest {
  realName: string;
  /** YYYY-MM-DD; the child must be under 14 today. */
  birthDate: string;
  relationship: GuardianRelationship;
  /** Optional; encrypted like every ID number, and must match the birth date. */
  idNumber?: string;
  /** The child's community; the guardian's own when left out. */
  communityId?: number;
  /** The guardian has read the privacy text and consents to the processing of the child's data. */
  consent: boolean;
}

/** One of my children, as the guardian sees them. */
export interface ChildView {
  userId: string;
  realName: string;
  birthDate: string;
  age: number;
  relationship: GuardianRelationship;
  idNumberMasked: string | null;
  /** Whether the guardian's consent stands: without it the child's account is frozen. */
  consentGiven: boolean;
  /** When the consent was last given (or withdrawn, when `consentGiven` is false). */
  decidedAt: string;
  /** The version of the privacy text (PRIVACY_TEXT_VERSION) the consent was given under. */
  privacyTextVersion: string;
  /** 14 or older: the child acts alone; the guardian only reads (until 18). */
  actsAlone: boolean;
  /** The child's other guardians (a second parent), name masked, each with their own consent. */
  otherGuardians: { relationshipLabel: string; nameMasked: string; consentGiven: boolean }[];
  /** Whether another guardian may still be invited (fewer than GUARDIANS_PER_CHILD). */
  mayInvite: boolean;
}

/** POST /api/me/children/:id/invitations: a one-time code the other guardian enters, good for GUARDIAN_INVITATION_HOURS. */
export interface GuardianInvitation {
  /** 8 digits, shown once; only its hash is kept. */
  code: string;
  expiresAt: string;
}

/** POST /api/me/children/join: the invited guardian enters the code and gives their own consent. */
export interface JoinAsGuardianRequest {
  code: string;
  relationship: GuardianRelationship;
  consent: boolean;
}

/** PUT /api/me/children/:id/consent */
export interface ChildConsentRequest {
  given: boolean;
}

/** A child's guardian as staff see it in lists: the relationship and a masked name. */
export interface GuardianSummary {
  relationship: GuardianRelationship;
  /** 父母 / 祖父母 / 其他监护人 */
  relationshipLabel: string;
  guardianNameMasked: string;
  consentGiven: boolean;
}

/** POST /api/me/children/:id/handover: a one-time code the child (14 or older) enters after logging in with their own WeChat. */
export interface ChildHandover {
  /** 8 digits, shown once; only its hash is kept. */
  code: string;
  expiresAt: string;
}

/** POST /api/me/handover: the child enters the code; the account is theirs from now on. */
export interface TakeOverAccountRequest {
  code: string;
}

/** The account the child now owns: log in again with the same WeChat to use it. */
export interface AccountTakenOver {
  userId: string;
  realName: string;
}
