import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { FieldCrypto } from '../common/field-crypto.service';
import { OfferingsModule } from '../offerings/offerings.module';
import { ResidentsModule } from '../residents/residents.module';
import { SchoolsModule } from '../schools/schools.module';
import { EducationWorkersController } from './education-workers.controller';
import { EducationWorkersService } from './education-workers.service';
import { RegisterScope } from './register-scope';
import { RegistersRepository } from './registers.repository';
import { VolunteersController } from './volunteers.controller';
import { VolunteersService } from './volunteers.service';

/** The registers of 志愿者 and 成人教育工作者; statistics reads the workers' register through its own views. */
@Module({
  imports: [AreasModule, SchoolsModule, ResidentsModule, OfferingsModule],
  controllers: [VolunteersController, EducationWorkersController],
  providers: [RegistersRepository, RegisterScope, VolunteersService, EducationWorkersService, FieldCrypto],
  exports: [VolunteersService, EducationWorkersService],
})
export class RegistersModule {}
