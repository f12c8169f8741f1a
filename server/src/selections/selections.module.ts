import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { FieldCrypto } from '../common/field-crypto.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { ResidentsModule } from '../residents/residents.module';
import { GuardiansModule } from '../guardians/guardians.module';
import { UploadsModule } from '../uploads/uploads.module';
import { SelectionsController } from './selections.controller';
import { SelectionNoticeCloser } from './selection-notice-closer';
import { SelectionsRepository } from './selections.repository';
import { SelectionsService } from './selections.service';
import { NomineeLookups } from './nominee-lookups';

@Module({
  imports: [AreasModule, NotificationsModule, ResidentsModule, UploadsModule, GuardiansModule],
  controllers: [SelectionsController],
  providers: [SelectionsRepository, SelectionsService, SelectionNoticeCloser, NomineeLookups, FieldCrypto],
  exports: [SelectionsService],
})
export class SelectionsModule {}
