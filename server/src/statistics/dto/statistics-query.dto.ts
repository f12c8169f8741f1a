import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?year=`: a calendar year (Asia/Shanghai); the current one when left out. */
export class StatisticsQueryDto {
  /**
   * 统计年份（北京时间自然年），不填为今年
   * @example 2026
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '年份应当是整数' })
  @Min(2000, { message: '年份不能早于2000年' })
  @Max(2100, { message: '年份不能晚于2100年' })
  year?: number;
}
