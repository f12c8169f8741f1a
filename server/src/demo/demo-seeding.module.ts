import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { PasswordHasher } from '../auth/password-hasher';
import { FieldCrypto } from '../common/field-crypto.service';
import { CreditRulesModule } from '../credit-rules/credit-rules.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { LearningOrganisationRegistryModule } from '../learning-organisations/learning-organisation-registry.module';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { OfferingsModule } from '../offerings/offerings.module';
import { SelectionsModule } from '../selections/selections.module';
import { PartnersModule } from '../partners/partners.module';
import { RegistersModule } from '../registers/registers.module';
import { ResidentsModule } from '../residents/residents.module';
import { SchoolsModule } from '../schools/schools.module';
import { TeachersModule } from '../teachers/teachers.module';
import { UsersModule } from '../users/users.module';
import { VenuesModule } from '../venues/venues.module';
import { DemoSeeder } from './demo-seeder';
import { AccessLogModule } from '../access-log/access-log.module';

/**
 * The demo district's seeder and what it writes through, for the portal (through DemoModule) and
 * for `npm run seed`. PasswordHasher is provided here rather than imported with the auth feature,
 * whose sign-in limits need Redis, which loading demo data does not.
 */
@Module({
  imports: [
    AccessLogModule,
    AreasModule,
    CreditRulesModule,
    LearningRecordsModule,
    SchoolsModule,
    VenuesModule,
    UsersModule,
    TeachersModule,
    ResidentsModule,
    OfferingsModule,
    EnrollmentsModule,
    PartnersModule,
    RegistersModule,
    SelectionsModule,
    LearningOrganisationRegistryModule,
    CampaignsModule,
  ],
  providers: [DemoSeeder, FieldCrypto, PasswordHasher],
  exports: [DemoSeeder],
})
export class DemoSeedingModule {}
