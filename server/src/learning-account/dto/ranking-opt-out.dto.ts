import { IsBoolean } from 'class-validator';

export class RankingOptOutDto {
  /** true：不参加百姓学习之星排名 */
  @IsBoolean({ message: '请选择是否参加排名' })
  optOut: boolean;
}
