import { ErrorCode, TokenPair } from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AccessClaims } from '../common/access.guard';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Short-lived access tokens (JWT, HS256) and long-lived refresh tokens that rotate on
 * every use. Presenting a refresh token that was already spent revokes its whole family:
 * someone has a copy.
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UsersService,
  ) {}

  async issue(user: User, familyId: string = randomUUID()): Promise<TokenPair> {
    const claims: AccessClaims = { sub: user.id, role: user.role, sch: user.schoolId, area: user.areaId };
    const accessToken = await this.jwt.signAsync(claims);
    const refreshToken = randomBytes(32).toString('base64url');
    await this.refreshTokens.insert({
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86400_000),
    });
    return {
      accessToken,
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      user: await this.users.currentUser(user.id),
    };
  }

  async rotate(refreshToken: string): Promise<TokenPair> {
    const stored = await this.refreshTokens.findByHash(sha256(refreshToken));
    if (!stored || stored.revokedAt || stored.expiresAt.getTime() <= Date.now()) {
      throw AppError.unauthenticated('登录已过期，请重新登录', ErrorCode.RefreshTokenInvalid);
    }
    if (stored.usedAt || !(await this.refreshTokens.spend(stored.id))) {
      await this.refreshTokens.revokeFamily(stored.familyId);
      this.logger.warn({ userId: stored.userId }, 'spent refresh token presented again: family revoked');
      throw AppError.unauthenticated('登录状态异常，请重新登录', ErrorCode.RefreshTokenReused);
    }
    const user = await this.users.findById(stored.userId);
    if (!user || user.disabledAt) throw AppError.unauthenticated('账号不存在或已停用', ErrorCode.RefreshTokenInvalid);
    return this.issue(user, stored.familyId);
  }

  /** Logout: the refresh token's family can no longer be used. Unknown tokens are ignored. */
  async revoke(refreshToken: string): Promise<void> {
    const stored = await this.refreshTokens.findByHash(sha256(refreshToken));
    if (stored) await this.refreshTokens.revokeFamily(stored.familyId);
  }
}
