import { HeartbeatRequest, StartPlaybackRequest } from '@lp/shared';
import { IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';

const POSITION_RULES = { allowNaN: false, allowInfinity: false };

export class StartPlaybackDto implements StartPlaybackRequest {
  /** 从视频的第几秒开始放（默认 0） */
  @IsOptional()
  @IsNumber(POSITION_RULES, { message: '播放位置应当是秒数' })
  @Min(0, { message: '播放位置不对' })
  @Max(86400, { message: '播放位置不对' })
  position?: number;
}

export class HeartbeatDto implements HeartbeatRequest {
  /** 开始播放时拿到的编号 */
  @IsUUID('all', { message: '播放编号不对，请重新点播放' })
  playbackId: string;

  /** 视频现在播到第几秒 */
  @IsNumber(POSITION_RULES, { message: '播放位置应当是秒数' })
  @Min(0, { message: '播放位置不对' })
  @Max(86400, { message: '播放位置不对' })
  position: number;
}
