import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { PlaceScope } from './place-scope';

/** What schools and venues share: where an administrator may keep them. */
@Module({
  imports: [AreasModule],
  providers: [PlaceScope],
  exports: [PlaceScope],
})
export class PlacesModule {}
