import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { TeacherProfileEntity } from './teacher-profile.entity';
import { TeachersController } from './teachers.controller';
import { TeachersRepository } from './teachers.repository';
import { TeachersService } from './teachers.service';

@Module({
  imports: [TypeOrmModule.forFeature([TeacherProfileEntity]), AreasModule],
  controllers: [TeachersController],
  providers: [TeachersRepository, TeachersService],
  exports: [TeachersService],
})
export class TeachersModule {}
