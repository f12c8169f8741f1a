import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { DatabasePooler } from './pooler';
import { Area } from '../areas/area.entity';
import { Attendance } from '../attendance/attendance.entity';
import { LearningRecord } from '../learning-records/learning-record.entity';
import { Enrollment } from '../enrollments/enrollment.entity';
import { Notification } from '../notifications/notification.entity';
import { OfferingLesson } from '../offerings/offering-lesson.entity';
import { OfferingSession } from '../offerings/offering-session.entity';
import { OfferingTeacher } from '../offerings/offering-teacher.entity';
import { Offering } from '../offerings/offering.entity';
import { TeacherProfileEntity } from '../teachers/teacher-profile.entity';
import { AreaPopulation } from '../areas/area-population.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { ReminderDelivery } from '../reminders/reminder-delivery.entity';
import { SubscribeCredit } from '../reminders/subscribe-credit.entity';
import { ResidentProfile } from '../residents/resident-profile.entity';
import { School } from '../schools/school.entity';
import { User } from '../users/user.entity';
import { VenueRoom } from '../venues/venue-room.entity';
import { Venue } from '../venues/venue.entity';
import { Foundation1763800000000 } from './migrations/1763800000000-Foundation';
import { Catalogue1763900000000 } from './migrations/1763900000000-Catalogue';
import { Attendance1764000000000 } from './migrations/1764000000000-Attendance';
import { CreditBank1764100000000 } from './migrations/1764100000000-CreditBank';
import { Statistics1764200000000 } from './migrations/1764200000000-Statistics';
import { OnlineLearning1764300000000 } from './migrations/1764300000000-OnlineLearning';
import { LearningOrganisations1764400000000 } from './migrations/1764400000000-LearningOrganisations';
import { SessionRevocation1764530000000 } from './migrations/1764530000000-SessionRevocation';
import { MeasuredHours1764540000000 } from './migrations/1764540000000-MeasuredHours';
import { RemovedAccounts1764560000000 } from './migrations/1764560000000-RemovedAccounts';
import { WaitingCheckInsUncredited1764575000000 } from './migrations/1764575000000-WaitingCheckInsUncredited';
import { AreaRetirement1764590000000 } from './migrations/1764590000000-AreaRetirement';
import { ResidentSearch1764610000000 } from './migrations/1764610000000-ResidentSearch';
import { LearningAccountReadModel1764620000000 } from './migrations/1764620000000-LearningAccountReadModel';
import { ReadModels1764621000000 } from './migrations/1764621000000-ReadModels';
import { StaffAccounts1764630000000 } from './migrations/1764630000000-StaffAccounts';
import { PlacesAdmin1764640000000 } from './migrations/1764640000000-PlacesAdmin';
import { PortalMedia1764660000000 } from './migrations/1764660000000-PortalMedia';
import { UserCurrentPasswordChange1764670000000 } from './migrations/1764670000000-UserCurrentPasswordChange';
import { PlaceReadModels1764680000000 } from './migrations/1764680000000-PlaceReadModels';
import { LearningRecordReadModels1764680001000 } from './migrations/1764680001000-LearningRecordReadModels';
import { OfferingReadModels1764680002000 } from './migrations/1764680002000-OfferingReadModels';
import { AttendanceReadModels1764680003000 } from './migrations/1764680003000-AttendanceReadModels';
import { StatisticsReadModels1764680004000 } from './migrations/1764680004000-StatisticsReadModels';
import { CreditRuleResidentHome1764690000000 } from './migrations/1764690000000-CreditRuleResidentHome';
import { ResidentPhoneVerified1764710000000 } from './migrations/1764710000000-ResidentPhoneVerified';
import { ElderModeChoice1764720000000 } from './migrations/1764720000000-ElderModeChoice';
import { UserCurrentHomeStreet1764740000000 } from './migrations/1764740000000-UserCurrentHomeStreet';
import { IssuerShards1764760000000 } from './migrations/1764760000000-IssuerShards';
import { StatisticsDeltas1764761000000 } from './migrations/1764761000000-StatisticsDeltas';
import { LedgerVersions1764770000000 } from './migrations/1764770000000-LedgerVersions';
import { Registers1764820000000 } from './migrations/1764820000000-Registers';
import { PersonalDataAccess1764841000000 } from './migrations/1764841000000-PersonalDataAccess';
import { Selections1764810000000 } from './migrations/1764810000000-Selections';
import { LearningOrganisationRegistry1764800000000 } from './migrations/1764800000000-LearningOrganisationRegistry';
import { IndicatorTargets1764830000000 } from './migrations/1764830000000-IndicatorTargets';
import { SessionsHeldByStart1764831000000 } from './migrations/1764831000000-SessionsHeldByStart';
import { TaskTable1764832000000 } from './migrations/1764832000000-TaskTable';
import { OnlineLessonView1764832500000 } from './migrations/1764832500000-OnlineLessonView';
import { ApplicationFormViews1764833000000 } from './migrations/1764833000000-ApplicationFormViews';
import { Campaigns1764840000000 } from './migrations/1764840000000-Campaigns';
import { CryptoSetting1764842000000 } from './migrations/1764842000000-CryptoSetting';
import { TranscriptSm21764842500000 } from './migrations/1764842500000-TranscriptSm2';
import { TranscriptStatusList1764842519000 } from './migrations/1764842519000-TranscriptStatusList';
import { GuardianBindings1764842519190 } from './migrations/1764842519190-GuardianBindings';
import { ResidentDataKeys1764843019000 } from './migrations/1764843019000-ResidentDataKeys';
import { ChildAccountsLogIn1764843019500 } from './migrations/1764843019500-ChildAccountsLogIn';
import { SealedUploads1764843020000 } from './migrations/1764843020000-SealedUploads';
import { SealedCheckInPlaces1764843021000 } from './migrations/1764843021000-SealedCheckInPlaces';
import { AuditSubject1764843022000 } from './migrations/1764843022000-AuditSubject';
import { GuardianInvitations1764843023000 } from './migrations/1764843023000-GuardianInvitations';
import { ChildHandover1764843024000 } from './migrations/1764843024000-ChildHandover';
import { YearlyPartitions1764850000000 } from './migrations/1764850000000-YearlyPartitions';
import { ResidentsSealedAs1764851000000 } from './migrations/1764851000000-ResidentsSealedAs';
import { YearlyLogPartitions1764852000000 } from './migrations/1764852000000-YearlyLogPartitions';
import { RankingOptOutAntiJoin1764853000000 } from './migrations/1764853000000-RankingOptOutAntiJoin';
import { EnrollInOrder1764854000000 } from './migrations/1764854000000-EnrollInOrder';
import { EnrollmentOfferingEnds1764855000000 } from './migrations/1764855000000-EnrollmentOfferingEnds';

