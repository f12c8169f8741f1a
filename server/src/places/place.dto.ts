import { SchoolType, VENUE_ROOMS_MAX } from '@lp/shared';
import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { AreaIdQueryDto } from '../common/area-query.dto';
import { PageQueryDto } from '../common/page-query.dto';
import { INT_MAX } from '../common/dto-transforms';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** `?q=&areaId=&active=&page=&limit=` of the schools and venues tables. */
export class PlaceListQueryDto extends IntersectionType(AreaIdQueryDto, PickType(PageQueryDto, ['limit'] as const)) {
  /** 名称或地址里的字 */
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: '查找的内容应当是文字' })
  @MaxLength(40, { message: '查找的内容最多40个字' })
  q?: string;

  /** true 只看在用的，false 只看已停用的，不传则都看 */
  @IsOptional()
  @IsIn(['true', 'false'], { message: '在用还是停用，应当是 true 或 false' })
  active?: 'true' | 'false';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '页码应当是整数' })
  @Min(1, { message: '页码从1开始' })
  @Max(10000, { message: '页码太大了' })
  page?: number;
}

export class SchoolListQueryDto extends PlaceListQueryDto {
  @ApiPropertyOptional({ enum: Object.values(SchoolType), description: '学校类别' })
  @IsOptional()
  @IsEnum(SchoolType, { message: '学校类别不对' })
  type?: SchoolType;
}

export class VenueListQueryDto extends PlaceListQueryDto {
  /** 只看这所学校的场地 */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '学校编号应当是整数' })
  @Min(1, { message: '学校编号不对' })
  @Max(INT_MAX, { message: '学校编号不对' })
  schoolId?: number;
}

class AreaField {
  @ApiProperty({ description: '所在区域（区、街道/镇或社区/村）的编号' })
  @IsInt({ message: '请选择所在区域' })
  @Min(1, { message: '所在区域不对' })
  @Max(INT_MAX, { message: '所在区域不对' })
  areaId: number;
}

class SchoolFields extends AreaField {
  @ApiProperty({ description: '学校名称', maxLength: 64 })
  @Transform(trimmed)
  @IsString({ message: '请填写学校名称' })
  @MinLength(1, { message: '请填写学校名称' })
  @MaxLength(64, { message: '学校名称最多64个字' })
  name: string;

  @ApiProperty({ enum: Object.values(SchoolType), description: '学校类别' })
  @IsEnum(SchoolType, { message: '请选择学校类别' })
  type: SchoolType;

  @ApiProperty({ description: '地址', maxLength: 200, required: false, nullable: true, type: String })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: '地址应当是文字' })
  @MaxLength(200, { message: '地址最多200个字' })
  address?: string | null;
}

export class SchoolInputDto extends SchoolFields {}

class ActiveField {
  @ApiProperty({ description: 'false 停用，true 恢复使用', required: false })
  @IsOptional()
  @IsBoolean({ message: '停用应当是 true 或 false' })
  active?: boolean;
}

export class SchoolChangeDto extends IntersectionType(PartialType(SchoolFields), ActiveField) {}

export class RoomDto {
  @ApiProperty({ description: '教室名称', maxLength: 64 })
  @Transform(trimmed)
  @IsString({ message: '请填写教室名称' })
  @MinLength(1, { message: '请填写教室名称' })
  @MaxLength(64, { message: '教室名称最多64个字' })
  name: string;

  @ApiProperty({ description: '能坐多少人', minimum: 1, maximum: 100000 })
  @IsInt({ message: '教室人数应当是整数' })
  @Min(1, { message: '教室至少能坐1人' })
  @Max(100000, { message: '教室人数太大了' })
  capacity: number;
}

export class OpeningPeriodDto {
  @ApiProperty({ description: '星期几：1 周一 … 7 周日', minimum: 1, maximum: 7 })
  @IsInt({ message: '星期应当是1到7' })
  @Min(1, { message: '星期应当是1到7' })
  @Max(7, { message: '星期应当是1到7' })
  weekday: number;

  @ApiProperty({ description: '开门时间 HH:MM', example: '08:30' })
  @IsString({ message: '开门时间应当写成 08:30 这样' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '开门时间应当写成 08:30 这样' })
  opens: string;

  @ApiProperty({ description: '关门时间 HH:MM', example: '17:00' })
  @IsString({ message: '关门时间应当写成 17:00 这样' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '关门时间应当写成 17:00 这样' })
  closes: string;
}

class VenueFields extends AreaField {
  @ApiProperty({ description: '场地名称', maxLength: 64 })
  @Transform(trimmed)
  @IsString({ message: '请填写场地名称' })
  @MinLength(1, { message: '请填写场地名称' })
  @MaxLength(64, { message: '场地名称最多64个字' })
  name: string;

  @ApiProperty({ description: '地址', maxLength: 200 })
  @Transform(trimmed)
  @IsString({ message: '请填写地址' })
  @MinLength(1, { message: '请填写地址' })
  @MaxLength(200, { message: '地址最多200个字' })
  address: string;

  @ApiProperty({ description: '纬度（-90 到 90）', example: 29.87 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度应当是数字，如 29.87' })
  @Min(-90, { message: '纬度应当在 -90 到 90 之间' })
  @Max(90, { message: '纬度应当在 -90 到 90 之间' })
  latitude: number;

  @ApiProperty({ description: '经度（-180 到 180）', example: 121.55 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度应当是数字，如 121.55' })
  @Min(-180, { message: '经度应当在 -180 到 180 之间' })
  @Max(180, { message: '经度应当在 -180 到 180 之间' })
  longitude: number;

  @ApiProperty({ description: '整个场地能容纳多少人', minimum: 1, maximum: 100000 })
  @IsInt({ message: '容纳人数应当是整数' })
  @Min(1, { message: '容纳人数至少是1' })
  @Max(100000, { message: '容纳人数太大了' })
  capacity: number;

  @ApiProperty({ description: '所属学校（可不填）', required: false, nullable: true, type: Number })
  @IsOptional()
  @IsInt({ message: '所属学校不对' })
  @Min(1, { message: '所属学校不对' })
  @Max(INT_MAX, { message: '所属学校不对' })
  schoolId?: number | null;

  @ApiProperty({ type: [RoomDto], description: '教室（整张列表，保存时替换原有的）', required: false })
  @IsOptional()
  @IsArray({ message: '教室应当是列表' })
  @ArrayMaxSize(VENUE_ROOMS_MAX, { message: `教室最多${VENUE_ROOMS_MAX}间` })
  @ValidateNested({ each: true })
  @Type(() => RoomDto)
  rooms?: RoomDto[];

  @ApiProperty({ type: [OpeningPeriodDto], description: '开放时间（整张列表，保存时替换原有的）', required: false })
  @IsOptional()
  @IsArray({ message: '开放时间应当是列表' })
  @ArrayMaxSize(21, { message: '开放时间最多21段' })
  @ValidateNested({ each: true })
  @Type(() => OpeningPeriodDto)
  openingHours?: OpeningPeriodDto[];
}

export class VenueInputDto extends VenueFields {}

export class VenueChangeDto extends IntersectionType(PartialType(VenueFields), ActiveField) {}
