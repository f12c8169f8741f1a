import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Area } from '../areas/area.entity';
import { AreasModule } from '../areas/areas.module';
import { PlaceScope } from './place-scope';

/** What schools and venues share: where an administrator may keep them. */
@Module({
  imports: [TypeOrmModule.forFeature([Area]), AreasModule],
  providers: [PlaceScope],
  exports: [PlaceScope],
})
export class PlacesModule {}
