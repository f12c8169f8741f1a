import { AchievementKind, AchievementView, Category, CategoryRule, CreditRounding, ROUNDING_STEPS, RoundingStep } from '@lp/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
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
import { trim } from '../../common/dto-transforms';

const NO_MARKUP = /^[^<>]*$/s;
const ROUNDINGS: CreditRounding[] = ['down', 'nearest', 'up'];
const KINDS: AchievementKind[] = ['vocational_certificate', 'skill_level', 'competition_award', 'degree_course'];

export class CategoryRuleDto implements CategoryRule {
  @IsEnum(Category, { message: '学习类别不是可选的值' })
  category: Category;

  /**
   * 多少分钟学时折合 1 学分
   * @example 600
   */
  @IsInt({ message: '折算分钟数应当是整数' })
  @Min(1, { message: '折算分钟数至少为 1' })
  @Max(100000, { message: '折算分钟数太大了' })
  minutesPerCredit: number;

  /** 取整到多少千分之一学分（1 即不取整，1000 即整学分） */
  @IsIn(ROUNDING_STEPS as unknown as number[], { message: '取整单位只能是 1、10、100、500 或 1000（千分之一学分）' })
  roundingStepMilli: RoundingStep;

  @IsIn(ROUNDINGS, { message: '取整方式只能是向下、四舍五入或向上' })
  rounding: CreditRounding;

  /** 每年这一类最多记多少学分（千分之一学分） */
  @IsInt({ message: '年度上限应当是整数' })
  @Min(0, { message: '年度上限不能是负数' })
  @Max(1_000_000, { message: '年度上限太大了' })
  yearlyCapMilli: number;
}

export class AchievementDto implements AchievementView {
  /**
   * @example 'cert_electrician_3'
   */
  @IsString({ message: '成果编码应当是文字' })
  @Matches(/^[a-z0-9_]{2,32}$/, { message: '成果编码只能用小写字母、数字和下划线，2到32位' })
  code: string;

  @IsIn(KINDS, { message: '成果类型不是可选的值' })
  kind: AchievementKind;

  @Transform(trim)
  @IsString({ message: '成果名称应当是文字' })
  @Length(2, 64, { message: '成果名称应为2到64个字' })
  @Matches(NO_MARKUP, { message: '成果名称里不能有尖括号' })
  name: string;

  /**
   * @example '三级/高级工'
   */
  @Transform(trim)
  @IsString({ message: '等级应当是文字' })
  @MaxLength(32, { message: '等级太长了' })
  @Matches(NO_MARKUP, { message: '等级里不能有尖括号' })
  level: string;

  @IsEnum(Category, { message: '学习类别不是可选的值' })
  category: Category;

  /** 认定后记多少学分（千分之一学分） */
  @IsInt({ message: '学分应当是整数（千分之一学分）' })
  @Min(1, { message: '学分至少为 0.001' })
  @Max(100000, { message: '学分太大了' })
  creditsMilli: number;
}

export class RuleSetInputDto {
  /**
   * 从哪一天起的学习按这一版折算（只能是明天或以后）
   * @example '2027-01-01'
   */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '生效日期格式应为 2027-01-01' })
  effectiveFrom: string;

  /** 每人每年最多记多少学分（千分之一学分） */
  @IsInt({ message: '年度总上限应当是整数' })
  @Min(1, { message: '年度总上限至少为 0.001 学分' })
  @Max(10_000_000, { message: '年度总上限太大了' })
  overallYearlyCapMilli: number;

  @IsOptional()
  @Transform(trim)
  @IsString({ message: '说明应当是文字' })
  @MaxLength(500, { message: '说明不能超过500字' })
  @Matches(NO_MARKUP, { message: '说明里不能有尖括号' })
  note?: string;

  @IsArray({ message: '折算规则应当是列表' })
  @ArrayMinSize(1, { message: '至少要有一条折算规则' })
  @ArrayMaxSize(20, { message: '折算规则太多了' })
  @ValidateNested({ each: true })
  @Type(() => CategoryRuleDto)
  rules: CategoryRuleDto[];

  @IsArray({ message: '成果认定表应当是列表' })
  @ArrayMaxSize(200, { message: '成果认定表太长了' })
  @ValidateNested({ each: true })
  @Type(() => AchievementDto)
  achievements: AchievementDto[];
}

export class EstimateQueryDto {
  @IsEnum(Category, { message: '学习类别不是可选的值' })
  category: Category;

  /** 学时（分钟） */
  @Type(() => Number)
  @IsInt({ message: '学时应当是整数分钟' })
  @Min(1, { message: '学时至少1分钟' })
  @Max(100000, { message: '学时太大了' })
  minutes: number;

  /** 哪个区的规则；不填则为您所在的区 */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '区的编号应当是整数' })
  @Min(1, { message: '区的编号不对' })
  @Max(2147483647, { message: '区的编号不对' })
  districtId?: number;
}
