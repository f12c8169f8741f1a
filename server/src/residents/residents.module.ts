import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { FieldCrypto } from '../common/field-crypto.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { WechatModule } from '../wechat/wechat.module';
import { NameHashBackfill } from './name-hash-backfill';
import { ResidentProfile } from './resident-profile.entity';
import { PhoneChecks } from './phone-checks';
import { ResidentsController } from './residents.controller';
import { ResidentsRepository } from './residents.repository';
import { ResidentsService } from './residents.service';

@Module({
  imports: [TypeOrmModule.forFeature([ResidentProfile]), AreasModule, UsersModule, NotificationsModule, WechatModule],
  controllers: [ResidentsController],
  providers: [ResidentsRepository, ResidentsService, FieldCrypto, NameHashBackfill, PhoneChecks],
  exports: [ResidentsService],
})
export class ResidentsModule {}
