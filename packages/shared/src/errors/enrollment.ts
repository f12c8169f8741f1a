/** Residents enrolling in an offering. */
export const EnrollmentError = {
  /** Every place is taken (and the offering keeps no waiting list). */
  Full: 'offering_full',
  /** Outside the enrolment window: not open yet, or past its closing time. */
  Closed: 'enrollment_closed',
  /** The offering is only for some groups of residents, and this one is in none of them. */
  NotEligible: 'not_eligible',
  /** The resident did not enroll: an activity that takes no walk-ins, or a micro-course watched for 学时. */
  NotEnrolled: 'not_enrolled',
} as const;

export type EnrollmentError = (typeof EnrollmentError)[keyof typeof EnrollmentError];