export const ENTITIES = [
  Area,
  AreaPopulation,
  School,
  Venue,
  VenueRoom,
  User,
  ResidentProfile,
  RefreshToken,
  AuditEvent,
  Offering,
  OfferingSession,
  OfferingLesson,
  OfferingTeacher,
  TeacherProfileEntity,
  Enrollment,
  Notification,
  SubscribeCredit,
  ReminderDelivery,
  Attendance,
  LearningRecord,
];
export const MIGRATIONS = [
  Foundation1763800000000,
  Catalogue1763900000000,
  Attendance1764000000000,
  CreditBank1764100000000,
  Statistics1764200000000,
  OnlineLearning1764300000000,
  LearningOrganisations1764400000000,
  SessionRevocation1764530000000,
  MeasuredHours1764540000000,
  RemovedAccounts1764560000000,
  WaitingCheckInsUncredited1764575000000,
  AreaRetirement1764590000000,
  ResidentSearch1764610000000,
  LearningAccountReadModel1764620000000,
  ReadModels1764621000000,
  StaffAccounts1764630000000,
  PlacesAdmin1764640000000,
  PortalMedia1764660000000,
  UserCurrentPasswordChange1764670000000,
  PlaceReadModels1764680000000,
  LearningRecordReadModels1764680001000,
  OfferingReadModels1764680002000,
  AttendanceReadModels1764680003000,
  StatisticsReadModels1764680004000,
  CreditRuleResidentHome1764690000000,
  ResidentPhoneVerified1764710000000,
  ElderModeChoice1764720000000,
  UserCurrentHomeStreet1764740000000,
  IssuerShards1764760000000,
  StatisticsDeltas1764761000000,
  LedgerVersions1764770000000,
  LearningOrganisationRegistry1764800000000,
  Selections1764810000000,
  Registers1764820000000,
  IndicatorTargets1764830000000,
  SessionsHeldByStart1764831000000,
  TaskTable1764832000000,
  OnlineLessonView1764832500000,
  ApplicationFormViews1764833000000,
  Campaigns1764840000000,
  PersonalDataAccess1764841000000,
  CryptoSetting1764842000000,
  TranscriptSm21764842500000,
  TranscriptStatusList1764842519000,
  GuardianBindings1764842519190,
  ResidentDataKeys1764843019000,
  ChildAccountsLogIn1764843019500,
  SealedUploads1764843020000,
  SealedCheckInPlaces1764843021000,
  AuditSubject1764843022000,
  GuardianInvitations1764843023000,
  ChildHandover1764843024000,
  YearlyPartitions1764850000000,
  ResidentsSealedAs1764851000000,
  YearlyLogPartitions1764852000000,
  RankingOptOutAntiJoin1764853000000,
  EnrollInOrder1764854000000,
  EnrollmentOfferingEnds1764855000000,
];


