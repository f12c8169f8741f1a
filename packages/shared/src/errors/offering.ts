/** A school's courses and activities, and their review. */
export const OfferingError = {
  /** Not published, or cancelled: it takes no enrolments and no session changes. */
  NotOpen: 'offering_not_open',
  /** Only a draft may be changed or submitted. */
  NotEditable: 'offering_not_editable',
  /** Only an offering waiting for review may be approved or rejected. */
  NotPending: 'offering_not_pending',
} as const;

export type OfferingError = (typeof OfferingError)[keyof typeof OfferingError];
