import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreaPopulation } from './area-population.entity';
import { Area } from './area.entity';
import { SpreadsheetModule } from '../common/spreadsheet/spreadsheet.module';
import { AreaImportService } from './area-import.service';
import { AreaTreeService } from './area-tree.service';
import { AreasController } from './areas.controller';
import { AreasRepository } from './areas.repository';
import { AreasService } from './areas.service';

@Module({
  imports: [TypeOrmModule.forFeature([Area, AreaPopulation]), SpreadsheetModule],
  controllers: [AreasController],
  providers: [AreasRepository, AreasService, AreaTreeService, AreaImportService],
  exports: [AreasService],
})
export class AreasModule {}
