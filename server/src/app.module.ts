import { ReadReplicaModule } from './database/read-replica';
import { PoolerCheckModule } from './database/pooler-check';
import { PoolWarmUpModule } from './database/pool-warm-up';
import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_FILTER, APP_GUARD, DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { AccessLogModule } from './access-log/access-log.module';
import { AreasModule } from './areas/areas.module';
import { AttendanceModule } from './attendance/attendance.module';
import { ClockModule } from './common/clock';
import { CrashPointsModule } from './common/crash-points';
import { LearningRecordsModule } from './learning-records/learning-records.module';
import { CreditRulesModule } from './credit-rules/credit-rules.module';
import { CertificationsModule } from './certifications/certifications.module';
import { LearningAccountModule } from './learning-account/learning-account.module';
import { LearningOrganisationsModule } from './learning-organisations/learning-organisations.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { UploadsModule } from './uploads/uploads.module';
import { PartnersModule } from './partners/partners.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { LOGIN_THROTTLE } from './auth/login-throttle';
import { FILE_CHECK_THROTTLE } from './transcripts/file-check-throttle';
import { AccessAudit } from './common/access-audit';
import { AccessGuard } from './common/access.guard';
import { clientAddress } from './common/client-address';
import { ErrorFilter } from './common/error.filter';
import { loggerParams } from './common/logging';
import { SharedThrottlerStorage } from './common/throttler-storage';
import { UserThrottlerGuard } from './common/throttler.guard';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { ConnectionGuard } from './database/connection-guard';
import { dataSourceOptions } from './database/data-source';
import { DataExportModule } from './data-export/data-export.module';
import { DemoModule } from './demo/demo.module';
import { EnrollmentsModule } from './enrollments/enrollments.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OfferingsModule } from './offerings/offerings.module';
import { OnlineLearningModule } from './online-learning/online-learning.module';
import { TeachersModule } from './teachers/teachers.module';
import { HealthModule } from './health/health.module';
import { OptionalRedis, REDIS, RedisModule } from './redis/redis.module';
import { RemindersModule } from './reminders/reminders.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { ResidentsModule } from './residents/residents.module';
import { GuardiansModule } from './guardians/guardians.module';
import { GuardianGuard } from './guardians/guardian.guard';
import { SchoolsModule } from './schools/schools.module';
import { SelectionsModule } from './selections/selections.module';
import { UsersModule } from './users/users.module';
import { WechatModule } from './wechat/wechat.module';
import { StaffModule } from './staff/staff.module';
import { VenuesModule } from './venues/venues.module';
import { StatisticsModule } from './statistics/statistics.module';
import { TranscriptsModule } from './transcripts/transcripts.module';
import { RegistersModule } from './registers/registers.module';
import { FieldKeyJobsModule } from './database/field-keys';
import { YearPartitionsModule } from './database/year-partitions';
import { ResidentKeysModule } from './resident-keys/resident-keys.module';
import { AccountClosureModule } from './account-closure/account-closure.module';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ inject: [AppConfig, HttpAdapterHost], useFactory: loggerParams }),
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.DATABASE_URL, config.DB_POOL_SIZE, config.DATABASE_POOLER, config.isProduction), retryAttempts: 3, retryDelay: 1000 }),
    }),
    RedisModule,
    SchedulingModule,
    ResidentKeysModule,
    FieldKeyJobsModule,
    YearPartitionsModule,
    PoolerCheckModule,
    PoolWarmUpModule,
    ReadReplicaModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: OptionalRedis) => ({
        throttlers: [
          { name: 'default', ttl: config.THROTTLE_TTL_SECONDS * 1000, limit: config.THROTTLE_LIMIT },
          {
            name: 'login',
            ttl: 60_000,
            limit: config.LOGIN_THROTTLE_LIMIT,
            skipIf: (ctx) => Reflect.getMetadata(LOGIN_THROTTLE, ctx.getHandler()) !== true,
            // per address only: a token sent along must not buy another allowance of attempts
            getTracker: (req) => `ip:${clientAddress(req as FastifyRequest)}`,
          },
          {
            name: 'file-check',
            ttl: 60_000,
            limit: config.FILE_CHECK_THROTTLE_LIMIT,
            skipIf: (ctx) => Reflect.getMetadata(FILE_CHECK_THROTTLE, ctx.getHandler()) !== true,
            getTracker: (req) => `ip:${clientAddress(req as FastifyRequest)}`,
          },
        ],
        storage: new SharedThrottlerStorage(redis),
      }),
    }),
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // Handing jsonwebtoken a ready KeyObject spares it, on every token, a failed attempt to
        // read the secret as a public key (a sixth of the CPU of a check-in burst, measured).
        const key = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: 'HS256', expiresIn: config.ACCESS_TOKEN_TTL_SECONDS },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
    DiscoveryModule,
    ClockModule,
    WechatModule,
    CrashPointsModule,
    AuditModule,
    HealthModule,
    AreasModule,
    SchoolsModule,
    VenuesModule,
    UsersModule,
    AuthModule,
    StaffModule,
    ResidentsModule,
    GuardiansModule,
    RemindersModule,
    TeachersModule,
    NotificationsModule,
    OfferingsModule,
    EnrollmentsModule,
    CreditRulesModule,
    LearningRecordsModule,
    UploadsModule,
    CertificationsModule,
    LearningAccountModule,
    PartnersModule,
    AttendanceModule,
    OnlineLearningModule,
    StatisticsModule,
    LearningOrganisationsModule,
    CampaignsModule,
    TranscriptsModule,
    RegistersModule,
    SelectionsModule,
    AccessLogModule,
    DataExportModule,
    AccountClosureModule,
    DemoModule,
  ],
  providers: [
    // who first (the token is verified), then how often: limits count per user, see UserThrottlerGuard
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: UserThrottlerGuard },
    // then for whom: a guardian's request for a child runs as the child; a child under 14 acts only with consent
    { provide: APP_GUARD, useExisting: GuardianGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    AccessAudit,
    ConnectionGuard,
  ],
})
export class AppModule {}
