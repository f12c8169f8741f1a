import { CurrentUser, TokenPair } from '@lp/shared';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Actor, OpenBeforePasswordChange, Public, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { ClientAddress } from '../common/client-address';
import { Role } from '@lp/shared';
import { AuthService } from './auth.service';
import { ChangePasswordDto, PasswordLoginDto, RefreshDto, WechatLoginDto } from './dto/auth.dto';
import { LoginThrottle } from './login-throttle';
import { Returns, ReturnsNothing } from '../openapi/returns';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Returns('TokenPair')
  @Post('wechat/login')
  @Public()
  @LoginThrottle()
  @HttpCode(200)
  @ApiOperation({ summary: '小程序登录：用 wx.login 的 code 换取登录凭证' })
  wechatLogin(@Body() dto: WechatLoginDto): Promise<TokenPair> {
    return this.auth.loginWithWechat(dto.code);
  }

  @Returns('TokenPair')
  /** Limited per username and per address by AuthService itself (LoginAttempts), not by the 'login' throttler. */
  @Post('password/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '教师、管理员账号密码登录（错误次数多了要等一会儿）' })
  @ApiTooManyRequestsResponse({ description: '尝试太多，Retry-After 秒后再试' })
  passwordLogin(@Body() dto: PasswordLoginDto, @ClientAddress() address: string): Promise<TokenPair> {
    return this.auth.loginWithPassword(dto.username, dto.password, address);
  }

  @Returns('TokenPair')
  @Post('refresh')
  @Public()
  @LoginThrottle()
  @HttpCode(200)
  @ApiOperation({ summary: '用刷新凭证换新的登录凭证（旧的随即作废）' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Returns('TokenPair')
  /** The old password is checked like a login (LoginAttempts); the answer is a new login, as every older token is refused from now on. */
  @Post('password/change')
  @Roles(Role.Teacher, Role.Admin, Role.SuperAdmin)
  @OpenBeforePasswordChange()
  @HttpCode(200)
  @ApiOperation({ summary: '教师、管理员修改自己的密码（首次登录必须先改掉初始密码）' })
  @ApiTooManyRequestsResponse({ description: '尝试太多，Retry-After 秒后再试' })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @ClientAddress() address: string): Promise<TokenPair> {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, address);
  }

  @ReturnsNothing()
  @Post('logout')
  @Public()
  @HttpCode(204)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Returns('CurrentUser')
  @Post('wechat/link')
  @Roles(Role.Teacher, Role.Admin, Role.SuperAdmin)
  @LoginThrottle()
  @HttpCode(200)
  @ApiOperation({ summary: '教师、管理员绑定微信，之后可在小程序登录' })
  linkWechat(@CurrentActor() actor: Actor, @Body() dto: WechatLoginDto): Promise<CurrentUser> {
    return this.auth.linkWechat(actor, dto.code);
  }
}
