/** The registers of 志愿者 and 成人教育工作者 (入册, 档案, service hours, continuing education). */
export const RegisterError = {
  /** The resident is already in the 志愿者 register. */
  AlreadyVolunteer: 'register_already_volunteer',
  /** No bound resident has this phone number (an admin enrols residents who bound their profile). */
  ResidentUnknown: 'register_resident_unknown',
  /** The resident has not bound a profile yet, so cannot join. */
  NotBound: 'register_not_bound',
  /** The caller is not in the 志愿者 register. */
  NotVolunteer: 'register_not_volunteer',
  /** The activity (or its session) a service entry names does not exist or is outside the admin's area. */
  OfferingUnknown: 'register_offering_unknown',
  /** This volunteer's help at this session was recorded already. */
  ServiceRecorded: 'register_service_recorded',
  /** The 街道/社区 chosen is retired. */
  AreaRetired: 'register_area_retired',
  /** Service hours are only recorded for an active volunteer. */
  VolunteerInactive: 'register_volunteer_inactive',
  /** Another worker of the register already has this phone number. */
  WorkerPhoneTaken: 'register_worker_phone_taken',
  /** The school does not exist, is outside the caller's area, or is not the teacher's own. */
  SchoolUnknown: 'register_school_unknown',
  /** Dates that do not fit: left before joined, training outside the worker's time in the register, a date in the future. */
  DatesInconsistent: 'register_dates_inconsistent',
  /** The change asked for nothing. */
  NothingToChange: 'register_nothing_to_change',
  /** Only the district's administrators set the required continuing-education hours. */
  DistrictOnly: 'register_district_only',
} as const;

export type RegisterError = (typeof RegisterError)[keyof typeof RegisterError];
