import { IsString, Length, Matches } from 'class-validator';

export class WechatLoginDto {
  /** wx.login() 返回的 code */
  @IsString({ message: '微信登录凭证缺失' })
  @Length(1, 128, { message: '微信登录凭证格式不对' })
  code: string;
}

export class PasswordLoginDto {
  /**
   * @example 'teacher_demo'
   */
  @IsString({ message: '请输入账号' })
  @Length(1, 64, { message: '账号长度不对' })
  username: string;

  @IsString({ message: '请输入密码' })
  @Length(1, 128, { message: '密码长度不对' })
  password: string;
}

export class RefreshDto {
  @IsString({ message: '登录凭证缺失' })
  @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: '登录凭证格式不对' })
  refreshToken: string;
}

export class ChangePasswordDto {
  @IsString({ message: '请输入现在的密码' })
  @Length(1, 128, { message: '现在的密码长度不对' })
  currentPassword: string;

  /** 新密码：至少12位，不能是常见密码或重复的字符 */
  @IsString({ message: '请输入新密码' })
  @Length(1, 128, { message: '新密码最多128位' })
  newPassword: string;
}
