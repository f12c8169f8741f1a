import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { DemoController } from './demo.controller';
import { DemoSeedingModule } from './demo-seeding.module';

@Module({
  imports: [AuthModule, UsersModule, DemoSeedingModule],
  controllers: [DemoController],
  exports: [DemoSeedingModule],
})
export class DemoModule {}
