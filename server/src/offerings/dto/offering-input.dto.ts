import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  Category,
  GeofencePolicy,
  Highlight,
  LessonInput,
  OFFERING_LIMITS as LIMITS,
  OfferingInput,
  OfferingKind,
  REASON_LENGTH,
  SessionInput,
  TargetGroup,
} from '@lp/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  NotContains,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { trim } from '../../common/dto-transforms';

/** Text is stored and shown as text; markup in it is a mistake or an attack, refused either way. */
const NO_MARKUP = /^[^<>]*$/s;

export class SessionInputDto implements SessionInput {
  /**
   * @example '2026-12-05T14:00:00+08:00'
   */
  @IsISO8601({ strict: true }, { message: '上课开始时间格式不对' })
  startsAt: string;

  /**
   * @example '2026-12-05T15:30:00+08:00'
   */
  @IsISO8601({ strict: true }, { message: '上课结束时间格式不对' })
  endsAt: string;

  /** 这一次课记多少分钟学时 */
  @IsInt({ message: '每次课的学时应当是整数分钟' })
  @Min(1, { message: '每次课的学时至少1分钟' })
  @Max(720, { message: '每次课的学时不能超过12小时' })
  minutes: number;
}

export class LessonInputDto implements LessonInput {
  @Transform(trim)
  @IsString({ message: '课节标题应当是文字' })
  @Length(LIMITS.titleMin, LIMITS.titleMax, { message: `课节标题应为${LIMITS.titleMin}到${LIMITS.titleMax}个字` })
  @Matches(NO_MARKUP, { message: '课节标题里不能有尖括号' })
  title: string;

