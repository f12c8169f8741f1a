import { IndicatorCode, IndicatorTargetUpdate } from '@lp/shared';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, ValidateIf, ValidateNested } from 'class-validator';

const CODES = Object.values(IndicatorCode);

export class IndicatorTargetItemDto {
  @ApiProperty({ enum: CODES, description: '指标代码' })
  @IsIn(CODES, { message: '没有这个指标' })
  code: IndicatorCode;

  /**
   * 目标：比例类写小数（0.6 即 60%），每万人类写人数（1 即每万人 1 人）；null 表示不再单独设置，沿用上级或往年的目标
   * @example 0.6
   */
  @ApiProperty({ type: Number, nullable: true })
  @ValidateIf((o: IndicatorTargetItemDto) => o.target !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '目标应当是数字' })
  target: number | null;
}

export class IndicatorTargetUpdateDto implements IndicatorTargetUpdate {
  @ApiProperty({ type: [IndicatorTargetItemDto] })
  @IsArray({ message: '请列出要设置的指标目标' })
  @ArrayMinSize(1, { message: '请至少设置一项指标目标' })
  @ArrayMaxSize(CODES.length, { message: '指标目标的项数太多' })
  @ValidateNested({ each: true })
  @Type(() => IndicatorTargetItemDto)
  targets: IndicatorTargetItemDto[];
}
