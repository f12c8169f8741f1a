import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** `?cursor=&limit=` of every keyset-paginated list. */
export class PageQueryDto {
  /** 上一页返回的 nextCursor */
  @IsOptional()
  @IsString({ message: '翻页参数不对' })
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: '翻页参数不对' })
  cursor?: string;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '每页条数应当是整数' })
  @Min(1, { message: '每页至少1条' })
  @Max(100, { message: '每页最多100条' })
  limit?: number;
}