/** A request's statements end after this long: a runaway query must not hold a connection. */
export const STATEMENT_TIMEOUT_MS = 15_000;

/**
 * One definition of how we talk to PostgreSQL, shared by the app, the CLI and the tests. `keepOpen`
 * (production's servers): a connection once opened stays. pg-pool closes those idle for 10 s, so
 * each burst after a quiet spell (a district's evening closes) made PostgreSQL start new backends,
 * with cold caches, at the moment it was busiest. Elsewhere idle connections go, as pg-pool does.
 */
export function dataSourceOptions(url: string, poolSize = 10, pooler: DatabasePooler = 'none', keepOpen = false): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    migrationsRun: false,
    // TypeORM's own logger prints failed queries with their parameters: off, errors reach the error filter instead.
    logging: false,
    // Fail fast while the database is down instead of queueing requests forever. PgBouncer refuses a
    // statement_timeout startup parameter: behind it the pooler's connect_query sets the timeout
    // on each server connection (README, "Behind PgBouncer"), and the server checks it at start.
    // TCP keep-alive, so a connection kept open through a quiet spell is not cut on the way
    extra: {
      max: poolSize,
      min: keepOpen ? poolSize : 0,
      keepAlive: true,
      connectionTimeoutMillis: 3000,
      ...(pooler === 'none' ? { statement_timeout: STATEMENT_TIMEOUT_MS } : {}),
    },
  };
}

/** The advisory lock migration runs hold: any fixed number, the same in every version of the code. */
const MIGRATION_LOCK = 7_163_800_001;

/**
 * Applies every pending migration, each in its own transaction that first takes a transaction-level
 * advisory lock and then looks again at what is pending: two runs at once (two nodes starting, a
 * deployment job started twice) take turns, and each migration is applied once. A lock ends with
 * its transaction, so a run that dies holds nothing. A migration may take longer than a request:
 * no statement timeout here. Used by `npm run migrate`, the development portal and the tests.
 */
export async function runMigrations(url: string, pooler: DatabasePooler = 'none'): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 1, pooler));
  await ds.initialize();
  const runner = ds.createQueryRunner();
  const executor = new MigrationExecutor(ds, runner);
  const applied: string[] = [];
  try {
    for (;;) {
      await runner.startTransaction();
      try {
        await runner.query('SET LOCAL statement_timeout = 0');
        await runner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const [next] = await executor.getPendingMigrations();
        if (next) await executor.executeMigration(next);
        await runner.commitTransaction();
        if (!next) return applied;
        applied.push(next.name);
      } catch (err) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw err;
      }
    }
  } finally {
    await runner.release();
    await ds.destroy();
  }
}
