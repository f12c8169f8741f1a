import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { SchoolsModule } from '../schools/schools.module';
import { ActiveUsers } from './active-users';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), AreasModule, SchoolsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, ActiveUsers],
  exports: [UsersService, ActiveUsers],
})
export class UsersModule {}
