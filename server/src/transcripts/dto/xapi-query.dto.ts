import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** `?cursor=&limit=` of the xAPI export: the cursor is the last record id of the previous page. */
export class XapiQueryDto {
  /** 上一页返回的 more 里的 cursor */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: '翻页参数不对' })
  cursor?: string;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '每页条数应当是整数' })
  @Min(1, { message: '每页至少1条' })
  @Max(500, { message: '每页最多500条' })
  limit?: number;
}
