import { SELECTION_KINDS, SELECTION_LIMITS as LIMITS, REASON_LENGTH, type SelectionKind } from '@lp/shared';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { trim } from '../../common/dto-transforms';

const NO_MARKUP = /^[^<>]*$/s;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateSelectionDto {
  /**
   * 评选种类：star 百姓学习之星，brand 终身学习品牌项目
   * @example 'star'
   */
  @IsIn(SELECTION_KINDS, { message: '请选择评选种类' })
  kind: SelectionKind;

  /**
   * 评选的区域（管理员本人管辖的区域或其下级）
   * @example 12
   */
  @Type(() => Number)
  @IsInt({ message: '请选择评选的区域' })
  @Min(1, { message: '请选择评选的区域' })
  areaId: number;

  /** @example '2026年度百姓学习之星评选' */
  @Transform(trim)
  @IsString({ message: '名称应当是文字' })
  @Length(LIMITS.titleMin, LIMITS.titleMax, { message: `名称应为${LIMITS.titleMin}到${LIMITS.titleMax}个字` })
  @Matches(NO_MARKUP, { message: '名称里不能有尖括号' })
  title: string;

  /** @example 2026 */
  @Type(() => Number)
  @IsInt({ message: '年度应当是整数' })
  @Min(2000, { message: '年度不对' })
  @Max(2100, { message: '年度不对' })
  year: number;

  /** 名额 @example 10 */
  @Type(() => Number)
  @IsInt({ message: '名额应当是整数' })
  @Min(1, { message: '名额至少为 1' })
  @Max(LIMITS.quotaMax, { message: `名额不能超过${LIMITS.quotaMax}` })
  quota: number;

  /** 推荐开始日期 @example '2026-03-01' */
  @Matches(DAY, { message: '推荐开始日期格式应为 2026-03-01' })
  nominateFrom: string;

  /** 推荐截止日期 @example '2026-04-30' */
  @Matches(DAY, { message: '推荐截止日期格式应为 2026-04-30' })
  nominateUntil: string;

  /** 公示开始日期 @example '2026-05-10' */
  @Matches(DAY, { message: '公示开始日期格式应为 2026-05-10' })
  noticeStart: string;

  /** 公示结束日期 @example '2026-05-16' */
  @Matches(DAY, { message: '公示结束日期格式应为 2026-05-16' })
  noticeEnd: string;
}

export class SelectionRulesDto {
  /** @example 'star' */
  @IsIn(SELECTION_KINDS, { message: '请选择评选种类' })
  kind: SelectionKind;

  /** 获评后几年内不能再参评同类评选（空：不限） @example 3 */
  @IsOptional()
  @IsInt({ message: '年数应当是整数' })
  @Min(1, { message: '年数至少为 1' })
  @Max(20, { message: '年数不能超过 20' })
  excludeWinnersYears: number | null;

  /** 当年至少学习多少分钟（空：不限） @example 1200 */
  @IsOptional()
  @IsInt({ message: '学习时长应当是整数（分钟）' })
  @Min(0, { message: '学习时长不能是负数' })
  @Max(525600, { message: '学习时长太长了' })
  minMinutes: number | null;

  /** 最小年龄（空：不限） @example 18 */
  @IsOptional()
  @IsInt({ message: '年龄应当是整数' })
  @Min(0, { message: '年龄不对' })
  @Max(120, { message: '年龄不对' })
  minAge: number | null;

  /** 最大年龄（空：不限） @example 90 */
  @IsOptional()
  @IsInt({ message: '年龄应当是整数' })
  @Min(0, { message: '年龄不对' })
  @Max(120, { message: '年龄不对' })
  maxAge: number | null;
}

export class NominateDto {
  /**
   * 被推荐的居民（百姓学习之星；居民自荐时不填）
   * @example '7f0c2c1e-3f5e-4d4e-9d7a-2b1c0a9e8f71'
   */
  @IsOptional()
  @IsUUID('all', { message: '请选择被推荐的居民' })
  nomineeId?: string;

