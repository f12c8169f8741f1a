import { AuthError, Role } from '@lp/shared';
import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { SessionRevocations } from '../auth/session-revocations';
import { ActiveUsers } from '../users/active-users';
import { ACCESS_KEY, AccessRule, Actor, PASSWORD_CHANGE_KEY } from './access';
import { RequestWithActor } from './actor.decorator';
import { AppError } from './app-error';
import { pathOf } from './logging';
import { QUERY_TOKEN_KEY } from './query-token';

export interface AccessClaims {
  sub: string;
  role: Role;
  sch: number | null;
  area: number | null;
  /** the account's token_version at issue (absent in tokens from before it existed: 0) */
  ver?: number;
  /** the login (refresh-token family) the token belongs to */
  fam?: string;
  /** true while the account's first or reset password is unchanged: the token opens only the change */
  pcr?: boolean;
  /**
   * A resident bound before the token was issued: the day they turn 14 (YYYY-MM-DD, from their bound
   * birth date). From that day they act without a guardian's consent, and GuardianGuard needs no lookup.
   */
  alone?: string;
}

/**
 * The global guard: reads the endpoint's declared rule, verifies the bearer token
 * (HS256 only, pinned in the JWT module) and refuses roles the rule does not name.
 * A token whose account changed or was removed since, or whose login was ended, is refused
 * (SessionRevocations, a list in memory). A staff token must also name an account that exists and is
 * not disabled (ActiveUsers, answers kept 5 s): a signature alone does not prove it, after a database
 * was restored from before the account existed, say. Residents, whose requests are the check-in peaks,
 * skip that look-up: what a resident's token can reach is only their own data.
 * Area scope is checked by each service against the actor it is handed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly revocations: SessionRevocations,
    private readonly activeUsers: ActiveUsers,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    if (!rule) {
      this.logger.error({ path: pathOf(req) }, 'endpoint without an access rule was called');
      throw AppError.forbidden();
    }
    if (rule.kind === 'partner') {
      // partners carry an API key, not a user token; PartnerApiService checks it and logs the call
      req.actor = undefined;
      return true;
    }
    if (rule.kind === 'public') {
      req.actor = await this.optionalActor(req);
      return true;
    }
    const queryToken = this.reflector.get<boolean>(QUERY_TOKEN_KEY, ctx.getHandler()) ? fromQuery(req) : null;
    const { actor, mustChangePassword } = await this.verify(bearer(req) ?? queryToken);
    if (!rule.roles.includes(actor.role)) throw AppError.forbidden();
    if (mustChangePassword && !this.reflector.get<boolean>(PASSWORD_CHANGE_KEY, ctx.getHandler())) {
      throw AppError.forbidden('请先修改初始密码，再继续使用', AuthError.MustChangePassword);
    }
    req.actor = actor;
    return true;
  }

  private async optionalActor(req: RequestWithActor): Promise<Actor | undefined> {
    const token = bearer(req);
    if (!token) return undefined;
    try {
      const { actor, mustChangePassword } = await this.verify(token);
      // a public page is shown as to anyone until the first password is changed
      return mustChangePassword ? undefined : actor;
    } catch {
      return undefined;
    }
  }

  private async verify(token: string | null): Promise<{ actor: Actor; mustChangePassword: boolean }> {
    if (!token) throw AppError.unauthenticated();
    const claims = await this.claimsOf(token);
    if (this.revocations.refuses(claims)) throw AppError.unauthenticated('登录状态已失效，请重新登录', AuthError.SessionRevoked);
    if (claims.role !== Role.Resident && !(await this.activeUsers.isActive(claims.sub))) {
      throw AppError.unauthenticated('账号不存在或已停用，请重新登录');
    }
    return {
      actor: {
        userId: claims.sub,
        role: claims.role,
        schoolId: claims.sch ?? null,
        areaId: claims.area ?? null,
        ...(claims.role === Role.Resident && typeof claims.alone === 'string' && DAY.test(claims.alone) ? { actsAloneFrom: claims.alone } : {}),
      },
      mustChangePassword: claims.pcr === true,
    };
  }

  private async claimsOf(token: string): Promise<AccessClaims> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token);
      if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || !Object.values(Role).includes(claims.role)) throw new Error('bad claims');
      return claims;
    } catch (err) {
      if (err instanceof TokenExpiredError) throw AppError.unauthenticated('登录已过期，请重新登录', AuthError.TokenExpired);
      throw AppError.unauthenticated('登录信息无效，请重新登录');
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function fromQuery(req: RequestWithActor): string | null {
  const token = (req.query as Record<string, unknown> | undefined)?.access_token;
  return typeof token === 'string' && /^[A-Za-z0-9_\-.]{10,2048}$/.test(token) ? token : null;
}

function bearer(req: RequestWithActor): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer ([A-Za-z0-9_\-.]{10,2048})$/.exec(header.trim());
  return match ? match[1] : null;
}
