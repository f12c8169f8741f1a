import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { PartnersModule } from '../partners/partners.module';
import { ResidentsModule } from '../residents/residents.module';
import { TranscriptsModule } from '../transcripts/transcripts.module';
import { UploadsModule } from '../uploads/uploads.module';
import { UsersModule } from '../users/users.module';
import { AccountClosureController } from './account-closure.controller';
import { AccountClosureService } from './account-closure.service';

/** Closing a resident's account: it writes no table of its own, it asks each owner to forget. */
@Module({
  imports: [AreasModule, AttendanceModule, PartnersModule, ResidentsModule, TranscriptsModule, UploadsModule, UsersModule],
  controllers: [AccountClosureController],
  providers: [AccountClosureService],
})
export class AccountClosureModule {}
