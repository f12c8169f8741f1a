import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { AuthModule } from '../auth/auth.module';
import { FieldCrypto } from '../common/field-crypto.service';
import { UsersModule } from '../users/users.module';
import { DemoController } from './demo.controller';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AuthModule, UsersModule, AreasModule],
  controllers: [DemoController],
  providers: [DemoSeeder, FieldCrypto],
  exports: [DemoSeeder],
})
export class DemoModule {}
