import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { PlacesModule } from '../places/places.module';
import { SpreadsheetModule } from '../common/spreadsheet/spreadsheet.module';
import { SchoolAdminController } from './school-admin.controller';
import { SchoolAdminService } from './school-admin.service';
import { School } from './school.entity';
import { SchoolsController } from './schools.controller';
import { SchoolsRepository } from './schools.repository';
import { SchoolsService } from './schools.service';

@Module({
  imports: [TypeOrmModule.forFeature([School]), AreasModule, PlacesModule, SpreadsheetModule],
  controllers: [SchoolsController, SchoolAdminController],
  providers: [SchoolsRepository, SchoolsService, SchoolAdminService],
  exports: [SchoolsService],
})
export class SchoolsModule {}
