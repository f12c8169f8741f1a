/**
 * One owner per table: the feature folder (server/src/<feature>/) whose repository writes the table
 * and is the only code that names it in SQL or through the ORM. Other features call the owner's
 * service, exported by its Nest module. test/api/table-owners.test.ts holds the code to this map and
 * the database to it: every table the migrations create must be listed here.
 */
export const TABLE_OWNERS = {
  app_user: 'users',
  removed_account: 'users',
  area: 'areas',
  area_population: 'areas',
  attendance: 'attendance',
  audit_event: 'audit',
  refresh_token: 'auth',
  refresh_token_family: 'auth',
  credit_certification: 'certifications',
  credit_rule_set: 'credit-rules',
  credit_rule: 'credit-rules',
  credit_achievement: 'credit-rules',
  credit_year_total: 'credit-rules',
  enrollment: 'enrollments',
  learning_record: 'learning-records',
  ledger_account: 'ledger',
  ledger_transfer: 'ledger',
  ledger_entry: 'ledger',
  ledger_checkpoint: 'ledger',
  lesson_progress: 'online-learning',
  notification: 'notifications',
  offering: 'offerings',
  offering_session: 'offerings',
  offering_lesson: 'offerings',
  offering_teacher: 'offerings',
  partner: 'partners',
  partner_api_key: 'partners',
  partner_api_call: 'partners',
  partner_consent: 'partners',
  partner_offer: 'partners',
  credit_conversion: 'partners',
  reminder_delivery: 'reminders',
  subscribe_credit: 'reminders',
  resident_profile: 'residents',
  school: 'schools',
  stats_member: 'statistics',
  stats_learners: 'statistics',
  stats_volume: 'statistics',
  stats_attended: 'statistics',
  stats_learners_delta: 'statistics',
  stats_volume_delta: 'statistics',
  stats_attended_delta: 'statistics',
  teacher_profile: 'teachers',
  indicator_target: 'indicator-targets',
  transcript: 'transcripts',
  upload: 'uploads',
  venue: 'venues',
  venue_room: 'venues',
} as const satisfies Record<string, string>;

export type OwnedTable = keyof typeof TABLE_OWNERS;

/**
 * Read models: views created by a migration that join several features' tables for one reader.
 * The view is named only by its owner; `reads` lists the tables it reads (checked against
 * PostgreSQL's view_table_usage), so each of those tables' owners finds here who depends on its columns.
 */
export const READ_MODELS: Record<string, { owner: string; reads: OwnedTable[] }> = {
  learning_account_balance: { owner: 'learning-account', reads: ['ledger_account'] },
  learning_account_minutes: { owner: 'learning-account', reads: ['learning_record'] },
  learning_account_credits: { owner: 'learning-account', reads: ['credit_year_total', 'credit_certification', 'ledger_transfer'] },
  learning_account_record: {
    owner: 'learning-account',
    reads: ['learning_record', 'ledger_transfer', 'credit_rule_set', 'area', 'resident_profile'],
  },
  learning_account_resident: { owner: 'learning-account', reads: ['resident_profile'] },
  learning_account_ranking: { owner: 'learning-account', reads: ['stats_member', 'resident_profile'] },
  enrollment_offering_start: { owner: 'enrollments', reads: ['offering'] },
  transcript_record: { owner: 'transcripts', reads: ['learning_record', 'offering', 'ledger_transfer'] },
  transcript_holder: { owner: 'transcripts', reads: ['resident_profile', 'area'] },
  partner_conversion: { owner: 'partners', reads: ['credit_conversion', 'resident_profile', 'ledger_transfer'] },
  certification_detail: {
    owner: 'certifications',
    reads: ['credit_certification', 'credit_achievement', 'resident_profile', 'area', 'ledger_transfer'],
  },
  certification_resident_home: { owner: 'certifications', reads: ['resident_profile', 'area'] },
  credit_rule_resident_home: { owner: 'credit-rules', reads: ['resident_profile', 'area'] },
  user_current: { owner: 'users', reads: ['app_user', 'school', 'area', 'resident_profile'] },
  reminder_session_attendee: { owner: 'reminders', reads: ['offering_session', 'offering', 'enrollment', 'app_user', 'venue'] },
  school_area: { owner: 'schools', reads: ['area'] },
  school_venue_count: { owner: 'schools', reads: ['venue'] },
  venue_area: { owner: 'venues', reads: ['area'] },
  resident_area: { owner: 'residents', reads: ['area'] },
  teacher_listing: { owner: 'teachers', reads: ['app_user', 'school', 'area', 'teacher_profile'] },
  staff_place: { owner: 'users', reads: ['app_user', 'school', 'area'] },
  learning_resident: { owner: 'learning-records', reads: ['resident_profile'] },
  learning_offering: { owner: 'learning-records', reads: ['offering'] },
  learning_area: { owner: 'learning-records', reads: ['area'] },
  learning_certified_credit: { owner: 'learning-records', reads: ['credit_certification', 'credit_achievement'] },
  learning_ledger_transfer: { owner: 'learning-records', reads: ['ledger_transfer'] },
  offering_area: { owner: 'offerings', reads: ['area'] },
  offering_school: { owner: 'offerings', reads: ['school'] },
  offering_venue: { owner: 'offerings', reads: ['venue'] },
  offering_author: { owner: 'offerings', reads: ['app_user'] },
  offering_enrollment: { owner: 'offerings', reads: ['enrollment'] },
  attendance_session: { owner: 'attendance', reads: ['offering_session'] },
  attendance_offering: { owner: 'attendance', reads: ['offering'] },
  attendance_venue: { owner: 'attendance', reads: ['venue'] },
  attendance_enrollment: { owner: 'attendance', reads: ['enrollment'] },
  attendance_proxy_audit: {
    owner: 'attendance',
    reads: ['attendance', 'offering', 'area', 'offering_session', 'app_user', 'resident_profile'],
  },
  stats_record: { owner: 'statistics', reads: ['learning_record'] },
  stats_area: { owner: 'statistics', reads: ['area'] },
  stats_population: { owner: 'statistics', reads: ['area_population'] },
  stats_offering: { owner: 'statistics', reads: ['offering'] },
  stats_session: { owner: 'statistics', reads: ['offering_session'] },
  stats_teacher: { owner: 'statistics', reads: ['app_user', 'school', 'area'] },
  stats_resident: { owner: 'statistics', reads: ['resident_profile'] },
  stats_credit: { owner: 'statistics', reads: ['credit_year_total'] },
};

/** Tables kept by tools rather than by a feature: TypeORM's record of the migrations it ran. */
export const TOOL_TABLES: Record<string, string> = { schema_migration: 'database' };
