import { Category, Highlight, OfferingKind, OfferingQuery, SEARCH_MAX, TargetGroup } from '@lp/shared';
import { IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/page-query.dto';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CoordinatesDto {
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度应当是数字' })
  @Min(-90, { message: '纬度不对' })
  @Max(90, { message: '纬度不对' })
  lat?: number;

  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度应当是数字' })
  @Min(-180, { message: '经度不对' })
  @Max(180, { message: '经度不对' })
  lng?: number;
}

export class OfferingQueryDto extends IntersectionType(CoordinatesDto, PageQueryDto) implements OfferingQuery {
  /** 关键词 */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: '关键词应当是文字' })
  @Length(1, SEARCH_MAX, { message: `关键词最多${SEARCH_MAX}个字` })
  q?: string;

  @IsOptional()
  @IsEnum(Category, { message: '类别不是可选的值' })
  category?: Category;

  @IsOptional()
  @IsEnum(OfferingKind, { message: '类型不是可选的值' })
  kind?: OfferingKind;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '区域编号应当是整数' })
  @Min(1, { message: '区域编号不对' })
  @Max(2147483647, { message: '区域编号不对' })
  areaId?: number;

  /**
   * @example '2026-12-01'
   */
  @IsOptional()
  @Matches(DAY, { message: '开始日期格式应如 2026-12-01' })
  from?: string;

  /**
   * @example '2026-12-31'
   */
  @IsOptional()
  @Matches(DAY, { message: '结束日期格式应如 2026-12-31' })
  to?: string;

  @IsOptional()
  @IsEnum(TargetGroup, { message: '人群不是可选的值' })
  targetGroup?: TargetGroup;

  @IsOptional()
  @IsIn(['online', 'offline'], { message: '方式只能是线上或线下' })
  mode?: 'online' | 'offline';

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '“只看有名额”应为 true 或 false' })
  hasPlaces?: boolean;

  @IsOptional()
  @IsEnum(Highlight, { message: '专题不是可选的值' })
  highlight?: Highlight;

  /** 配合 lat/lng：只看这个距离内（米） */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '距离应当是整数米' })
  @Min(100, { message: '距离至少100米' })
  @Max(100000, { message: '距离最多100公里' })
  withinMeters?: number;
}

export class CircleQueryDto {
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度应当是数字' })
  @Min(-90, { message: '纬度不对' })
  @Max(90, { message: '纬度不对' })
  lat: number;

  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度应当是数字' })
  @Min(-180, { message: '经度不对' })
  @Max(180, { message: '经度不对' })
  lng: number;
}
