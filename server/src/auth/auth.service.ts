import { CurrentUser, ErrorCode, Role, TokenPair } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { UsersService } from '../users/users.service';
import { WechatClient } from '../wechat/wechat.client';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly wechat: WechatClient,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly passwords: PasswordHasher,
  ) {}

  /** A resident (or a teacher/admin who linked WeChat) opens the mini program. */
  async loginWithWechat(code: string): Promise<TokenPair> {
    const session = await this.wechat.code2Session(code);
    const user =
      (await this.users.findByOpenid(session.openid)) ??
      (await this.users.findOrCreateResident(session.openid, session.unionid));
    if (user.disabledAt) throw AppError.forbidden('账号已停用，请联系社区学校');
    await this.users.touchLogin(user.id);
    return this.tokens.issue(user);
  }

  /** Teachers and administrators on the H5 site. */
  async loginWithPassword(username: string, password: string): Promise<TokenPair> {
    const user = await this.users.findByUsernameWithHash(username.trim());
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !ok) throw AppError.unauthenticated('账号或密码不对', ErrorCode.BadCredentials);
    if (user.disabledAt) throw AppError.forbidden('账号已停用，请联系上级管理员');
    await this.users.touchLogin(user.id);
    return this.tokens.issue(user);
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokens.rotate(refreshToken);
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revoke(refreshToken);
  }

  /** A teacher or admin links their WeChat so they can also log in from the mini program. */
  async linkWechat(actor: Actor, code: string): Promise<CurrentUser> {
    if (actor.role === Role.Resident) throw AppError.forbidden('居民账号已经是微信登录');
    const session = await this.wechat.code2Session(code);
    const owner = await this.users.findByOpenid(session.openid);
    if (owner && owner.id !== actor.userId) {
      throw AppError.conflict('这个微信已经绑定了其他账号');
    }
    await this.users.linkWechat(actor.userId, session.openid, session.unionid);
    return this.users.currentUser(actor.userId);
  }
}
