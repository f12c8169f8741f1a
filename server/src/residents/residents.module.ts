import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { FieldCrypto } from '../common/field-crypto.service';
import { GuardiansModule } from '../guardians/guardians.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { NameHashBackfill } from './name-hash-backfill';
import { ResidentProfile } from './resident-profile.entity';
import { PhoneChecks } from './phone-checks';
import { ResidentsController } from './residents.controller';
import { ResidentsRepository } from './residents.repository';
import { ResidentsService } from './residents.service';

@Module({
  imports: [TypeOrmModule.forFeature([ResidentProfile]), AreasModule, UsersModule, NotificationsModule, forwardRef(() => GuardiansModule)],
  controllers: [ResidentsController],
  providers: [ResidentsRepository, ResidentsService, FieldCrypto, NameHashBackfill, PhoneChecks],
  exports: [ResidentsService],
})
export class ResidentsModule {}
