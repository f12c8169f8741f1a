import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { PasswordHasher } from '../auth/password-hasher';
import { SchoolsModule } from '../schools/schools.module';
import { UsersModule } from '../users/users.module';
import { DistrictSetupService } from './district-setup.service';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

/**
 * Staff accounts and the district's first start. PasswordHasher is stateless and provided here
 * too, so that `district:init` boots this module without the auth module's WeChat client and
 * session machinery.
 */
@Module({
  imports: [UsersModule, AreasModule, SchoolsModule],
  controllers: [StaffController],
  providers: [StaffService, DistrictSetupService, PasswordHasher],
  exports: [StaffService, DistrictSetupService],
})
export class StaffModule {}
