import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class RankingOptOutDto {
  @ApiProperty({ description: 'true：不参加百姓学习之星排名' })
  @IsBoolean({ message: '请选择是否参加排名' })
  optOut: boolean;
}
