import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?areaId=`: limit a list to one node's subtree. */
export class AreaIdQueryDto {
  /** 只看这个区域（含下级） */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '区域编号应当是整数' })
  @Min(1, { message: '区域编号不对' })
  @Max(2147483647, { message: '区域编号不对' })
  areaId?: number;
}
