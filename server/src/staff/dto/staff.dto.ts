import { Role, StaffStatus } from '@lp/shared';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AreaIdQueryDto } from '../../common/area-query.dto';
import { PageQueryDto } from '../../common/page-query.dto';
import { IntersectionType } from '@nestjs/swagger';
import { trim } from '../../common/dto-transforms';

const STAFF_ROLE_VALUES = [Role.Teacher, Role.Admin, Role.SuperAdmin];

/** 账号：小写字母开头，3到32位小写字母、数字或下划线 */
export const USERNAME_PATTERN = /^[a-z][a-z0-9_]{2,31}$/;
export const USERNAME_MESSAGE = '账号应为3到32位小写字母、数字或下划线，以字母开头';

export class StaffListQueryDto extends IntersectionType(PageQueryDto, AreaIdQueryDto) {
  /** 姓名或账号的一部分 */
  @IsOptional()
  @Transform(trim)
  @IsString({ message: '查找的内容不对' })
  @Length(0, 32, { message: '查找的内容最多32个字' })
  q?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLE_VALUES })
  @IsOptional()
  @IsIn(STAFF_ROLE_VALUES, { message: '角色不是可选的值' })
  role?: Role;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '学校编号应当是整数' })
  @Min(1, { message: '学校编号不对' })
  @Max(2147483647, { message: '学校编号不对' })
  schoolId?: number;

  @ApiPropertyOptional({ enum: StaffStatus })
  @IsOptional()
  @IsEnum(StaffStatus, { message: '状态不是可选的值' })
  status?: StaffStatus;
}

/** Where a staff member works: a teacher's school, an admin's area node. */
export class StaffPlaceDto {
  @ApiProperty({ enum: STAFF_ROLE_VALUES })
  @IsIn(STAFF_ROLE_VALUES, { message: '请选择角色：教师或管理员' })
  role: Role;

  /** 管理员管理的区域（教师不填） */
  @IsOptional()
  @IsInt({ message: '请选择管理的区域' })
  @Min(1, { message: '请选择管理的区域' })
  @Max(2147483647, { message: '区域编号不对' })
  areaId?: number;

  /** 教师所在的学校（管理员不填） */
  @IsOptional()
  @IsInt({ message: '请选择所在学校' })
  @Min(1, { message: '请选择所在学校' })
  @Max(2147483647, { message: '学校编号不对' })
  schoolId?: number;
}

export class NewStaffDto extends StaffPlaceDto {
  /**
   * @example 'zhang_laoshi'
   */
  @ApiProperty({ pattern: USERNAME_PATTERN.source })
  @Transform(trim)
  @IsString({ message: '请填写登录账号' })
  @Matches(USERNAME_PATTERN, { message: USERNAME_MESSAGE })
  username: string;

  /**
   * @example '张老师'
   */
  @Transform(trim)
  @IsString({ message: '请填写姓名' })
  @Length(1, 32, { message: '姓名应为1到32个字' })
  displayName: string;

  /** 初始密码（不填则由系统生成）；登录后必须修改 */
  @IsOptional()
  @IsString({ message: '初始密码格式不对' })
  @Length(1, 128, { message: '初始密码最多128位' })
  password?: string;
}

export class PasswordResetDto {
  /** 新的临时密码（不填则由系统生成）；登录后必须修改 */
  @IsOptional()
  @IsString({ message: '临时密码格式不对' })
  @Length(1, 128, { message: '临时密码最多128位' })
  password?: string;
}
