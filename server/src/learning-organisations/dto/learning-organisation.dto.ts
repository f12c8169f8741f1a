import { ORGANISATION_KINDS, ORGANISATION_LIMITS as L, OrganisationKind, OrganisationStatus } from '@lp/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AreaIdQueryDto } from '../../common/area-query.dto';
import { trim } from '../../common/dto-transforms';

const trimAll = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value);
const NO_MARKUP = /^[^<>]*$/s;
const STATUSES: OrganisationStatus[] = ['applied', 'returned', 'recognised', 'lapsed'];

/** What an organisation tells about itself, when it applies or is sent again after a return. */
export class OrganisationDetailsDto {
  /**
   * 组织名称
   * @example '银龄书画社'
   */
  @Transform(trim)
  @IsString({ message: '组织名称应当是文字' })
  @Length(L.nameMin, L.nameMax, { message: `组织名称应为${L.nameMin}到${L.nameMax}个字` })
  @Matches(NO_MARKUP, { message: '组织名称里不能有尖括号' })
  name: string;

  /**
   * 联系人姓名
   * @example '王老师'
   */
  @Transform(trim)
  @IsString({ message: '联系人应当是文字' })
  @Length(1, L.contactNameMax, { message: `联系人姓名应为1到${L.contactNameMax}个字` })
  @Matches(NO_MARKUP, { message: '联系人姓名里不能有尖括号' })
  contactName: string;

  /**
   * 联系电话（手机号）
   * @example '13812345678'
   */
  @Transform(trim)
  @IsString({ message: '联系电话应当是数字' })
  @Matches(/^1[3-9]\d{9}$/, { message: '联系电话应为11位手机号' })
  contactPhone: string;

  /**
   * 成员名单（每人一项）
   * @example ['王老师', '李阿姨', '张师傅']
   */
  @Transform(trimAll)
  @IsArray({ message: '请填写成员名单' })
  @ArrayMinSize(1, { message: '成员名单至少要有1人' })
  @ArrayMaxSize(L.members, { message: `成员名单最多${L.members}人` })
  @IsString({ each: true, message: '成员姓名应当是文字' })
  @Length(1, L.memberNameMax, { each: true, message: `每位成员的姓名应为1到${L.memberNameMax}个字` })
  @Matches(NO_MARKUP, { each: true, message: '成员姓名里不能有尖括号' })
  members: string[];

  /**
   * 学习计划
   * @example '每周二下午集中学习书法一次，每月办一次作品交流。'
   */
  @Transform(trim)
  @IsString({ message: '学习计划应当是文字' })
  @Length(L.planMin, L.planMax, { message: `学习计划应为${L.planMin}到${L.planMax}个字` })
  @Matches(NO_MARKUP, { message: '学习计划里不能有尖括号' })
  plan: string;
}

export class RegisterOrganisationDto extends OrganisationDetailsDto {
  /** 所在区域（街道或社区）的编号 */
  @Type(() => Number)
  @IsInt({ message: '请选择所在区域' })
  @Min(1, { message: '请选择所在区域' })
  @Max(2147483647, { message: '请选择所在区域' })
  areaId: number;

  /**
   * 组织类型
   * @example 'society'
   */
  @IsIn(ORGANISATION_KINDS, { message: '请选择组织类型' })
  kind: OrganisationKind;
}

/** Not given an area, the list is of the admin's own. */
export class OrganisationQueryDto extends AreaIdQueryDto {
  @IsOptional()
  @IsIn(STATUSES, { message: '状态不是可选的值' })
  status?: OrganisationStatus;

  @IsOptional()
  @IsIn(ORGANISATION_KINDS, { message: '组织类型不是可选的值' })
  kind?: OrganisationKind;
}

export class CriterionScoreDto {
  /** 得分，0 到该项满分 */
  @IsInt({ message: '每一项的得分应为整数' })
  @Min(0, { message: '得分不能是负数' })
  @Max(L.criterionScoreMax, { message: `得分不能超过${L.criterionScoreMax}` })
  score: number;

