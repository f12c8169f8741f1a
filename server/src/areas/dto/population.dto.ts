import { POPULATION_FIGURE_MAX as MAX_PEOPLE, POPULATION_LABELS, PopulationUpdate } from '@lp/shared';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const countRules = (label: string) => [
  IsInt({ message: `${label}应当是整数` }),
  Min(0, { message: `${label}不能是负数` }),
  Max(MAX_PEOPLE, { message: `${label}太大了` }),
];

/** A head count: a whole number from 0 up, named in Chinese in every message. */
const Count = (label: string) => applyDecorators(ApiProperty({ description: label, minimum: 0, maximum: MAX_PEOPLE }), ...countRules(label));

/** A count of organisations that older clients do not send: left out, the stored figure stays. */
const OptionalCount = (label: string) =>
  applyDecorators(
    ApiProperty({ description: `${label}；不传则保留已填的数（新录入时为 0）`, minimum: 0, maximum: MAX_PEOPLE, required: false }),
    IsOptional(),
    ...countRules(label),
  );

export class PopulationFiguresDto implements PopulationUpdate {
  @Count(POPULATION_LABELS.residentTotal)
  residentTotal: number;

  @Count(POPULATION_LABELS.aged60Plus)
  aged60Plus: number;

  @Count(POPULATION_LABELS.under18)
  under18: number;

  @Count(POPULATION_LABELS.employed)
  employed: number;

  @Count(POPULATION_LABELS.migrantWorkers)
  migrantWorkers: number;

  @Count(POPULATION_LABELS.unemployed)
  unemployed: number;

  @Count(POPULATION_LABELS.ruralLabor)
  ruralLabor: number;

  @OptionalCount(POPULATION_LABELS.organisations)
  organisations?: number;

  @OptionalCount(POPULATION_LABELS.learningOrganisations)
  learningOrganisations?: number;
}

export class YearQueryDto {
  /**
   * @example 2026
   */
  @Type(() => Number)
  @IsInt({ message: '年份应当是整数' })
  @Min(2000, { message: '年份不能早于2000年' })
  @Max(2100, { message: '年份不能晚于2100年' })
  year: number;
}
