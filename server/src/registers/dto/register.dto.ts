import { VOLUNTEER_SKILL_MAX_CHARS, VOLUNTEER_SKILLS_MAX, VolunteerStatus, WorkerKind } from '@lp/shared';
import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType, PickType } from '@nestjs/swagger';
import { PlaceListQueryDto, VenueListQueryDto } from '../../places/place.dto';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, Equals, IsArray, IsDateString, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { INT_MAX, trim } from '../../common/dto-transforms';

const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '') : value;

/** A YYYY-MM-DD field with its Chinese message. */
function DateField(label: string): PropertyDecorator {
  return (target, key) => {
    IsDateString({ strict: true }, { message: `${label}不对，格式如 2026-05-20` })(target, key);
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${label}不对，格式如 2026-05-20` })(target, key);
  };
}

class SkillsFields {
  /** 特长或能做的事，如 摄影、讲解、电脑教学（每项最多20字，最多10项） */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(trimEach)
  @IsArray({ message: '特长应当是一组文字' })
  @ArrayMaxSize(VOLUNTEER_SKILLS_MAX, { message: `特长最多填${VOLUNTEER_SKILLS_MAX}项` })
  @IsString({ each: true, message: '每项特长应当是文字' })
  @MaxLength(VOLUNTEER_SKILL_MAX_CHARS, { each: true, message: `每项特长最多${VOLUNTEER_SKILL_MAX_CHARS}个字` })
  skills?: string[];

  /** 自我介绍或可服务的时间，最多200字 */
  @IsOptional()
  @Transform(trim)
  @IsString({ message: '介绍应当是文字' })
  @MaxLength(200, { message: '介绍最多200个字' })
  intro?: string;
}

/**
 * POST /api/me/volunteer: a resident joins the register in their home community. Joining shows
 * their name and phone to the community's staff, so it is said on the page and agreed explicitly:
 * a request without `agreed: true` (an empty body among them) joins nobody.
 */
export class JoinVolunteersDto extends SkillsFields {
  /** 居民同意入册后社区工作人员看到其姓名和电话，必须为 true */
  @ApiProperty({ enum: [true] })
  @Equals(true, { message: '请先同意社区工作人员看到您的姓名和电话，再报名' })
  agreed: true;
}

/** POST /api/admin/volunteers: an admin enrols a resident who bound their profile, found by phone. */
export class EnrolVolunteerDto extends SkillsFields {
  /** 居民绑定的手机号 */
  @Transform(trim)
  @IsString({ message: '请填写居民的手机号' })
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号格式不对，应为11位数字' })
  phone: string;

  @ApiProperty({ description: '志愿者服务的区域（街道或社区）编号' })
  @IsInt({ message: '请选择服务区域' })
  @Min(1, { message: '服务区域不对' })
  @Max(INT_MAX, { message: '服务区域不对' })
  areaId: number;
}

/** PATCH /api/admin/volunteers/:id */
export class ChangeVolunteerDto extends SkillsFields {
  @ApiPropertyOptional({ enum: Object.values(VolunteerStatus) })
  @IsOptional()
  @IsEnum(VolunteerStatus, { message: '状态只能是 在册服务中、暂停服务 或 已退出' })
  status?: VolunteerStatus;

  @IsOptional()
  @IsInt({ message: '服务区域不对' })
  @Min(1, { message: '服务区域不对' })
  @Max(INT_MAX, { message: '服务区域不对' })
  areaId?: number;
}

/** POST /api/admin/volunteers/:id/services: an activity the volunteer helped with. */
export class RecordServiceDto {
  @IsInt({ message: '请选择服务的活动' })
  @Min(1, { message: '活动编号不对' })
  @Max(INT_MAX, { message: '活动编号不对' })
  offeringId: number;

  /** 具体哪一场（选填） */
  @IsOptional()
  @IsInt({ message: '场次编号不对' })
  @Min(1, { message: '场次编号不对' })
  @Max(INT_MAX, { message: '场次编号不对' })
  sessionId?: number;

  /** @example '2026-05-20' */
  @DateField('服务日期')
  servedOn: string;

  /** 服务时长（分钟），1 到 1440 */
  @IsInt({ message: '服务时长应当是整数分钟' })
  @Min(1, { message: '服务时长至少1分钟' })
  @Max(1440, { message: '一次服务最多记24小时' })
  minutes: number;

  /** 做了什么，如 引导签到、摄影、讲解 */
  @Transform(trim)
  @IsString({ message: '请填写做了什么' })
  @MinLength(1, { message: '请填写做了什么' })
  @MaxLength(40, { message: '做了什么最多40个字' })
  duty: string;
}

/** `?areaId=&page=&limit=` of the registers' lists, as the schools and venues tables take them. */
export class RegisterPageQueryDto extends PickType(PlaceListQueryDto, ['areaId', 'page', 'limit'] as const) {}

export class VolunteerListQueryDto extends RegisterPageQueryDto {
  @ApiPropertyOptional({ enum: Object.values(VolunteerStatus) })
  @IsOptional()
  @IsEnum(VolunteerStatus, { message: '状态只能是 在册服务中、暂停服务 或 已退出' })
  status?: VolunteerStatus;
}

class YearField {
  /** 看哪一年的继续教育学时，默认今年 */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '年份应当是整数' })
  @Min(2000, { message: '年份不对' })
  @Max(2100, { message: '年份不对' })
  year?: number;
}

export class WorkerYearQueryDto extends YearField {}

export class WorkerListQueryDto extends IntersectionType(PickType(VenueListQueryDto, ['areaId', 'page', 'limit', 'schoolId'] as const), YearField) {
  @ApiPropertyOptional({ enum: Object.values(WorkerKind) })
  @IsOptional()
  @IsEnum(WorkerKind, { message: '只能是专职或兼职' })
  kind?: WorkerKind;
}

class QualificationsField {
  /** 资格证书或职称，如 高级讲师、心理咨询师（每项最多30字，最多10项） */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(trimEach)
  @IsArray({ message: '资格应当是一组文字' })
  @ArrayMaxSize(10, { message: '资格最多填10项' })
  @IsString({ each: true, message: '每项资格应当是文字' })
  @MaxLength(30, { each: true, message: '每项资格最多30个字' })
  qualifications?: string[];
}

/** POST /api/admin/education-workers */
export class RegisterWorkerDto extends QualificationsField {
  @Transform(trim)
  @IsString({ message: '请填写姓名' })
  @MinLength(1, { message: '请填写姓名' })
  @MaxLength(32, { message: '姓名最多32个字' })
  name: string;

  @Transform(trim)
  @IsString({ message: '请填写手机号' })
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号格式不对，应为11位数字' })
  phone: string;

  @ApiProperty({ enum: Object.values(WorkerKind) })
  @IsEnum(WorkerKind, { message: '请选择专职或兼职' })
  kind: WorkerKind;

  /** 所在学校（选填；学校的教师只能登记本校的） */
  @IsOptional()
  @IsInt({ message: '学校编号不对' })
  @Min(1, { message: '学校编号不对' })
  @Max(INT_MAX, { message: '学校编号不对' })
  schoolId?: number;

  /** 不在学校的工作者（如街道社区教育专职人员）所在的区域；有学校时按学校所在区域 */
  @ValidateIf((o: RegisterWorkerDto) => o.schoolId === undefined)
  @IsInt({ message: '请选择所在学校或所在区域' })
  @Min(1, { message: '所在区域不对' })
  @Max(INT_MAX, { message: '所在区域不对' })
  areaId?: number;

  /** 入册日期 @example '2026-03-01' */
  @DateField('入册日期')
  joinedOn: string;
}

/** PATCH /api/admin/education-workers/:id */
export class ChangeWorkerDto extends PartialType(PickType(RegisterWorkerDto, ['name', 'phone', 'kind', 'qualifications'] as const)) {
  /** 离开名册的日期（调离、退休）；null 表示重新在册 */
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @DateField('离册日期')
  leftOn?: string | null;
}

/** POST /api/admin/education-workers/:id/training: one continuing-education entry. */
export class RecordTrainingDto {
  /** @example '2026-04-18' */
  @DateField('培训日期')
  trainedOn: string;

  /** 学时（分钟），1 到 6000 */
  @IsInt({ message: '学时应当是整数分钟' })
  @Min(1, { message: '学时至少1分钟' })
  @Max(6000, { message: '一次最多记100学时' })
  minutes: number;

  /** 培训或学习的内容，如 社区教育工作者岗位培训 */
  @Transform(trim)
  @IsString({ message: '请填写培训内容' })
  @MinLength(2, { message: '培训内容至少2个字' })
  @MaxLength(60, { message: '培训内容最多60个字' })
  what: string;
}

/** PUT /api/admin/education-workers/requirement/:year */
export class SetRequirementDto {
  /** 每人每年应达到的继续教育学时（分钟） */
  @IsInt({ message: '学时应当是整数分钟' })
  @Min(60, { message: '每年要求至少1学时' })
  @Max(60000, { message: '每年要求太多了' })
  requiredMinutes: number;
}
