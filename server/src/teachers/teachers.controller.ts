import { Role, TEACHER_PROFILE_LIMITS as LIMITS, TeacherProfile, TeacherSummary } from '@lp/shared';
import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length, MaxLength } from 'class-validator';
import { Actor, Public, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { AreaIdQueryDto } from '../common/area-query.dto';
import { UuidParamPipe } from '../common/params';
import { TeachersService } from './teachers.service';
import { Returns } from '../openapi/returns';

export class TeacherProfileDto {
  /**
   * @example ['智能手机', '书法']
   */
  // the plugin documents only a literal array size: this one is the shared limit
  @ApiProperty({ maxItems: LIMITS.specialtiesMax })
  @IsArray({ message: '专长格式不对' })
  @ArrayMaxSize(LIMITS.specialtiesMax, { message: `专长最多${LIMITS.specialtiesMax}项` })
  @IsString({ each: true, message: '专长应当是文字' })
  @Length(1, LIMITS.specialtyMax, { each: true, message: `每项专长1到${LIMITS.specialtyMax}个字` })
  specialties: string[];

  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: '个人介绍应当是文字' })
  @MaxLength(LIMITS.bioMax, { message: `个人介绍最多${LIMITS.bioMax}个字` })
  bio: string;
}

@ApiTags('teachers')
@Controller()
export class TeachersController {
  constructor(private readonly teachers: TeachersService) {}

  @Returns('TeacherSummaryList')
  @Get('teachers')
  @Public()
  @ApiOperation({ summary: '师资库' })
  list(@Query() q: AreaIdQueryDto): Promise<TeacherSummary[]> {
    return this.teachers.list(q.areaId);
  }

  @Returns('TeacherProfile')
  @Get('teachers/:id')
  @Public()
  profile(@Param('id', UuidParamPipe) id: string): Promise<TeacherProfile> {
    return this.teachers.profile(id);
  }

  @Returns('TeacherProfile')
  @Put('teacher/profile')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '修改我的师资介绍' })
  update(@CurrentActor() actor: Actor, @Body() dto: TeacherProfileDto): Promise<TeacherProfile> {
    return this.teachers.updateOwn(actor, dto.specialties, dto.bio);
  }
}
