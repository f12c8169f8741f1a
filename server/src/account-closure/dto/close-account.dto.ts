import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';

/** The resident's own closing: they confirm they read the warning. */
export class CloseOwnAccountDto {
  /** 我已了解注销后无法恢复（必须为 true） */
  @IsBoolean({ message: '请确认您已了解注销的后果' })
  confirm: boolean;
}

/** An administrator closes an account at the resident's request, saying which request. */
export class CloseResidentAccountDto extends CloseOwnAccountDto {
  /** 居民申请注销的情况（如：本人到社区书面申请），留痕 */
  @IsString({ message: '请写明居民的注销申请' })
  @MinLength(2, { message: '请写明居民的注销申请' })
  @MaxLength(200, { message: '申请说明不能超过200个字' })
  reason: string;
}
