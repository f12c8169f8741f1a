import { AuthError, Role, TokenPair } from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { AccessClaims } from '../common/access.guard';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import type { User } from '../users/user.entity';
import { AccountChanges } from '../users/account-changes';
import { UsersService } from '../users/users.service';
import { NewRefreshToken, RefreshTokensRepository } from './refresh-tokens.repository';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Short-lived access tokens (JWT, HS256) and long-lived refresh tokens that rotate on every use.
 * Presenting a refresh token that was already spent revokes its whole family: someone has a copy.
 * An access token names its account's token_version and its family, so SessionRevocations can
 * refuse it once the account changes or the family is revoked.
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UsersService,
    private readonly accountChanges: AccountChanges,
  ) {}

  /** A new login: a new family of refresh tokens. */
  async issue(user: User): Promise<TokenPair> {
    const refresh = this.newRefreshToken();
    const familyId = await this.refreshTokens.startFamily(user.id, user.tokenVersion, refresh.stored);
    return this.pair(user, familyId, refresh.token);
  }

  async rotate(refreshToken: string): Promise<TokenPair> {
    const tokenHash = sha256(refreshToken);
    const ownerId = await this.refreshTokens.ownerOf(tokenHash);
    const user = ownerId ? await this.users.findById(ownerId) : null;
    const next = this.newRefreshToken();
    const rotation = await this.refreshTokens.rotate(tokenHash, next.stored, user && !user.disabledAt ? user.tokenVersion : null);
    switch (rotation.outcome) {
      case 'rotated':
        return this.pair(user!, rotation.familyId, next.token);
      case 'reused':
        this.logger.warn({ userId: rotation.userId }, 'spent refresh token presented again: family revoked');
        await this.accountChanges.announce();
        throw AppError.unauthenticated('登录状态异常，请重新登录', AuthError.RefreshTokenReused);
      case 'account-changed':
        throw AppError.unauthenticated('账号已停用或权限有变化，请重新登录', AuthError.RefreshTokenInvalid);
      case 'invalid':
        throw AppError.unauthenticated('登录已过期，请重新登录', AuthError.RefreshTokenInvalid);
    }
  }

  /** Logout: the refresh token's family can no longer be used, nor its access tokens. Unknown tokens are ignored. */
  async revoke(refreshToken: string): Promise<void> {
    await this.refreshTokens.revokeFamilyOf(sha256(refreshToken));
    await this.accountChanges.announce();
  }

  private newRefreshToken(): { token: string; stored: NewRefreshToken } {
    const token = randomBytes(32).toString('base64url');
    return { token, stored: { tokenHash: sha256(token), expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86400_000) } };
  }

  private async pair(user: User, familyId: string, refreshToken: string): Promise<TokenPair> {
    const claims: AccessClaims = { sub: user.id, role: user.role, sch: user.schoolId, area: user.areaId, ver: user.tokenVersion, fam: familyId };
    // changing the password raises token_version, so this token is refused once the password is changed
    if (user.passwordChangeRequired) claims.pcr = true;
    const current = await this.users.signingIn(user.id);
    if (user.role === Role.Resident && current.actsAloneFrom) claims.alone = current.actsAloneFrom;
    return {
      accessToken: await this.jwt.signAsync(claims),
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      user: current.user,
    };
  }
}
