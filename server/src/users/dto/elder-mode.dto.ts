import { ElderModeRequest } from '@lp/shared';
import { IsBoolean } from 'class-validator';

export class ElderModeDto implements ElderModeRequest {
  /** true: 长辈模式 on */
  @IsBoolean({ message: '长辈模式应为打开或关闭' })
  on: boolean;
}