  /** 这一项的评语 */
  @Transform(trim)
  @IsString({ message: '评语应当是文字' })
  @MaxLength(L.commentMax, { message: `每项评语最多${L.commentMax}个字` })
  @Matches(NO_MARKUP, { message: '评语里不能有尖括号' })
  comment: string;
}

/** The scores of a yearly review: one per criterion of the kind, in the criteria's order. */
export class ReviewOrganisationDto {
  @IsArray({ message: '请逐项打分' })
  @ArrayMaxSize(L.criteria, { message: '评分项太多了' })
  @ValidateNested({ each: true })
  @Type(() => CriterionScoreDto)
  scores: CriterionScoreDto[];

  /** 总体评语 */
  @IsOptional()
  @Transform(trim)
  @IsString({ message: '评语应当是文字' })
  @MaxLength(L.commentMax, { message: `评语最多${L.commentMax}个字` })
  @Matches(NO_MARKUP, { message: '评语里不能有尖括号' })
  comment?: string;
}

export class AssessOrganisationDto extends ReviewOrganisationDto {
  /** recognise：认定；return：退回 */
  @IsIn(['recognise', 'return'], { message: '请选择“认定”或“退回”' })
  outcome: 'recognise' | 'return';

  /** 退回的原因（退回时必填，申请人会看到） */
  @IsOptional()
  @Transform(trim)
  @IsString({ message: '退回原因应当是文字' })
  @Length(L.reasonMin, L.reasonMax, { message: `退回原因应为${L.reasonMin}到${L.reasonMax}个字` })
  @Matches(NO_MARKUP, { message: '退回原因里不能有尖括号' })
  reason?: string;
}

export class CriterionDto {
  /**
   * 评分项
   * @example '定期开展学习活动，有记录'
   */
  @Transform(trim)
  @IsString({ message: '评分项应当是文字' })
  @Length(2, L.criterionTitleMax, { message: `每个评分项应为2到${L.criterionTitleMax}个字` })
  @Matches(NO_MARKUP, { message: '评分项里不能有尖括号' })
  title: string;

  /** 满分 */
  @IsInt({ message: '满分应为整数' })
  @Min(1, { message: '满分至少为1分' })
  @Max(L.criterionScoreMax, { message: `满分不能超过${L.criterionScoreMax}分` })
  maxScore: number;
}

export class SaveCriteriaDto {
  @IsArray({ message: '请填写评分项' })
  @ArrayMinSize(1, { message: '至少要有一个评分项' })
  @ArrayMaxSize(L.criteria, { message: `评分项最多${L.criteria}个` })
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria: CriterionDto[];
}

export class OrganisationSettingsDto {
  /** 每年复核截止的月份 */
  @IsInt({ message: '月份应为整数' })
  @Min(1, { message: '月份应在1到12之间' })
  @Max(12, { message: '月份应在1到12之间' })
  reviewMonth: number;

  /** 每年复核截止的日期 */
  @IsInt({ message: '日期应为整数' })
  @Min(1, { message: '日期应在1到31之间' })
  @Max(31, { message: '日期应在1到31之间' })
  reviewDay: number;
}

export class SubsidyDto {
  /** 补助金额（分） */
  @IsInt({ message: '补助金额应为整数（分）' })
  @Min(1, { message: '补助金额要大于0' })
  @Max(L.subsidyMaxFen, { message: '补助金额太大了，请核对' })
  amountFen: number;

  /**
   * 发放日期
   * @example '2026-06-30'
   */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '发放日期格式应为 2026-06-30' })
  grantedOn: string;

  /**
   * 经费来源
   * @example '街道社区教育经费'
   */
  @Transform(trim)
  @IsString({ message: '经费来源应当是文字' })
  @Length(2, L.sourceMax, { message: `经费来源应为2到${L.sourceMax}个字` })
  @Matches(NO_MARKUP, { message: '经费来源里不能有尖括号' })
  source: string;
}

export class LinkActivityDto {
  /** 活动（课程）的编号 */
  @IsInt({ message: '请选择活动' })
  @Min(1, { message: '请选择活动' })
  @Max(2147483647, { message: '请选择活动' })
  offeringId: number;
}
