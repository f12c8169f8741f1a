import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { AuthModule } from '../auth/auth.module';
import { CreditRulesModule } from '../credit-rules/credit-rules.module';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { FieldCrypto } from '../common/field-crypto.service';
import { UsersModule } from '../users/users.module';
import { DemoController } from './demo.controller';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AuthModule, UsersModule, AreasModule, CreditRulesModule, LearningRecordsModule],
  controllers: [DemoController],
  providers: [DemoSeeder, FieldCrypto],
  exports: [DemoSeeder],
})
export class DemoModule {}
