import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

const MAX_PEOPLE = 20_000_000;

/** A head count: a whole number from 0 up, named in Chinese in every message. */
const Count = (label: string) =>
  applyDecorators(
    ApiProperty({ description: label, minimum: 0, maximum: MAX_PEOPLE }),
    IsInt({ message: `${label}应当是整数` }),
    Min(0, { message: `${label}不能是负数` }),
    Max(MAX_PEOPLE, { message: `${label}太大了` }),
  );

export class PopulationFiguresDto {
  @Count('常住人口')
  residentTotal: number;

  @Count('60岁以上人口')
  aged60Plus: number;

  @Count('18岁以下人口')
  under18: number;

  @Count('从业人员')
  employed: number;

  @Count('进城务工人员')
  migrantWorkers: number;

  @Count('失业/下岗人员')
  unemployed: number;

  @Count('农村劳动力')
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
