import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { PlacesModule } from '../places/places.module';
import { SpreadsheetModule } from '../common/spreadsheet/spreadsheet.module';
import { SchoolsModule } from '../schools/schools.module';
import { VenueAdminController } from './venue-admin.controller';
import { VenueAdminService } from './venue-admin.service';
import { VenueRoom } from './venue-room.entity';
import { Venue } from './venue.entity';
import { VenuesController } from './venues.controller';
import { VenuesRepository } from './venues.repository';
import { VenuesService } from './venues.service';

@Module({
  imports: [TypeOrmModule.forFeature([Venue, VenueRoom]), AreasModule, PlacesModule, SchoolsModule, SpreadsheetModule],
  controllers: [VenuesController, VenueAdminController],
  providers: [VenuesRepository, VenuesService, VenueAdminService],
  exports: [VenuesService],
})
export class VenuesModule {}