  /**
   * @example 'https://video.example.gov.cn/lesson1.mp4'
   */
  @IsString({ message: '视频地址应当是文字' })
  @MaxLength(LIMITS.urlMax, { message: '视频地址太长了' })
  @Matches(/^https:\/\/[^\s<>"]+$/, { message: '视频地址应以 https:// 开头' })
  videoUrl: string;

  @IsInt({ message: '视频时长应当是整数秒' })
  @Min(1, { message: '视频时长不对' })
  @Max(LIMITS.lessonMinutesMax * 60, { message: `一节视频最长${LIMITS.lessonMinutesMax / 60}小时` })
  durationSeconds: number;

  @IsInt({ message: '课节学时应当是整数分钟' })
  @Min(1, { message: '课节学时至少1分钟' })
  @Max(LIMITS.lessonMinutesMax, { message: `一节课的学时不能超过${LIMITS.lessonMinutesMax / 60}小时` })
  minutes: number;
}

export class OfferingInputDto implements OfferingInput {
  @IsEnum(OfferingKind, { message: '请选择类型：课程、活动或微课程' })
  kind: OfferingKind;

  /**
   * @example '智能手机入门班'
   */
  @Transform(trim)
  @IsString({ message: '请填写标题' })
  @Length(LIMITS.titleMin, LIMITS.titleMax, { message: `标题应为${LIMITS.titleMin}到${LIMITS.titleMax}个字` })
  @Matches(NO_MARKUP, { message: '标题里不能有尖括号' })
  title: string;

  @Transform(trim)
  @IsString({ message: '请填写介绍' })
  @Length(1, LIMITS.descriptionMax, { message: `介绍应为1到${LIMITS.descriptionMax}个字` })
  @Matches(NO_MARKUP, { message: '介绍里不能有尖括号（网页代码）' })
  description: string;

  @IsOptional()
  @IsString({ message: '封面地址应当是文字' })
  @MaxLength(LIMITS.urlMax, { message: '封面地址太长了' })
  @Matches(/^https:\/\/[^\s<>"]+$/, { message: '封面地址应以 https:// 开头' })
  coverUrl?: string | null;

  @IsEnum(Category, { message: '请从列表里选择类别' })
  category: Category;

  @IsArray({ message: '面向人群格式不对' })
  @ArrayMaxSize(8, { message: '面向人群太多了' })
  @ArrayUnique({ message: '面向人群重复了' })
  @IsEnum(TargetGroup, { each: true, message: '面向人群不是可选的值' })
  targetGroups: TargetGroup[];

  @IsBoolean({ message: '“只允许这些人报名”应为是或否' })
  restrictedToTargetGroups: boolean;

  @IsOptional()
  @IsEnum(Highlight, { message: '专题只能是活动周或开放日' })
  highlight?: Highlight | null;

  /** 线上课程为 null */
  @ValidateIf((_o, v) => v !== null)
  @IsInt({ message: '请选择上课地点' })
  @Min(1, { message: '请选择上课地点' })
  @Max(2147483647, { message: '请选择上课地点' })
  venueId: number | null;

  @IsOptional()
  @IsArray({ message: '合作教师格式不对' })
  @ArrayMaxSize(5, { message: '合作教师最多5位' })
  @IsUUID('all', { each: true, message: '合作教师编号不对' })
  coTeacherIds?: string[];

  @IsInt({ message: '名额应当是整数' })
  @Min(1, { message: '名额至少1个' })
  @Max(LIMITS.capacityMax, { message: '名额太多了' })
  capacity: number;

  @IsISO8601({ strict: true }, { message: '报名开始时间格式不对' })
  enrollOpensAt: string;

  @IsISO8601({ strict: true }, { message: '报名截止时间格式不对' })
  enrollClosesAt: string;

  @IsArray({ message: '上课时间格式不对' })
  @ArrayMaxSize(60, { message: '一门课最多60次课' })
  @ValidateNested({ each: true })
  @Type(() => SessionInputDto)
  sessions: SessionInputDto[];

  /** 没报名的人也可以到场签到（有名额时自动报名） */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean({ message: '“允许现场报名”应为是或否' })
  allowWalkIn?: boolean;

  /** 需要签退：学时按实际在场时间计算 */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean({ message: '“需要签退”应为是或否' })
  requiresCheckOut?: boolean;

  @ApiPropertyOptional({ default: GeofencePolicy.Off })
  @IsOptional()
  @IsEnum(GeofencePolicy, { message: '签到范围的处理方式不是可选的值' })
  geofencePolicy?: GeofencePolicy;

  @ApiPropertyOptional({ default: LIMITS.geofenceRadiusDefault })
  @IsOptional()
  @IsInt({ message: '签到范围应当是整数米' })
  @Min(LIMITS.geofenceRadiusMin, { message: `签到范围至少${LIMITS.geofenceRadiusMin}米` })
  @Max(LIMITS.geofenceRadiusMax, { message: `签到范围最多${LIMITS.geofenceRadiusMax}米` })
  geofenceRadiusMeters?: number;

  @ApiPropertyOptional({ default: LIMITS.checkInOpensMinutesDefault })
  @IsOptional()
  @IsInt({ message: '提前开放签到的分钟数应当是整数' })
  @Min(0, { message: '提前开放签到的分钟数不能是负数' })
  @Max(LIMITS.checkInOpensMinutesMax, { message: `最多提前${LIMITS.checkInOpensMinutesMax / 60}小时开放签到` })
  checkInOpensMinutes?: number;

  @IsArray({ message: '课节格式不对' })
  @ArrayMaxSize(50, { message: '一门微课程最多50节' })
  @ValidateNested({ each: true })
  @Type(() => LessonInputDto)
  lessons: LessonInputDto[];
}

export class ReasonDto {
  /**
   * @example '场地临时维修'
   */
  @Transform(trim)
  @IsString({ message: '请写明原因' })
  @Length(REASON_LENGTH.min, REASON_LENGTH.max, { message: `原因应为${REASON_LENGTH.min}到${REASON_LENGTH.max}个字` })
  @Matches(NO_MARKUP, { message: '原因里不能有尖括号' })
  @NotContains('\u0000', { message: '原因里有无效字符' })
  reason: string;
}
