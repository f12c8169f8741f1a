import { StarRankingBy } from '@lp/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

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

export class StarsQueryDto extends StatisticsQueryDto {
  /** 按学时（默认）或按学分排名 */
  @IsOptional()
  @IsIn(['minutes', 'credits'], { message: '排名方式只能是按学时（minutes）或按学分（credits）' })
  by?: StarRankingBy;

  /** 取前多少名，默认20 */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '名次数应当是整数' })
  @Min(1, { message: '名次数至少为1' })
  @Max(100, { message: '名次数最多100' })
  limit?: number;
}
