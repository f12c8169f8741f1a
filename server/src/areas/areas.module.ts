import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreaPopulation } from './area-population.entity';
import { Area } from './area.entity';
import { AreasController } from './areas.controller';
import { AreasRepository } from './areas.repository';
import { AreasService } from './areas.service';

@Module({
  imports: [TypeOrmModule.forFeature([Area, AreaPopulation])],
  controllers: [AreasController],
  providers: [AreasRepository, AreasService],
  exports: [AreasService],
})
export class AreasModule {}
