/** Residents asking for credit for a certificate or award (学分认定). */
export const CertificationError = {
  /** The same certificate was submitted before, by anyone. */
  Duplicate: 'certificate_duplicate',
  /** The application was already approved or rejected. */
  Reviewed: 'certification_reviewed',
} as const;

export type CertificationError = (typeof CertificationError)[keyof typeof CertificationError];
