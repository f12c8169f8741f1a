import { Module } from '@nestjs/common';
import { AccessLogModule } from '../access-log/access-log.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { CertificationsModule } from '../certifications/certifications.module';
import { GuardiansModule } from '../guardians/guardians.module';
import { PartnersModule } from '../partners/partners.module';
import { ResidentsModule } from '../residents/residents.module';
import { SelectionsModule } from '../selections/selections.module';
import { TranscriptsModule } from '../transcripts/transcripts.module';
import { UsersModule } from '../users/users.module';
import { DataExportController } from './data-export.controller';
import { DataExportRepository } from './data-export.repository';
import { DataExportService } from './data-export.service';

/** A resident's copy of their own data (我的数据). */
@Module({
  imports: [AccessLogModule, AttendanceModule, CertificationsModule, GuardiansModule, PartnersModule, ResidentsModule, SelectionsModule, TranscriptsModule, UsersModule],
  controllers: [DataExportController],
  providers: [DataExportRepository, DataExportService],
})
export class DataExportModule {}
