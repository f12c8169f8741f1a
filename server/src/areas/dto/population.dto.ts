import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const MAX_PEOPLE = 20_000_000;
const count = (label: string) => [
  IsInt({ message: `${label}应当是整数` }),
  Min(0, { message: `${label}不能是负数` }),
  Max(MAX_PEOPLE, { message: `${label}太大了` }),
];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) =>
  decorators.forEach((d) => d(target, key));

export class PopulationFiguresDto {
  @ApiProperty({ description: '常住人口' })
  @apply(count('常住人口'))
  residentTotal: number;

  @ApiProperty({ description: '60岁以上' })
  @apply(count('60岁以上人口'))
  aged60Plus: number;

  @ApiProperty({ description: '18岁以下' })
  @apply(count('18岁以下人口'))
  under18: number;

  @ApiProperty({ description: '从业人员' })
  @apply(count('从业人员'))
  employed: number;

  @ApiProperty({ description: '进城务工人员' })
  @apply(count('进城务工人员'))
  migrantWorkers: number;

  @ApiProperty({ description: '失业/下岗人员' })
  @apply(count('失业/下岗人员'))
  unemployed: number;

  @ApiProperty({ description: '农村劳动力' })
  @apply(count('农村劳动力'))
  ruralLabor: number;
}

export class YearQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt({ message: '年份应当是整数' })
  @Min(2000, { message: '年份不能早于2000年' })
  @Max(2100, { message: '年份不能晚于2100年' })
  year: number;
}

export class AreaIdQueryDto {
  @ApiProperty({ required: false, description: '只看这个区域（含下级）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '区域编号应当是整数' })
  @Min(1, { message: '区域编号不对' })
  @Max(2147483647, { message: '区域编号不对' })
  areaId?: number;
}
