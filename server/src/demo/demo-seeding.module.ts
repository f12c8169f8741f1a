import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { PasswordHasher } from '../auth/password-hasher';
import { FieldCrypto } from '../common/field-crypto.service';
import { CreditRulesModule } from '../credit-rules/credit-rules.module';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { DemoSeeder } from './demo-seeder';

/**
 * The demo district's seeder and what it writes through, for the portal (through DemoModule) and
 * for `npm run seed`. PasswordHasher is provided here rather than imported with the auth feature,
 * whose sign-in limits need Redis, which loading demo data does not.
 */
@Module({
  imports: [AreasModule, CreditRulesModule, LearningRecordsModule],
  providers: [DemoSeeder, FieldCrypto, PasswordHasher],
  exports: [DemoSeeder],
})
export class DemoSeedingModule {}
