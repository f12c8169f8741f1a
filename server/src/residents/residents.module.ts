import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { FieldCrypto } from '../common/field-crypto.service';
import { UsersModule } from '../users/users.module';
import { NameHashBackfill } from './name-hash-backfill';
import { ResidentProfile } from './resident-profile.entity';
import { ResidentsController } from './residents.controller';
import { ResidentsRepository } from './residents.repository';
import { ResidentsService } from './residents.service';

@Module({
  imports: [TypeOrmModule.forFeature([ResidentProfile]), AreasModule, UsersModule],
  controllers: [ResidentsController],
  providers: [ResidentsRepository, ResidentsService, FieldCrypto, NameHashBackfill],
  exports: [ResidentsService],
})
export class ResidentsModule {}
