import { CAMPAIGN_KINDS, CAMPAIGN_RULE_KINDS, CampaignKind, CampaignRuleKind } from '@lp/shared';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { AreaIdQueryDto } from '../../common/area-query.dto';
import { trim } from '../../common/dto-transforms';

const NO_MARKUP = /^[^<>]*$/s;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What a campaign says about itself and when it runs; its area is fixed when it is created. */
export class CampaignDetailsDto {
  /**
   * 活动名称
   * @example '2026年全民终身学习活动周'
   */
  @Transform(trim)
  @IsString({ message: '活动名称应当是文字' })
  @Length(2, 40, { message: '活动名称应为2到40个字' })
  @Matches(NO_MARKUP, { message: '活动名称里不能有尖括号' })
  title: string;

  /**
   * 介绍（可以不填）
   * @example '一周里，各社区学校开放课堂，欢迎大家来听课。'
   */
  @Transform(trim)
  @IsString({ message: '介绍应当是文字' })
  @MaxLength(2000, { message: '介绍最多2000个字' })
  @Matches(NO_MARKUP, { message: '介绍里不能有尖括号' })
  description: string;

  /**
   * 年份
   * @example 2026
   */
  @Type(() => Number)
  @IsInt({ message: '年份应当是整数' })
  @Min(2000, { message: '年份不对，应在2000年到2100年之间' })
  @Max(2100, { message: '年份不对，应在2000年到2100年之间' })
  year: number;

  /**
   * 开放日按全区规定的日子（只有开放日可以选）
   * @example false
   */
  @IsBoolean({ message: '请选择是否按全区规定的日子' })
  followsRule: boolean;

  /**
   * 开始日期（按全区规定的日子时不填）
   * @example '2026-11-02'
   */
  @ValidateIf((o: CampaignDetailsDto) => !o.followsRule)
  @IsString({ message: '请填写开始日期' })
  @Matches(DAY, { message: '开始日期格式不对' })
  startsOn?: string;

  /**
   * 结束日期（按全区规定的日子时不填）
   * @example '2026-11-08'
   */
  @ValidateIf((o: CampaignDetailsDto) => !o.followsRule)
  @IsString({ message: '请填写结束日期' })
  @Matches(DAY, { message: '结束日期格式不对' })
  endsOn?: string;
}

export class CreateCampaignDto extends CampaignDetailsDto {
  /**
   * 哪个区域的活动（本辖区或下级）
   * @example 1
   */
  @Type(() => Number)
  @IsInt({ message: '请选择区域' })
  @Min(1, { message: '请选择区域' })
  @Max(2147483647, { message: '区域编号不对' })
  areaId: number;

  /**
   * 类型：learning_week 活动周，open_day 开放日，other 其他
   * @example 'learning_week'
   */
  @IsIn(CAMPAIGN_KINDS, { message: '请选择活动类型' })
  kind: CampaignKind;
}

export class CampaignQueryDto extends AreaIdQueryDto {
  /** 只看这一年 */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '年份应当是整数' })
  @Min(2000, { message: '年份不对' })
  @Max(2100, { message: '年份不对' })
  year?: number;
}

export class CampaignActivityDto {
  /**
   * 要加入的课程或活动
   * @example 12
   */
  @Type(() => Number)
  @IsInt({ message: '请选择课程或活动' })
  @Min(1, { message: '请选择课程或活动' })
  @Max(2147483647, { message: '编号格式不对' })
  offeringId: number;
}

export class JoinCampaignDto {
  /**
   * 要加入的主题活动
   * @example 3
   */
  @Type(() => Number)
  @IsInt({ message: '请选择主题活动' })
  @Min(1, { message: '请选择主题活动' })
  @Max(2147483647, { message: '编号格式不对' })
  campaignId: number;
}

/** The district's 开放日 rule. */
export class CampaignRuleDto {
  /**
   * 算法：nth_weekday 第几个星期几；week_of_month 第几周的星期几（周一到周日算一周）
   * @example 'nth_weekday'
   */
  @IsIn(CAMPAIGN_RULE_KINDS, { message: '请选择算日子的方法' })
  kind: CampaignRuleKind;

  /** @example 11 */
  @Type(() => Number)
  @IsInt({ message: '月份应当是整数' })
  @Min(1, { message: '月份要在1到12之间' })
  @Max(12, { message: '月份要在1到12之间' })
  month: number;

  /** 第几个（或第几周） @example 3 */
  @Type(() => Number)
  @IsInt({ message: '第几个应当是整数' })
  @Min(1, { message: '只能选第一到第四个' })
  @Max(4, { message: '只能选第一到第四个' })
  n: number;

  /** 星期几：1 是星期一，7 是星期日 @example 5 */
  @Type(() => Number)
  @IsInt({ message: '请选择星期几' })
  @Min(1, { message: '请选择星期几' })
  @Max(7, { message: '请选择星期几' })
  weekday: number;
}

/** A year's 开放日 set by hand, or null to go back to the rule's day. */
export class CampaignRuleYearDto {
  /**
   * 这一年的开放日；不填（null）就按规则
   * @example '2026-11-13'
   */
  // the key is required: a body without it (an empty PUT) changes nothing, rather than clearing the day
  @ValidateIf((o: CampaignRuleYearDto) => o.date !== null)
  @IsDefined({ message: '请给出这一年的开放日；要恢复按规定，日期写 null' })
  @IsString({ message: '日期格式不对' })
  @Matches(DAY, { message: '日期格式不对' })
  date: string | null;
}