  /**
   * 被推荐居民绑定的手机号（百姓学习之星；学校老师和管理员可以用手机号代替 nomineeId）
   * @example '13812345678'
   */
  @IsOptional()
  @Transform(trim)
  @IsString({ message: '请填写被推荐居民的手机号' })
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号格式不对，应为11位数字' })
  nomineePhone?: string;

  /** 品牌项目名称（终身学习品牌项目） @example '银龄数字课堂' */
  @IsOptional()
  @Transform(trim)
  @IsString({ message: '项目名称应当是文字' })
  @Length(LIMITS.projectMin, LIMITS.projectMax, { message: `项目名称应为${LIMITS.projectMin}到${LIMITS.projectMax}个字` })
  @Matches(NO_MARKUP, { message: '项目名称里不能有尖括号' })
  projectName?: string;

  /** 品牌项目所在社区（终身学习品牌项目） @example 31 */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '请选择项目所在的社区' })
  communityId?: number;

  /** 事迹 */
  @Transform(trim)
  @IsString({ message: '事迹应当是文字' })
  @Length(LIMITS.storyMin, LIMITS.storyMax, { message: `事迹应为${LIMITS.storyMin}到${LIMITS.storyMax}个字` })
  @Matches(NO_MARKUP, { message: '事迹里不能有尖括号' })
  story: string;

  /** 照片（先用 POST /uploads 上传 JPG 或 PNG，最多 6 张） */
  @IsOptional()
  @IsArray({ message: '照片列表不对' })
  @ArrayMaxSize(LIMITS.photosMax, { message: `照片最多${LIMITS.photosMax}张` })
  @IsUUID('all', { each: true, message: '照片不对，请重新上传' })
  photoUploadIds?: string[];
}

export class RejectNominationDto {
  /** 不入选的原因（推荐人会看到） */
  @Transform(trim)
  @IsString({ message: '原因应当是文字' })
  @Length(REASON_LENGTH.min, REASON_LENGTH.max, { message: `原因应为${REASON_LENGTH.min}到${REASON_LENGTH.max}个字` })
  @Matches(NO_MARKUP, { message: '原因里不能有尖括号' })
  reason: string;
}

export class ConsentDto {
  /** true：同意参加评选并公开事迹；false：不同意 */
  @IsBoolean({ message: '请选择同意或不同意' })
  accept: boolean;
}

export class ObjectionDto {
  /** 对哪一位（哪一项）有异议 @example 3 */
  @Type(() => Number)
  @IsInt({ message: '请选择对哪一位有异议' })
  @Min(1, { message: '请选择对哪一位有异议' })
  nominationId: number;

  /** 联系方式（电话等，只给管理员看） @example '13800000000' */
  @Transform(trim)
  @IsString({ message: '联系方式应当是文字' })
  @Length(LIMITS.contactMin, LIMITS.contactMax, { message: `联系方式应为${LIMITS.contactMin}到${LIMITS.contactMax}个字` })
  @Matches(NO_MARKUP, { message: '联系方式里不能有尖括号' })
  contact: string;

  /** 异议的理由 */
  @Transform(trim)
  @IsString({ message: '理由应当是文字' })
  @Length(LIMITS.objectionMin, LIMITS.objectionMax, { message: `理由应为${LIMITS.objectionMin}到${LIMITS.objectionMax}个字` })
  @Matches(NO_MARKUP, { message: '理由里不能有尖括号' })
  reason: string;
}

export class AnswerObjectionDto {
  /** 答复（提出异议的人通过联系方式得知；也记入档案） */
  @Transform(trim)
  @IsString({ message: '答复应当是文字' })
  @Length(LIMITS.answerMin, LIMITS.answerMax, { message: `答复应为${LIMITS.answerMin}到${LIMITS.answerMax}个字` })
  @Matches(NO_MARKUP, { message: '答复里不能有尖括号' })
  answer: string;

  /** true：异议成立，取消此人（此项目）的入选 */
  @IsBoolean({ message: '请选择异议是否成立' })
  upheld: boolean;
}

export class SelectionAreaQueryDto {
  /** 区域（不填：本人管辖的区域） */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '区域不对' })
  areaId?: number;
}
