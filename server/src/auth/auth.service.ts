import { AuthError, CurrentUser, Role, TokenPair } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import type { User } from '../users/user.entity';
import { AccountChanges } from '../users/account-changes';
import { UsersService } from '../users/users.service';
import { WechatClient } from '../wechat/wechat.client';
import { LoginAttempts } from './login-attempts';
import { PasswordHasher } from './password-hasher';
import { assertPasswordAllowed } from './password-policy';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly wechat: WechatClient,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly passwords: PasswordHasher,
    private readonly attempts: LoginAttempts,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly accountChanges: AccountChanges,
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

  /**
   * Teachers and administrators on the H5 site. Attempts are limited per username and per address
   * (LoginAttempts); each failure and refusal is audited, without what was typed.
   */
  async loginWithPassword(username: string, password: string, address: string): Promise<TokenPair> {
    const name = username.trim();
    const attempt = await this.attempts.admit(name, address);
    if (!attempt.admitted) {
      if (attempt.audit) {
        await this.auditLogin('auth.login_throttled', await this.users.findByUsernameWithHash(name), address, {
          limit: attempt.limit,
          retryAfterSeconds: attempt.retryAfterSeconds,
        });
      }
      throw attempt.limit === 'address'
        ? AppError.tooManyRequests('登录尝试太多', attempt.retryAfterSeconds)
        : AppError.tooManyRequests('这个账号密码错误次数太多', attempt.retryAfterSeconds, AuthError.LoginThrottled);
    }
    const user = await this.users.findByUsernameWithHash(name);
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      await this.attempts.failed(attempt);
      await this.auditLogin('auth.login_failed', user, address, { failures: attempt.failures, knownAddress: attempt.knownAddress });
      throw AppError.unauthenticated('账号或密码不对', AuthError.BadCredentials);
    }
    await this.attempts.succeeded(attempt);
    if (user.disabledAt) throw AppError.forbidden('账号已停用，请联系上级管理员');
    await this.users.touchLogin(user.id);
    return this.tokens.issue(user);
  }

  /**
   * A teacher or admin picks a new password (the first one, after a reset, or any time). The current
   * password is checked like a login, with the same limits; the new one follows the policy. Every
   * older session ends (the database raises token_version), so the answer is a new login.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, address: string): Promise<TokenPair> {
    const user = await this.users.findByIdWithHash(actor.userId);
    if (!user?.username) throw AppError.forbidden('这个账号不用密码登录');
    if (newPassword === currentPassword) throw AppError.badRequest('新密码不能和现在的密码一样', undefined, AuthError.WeakPassword);
    assertPasswordAllowed(newPassword, { username: user.username, name: user.displayName });
    const attempt = await this.attempts.admit(user.username, address);
    if (!attempt.admitted) throw AppError.tooManyRequests('密码输错次数太多', attempt.retryAfterSeconds, AuthError.LoginThrottled);
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      await this.attempts.failed(attempt);
      await this.auditLogin('auth.password_change_failed', user, address, { failures: attempt.failures });
      throw AppError.badRequest('现在的密码不对', undefined, AuthError.CurrentPasswordWrong);
    }
    await this.attempts.succeeded(attempt);
    const hash = await this.passwords.hash(newPassword);
    await this.dataSource.transaction(async (m) => {
      await this.users.setPassword(m, user.id, hash, false);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'auth.password_change',
        targetType: 'user',
        targetId: user.id,
        areaId: user.areaId,
        details: { wasRequired: user.passwordChangeRequired },
      });
    });
    await this.accountChanges.announce();
    const changed = await this.users.findById(user.id);
    if (!changed || changed.disabledAt) throw AppError.forbidden('账号已停用，请联系上级管理员');
    return this.tokens.issue(changed);
  }

  /** Names the account when the username exists; never the username or password typed, which may be a phone number. */
  private async auditLogin(action: string, user: User | null, address: string, details: Record<string, unknown>): Promise<void> {
    await this.audit.record(this.dataSource.manager, {
      actorId: null,
      action,
      targetType: 'user',
      targetId: user?.id ?? 'unknown',
      areaId: user?.areaId ?? null,
      details: { address, ...details },
    });
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
