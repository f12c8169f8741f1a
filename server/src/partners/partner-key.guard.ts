import { PartnerError } from '@lp/shared';
import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, AccessRule } from '../common/access';
import { AppError } from '../common/app-error';
import { pathOf } from '../common/logging';
import { PartnerApiService, PartnerGrant } from './partner-api.service';

type PartnerRequest = FastifyRequest & { partnerGrant?: PartnerGrant };

/**
 * Runs before any input of a partner endpoint is read: the API key must hold the endpoint's
 * scope and, where the endpoint is about a resident, the resident's consent must be valid.
 */
@Injectable()
export class PartnerKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly api: PartnerApiService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_KEY, ctx.getHandler());
    if (rule?.kind !== 'partner') throw AppError.forbidden();
    const req = ctx.switchToHttp().getRequest<PartnerRequest>();
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    const route = req.routeOptions.url ?? pathOf(req);
    req.partnerGrant = await this.api.authorize(
      { apiKey: header('x-api-key'), consentToken: header('x-consent-token'), endpoint: `${req.method} ${route}`.slice(0, 100) },
      rule.scope,
      rule.consent,
    );
    return true;
  }
}

/** The partner (and consenting resident) PartnerKeyGuard let through. */
export const CurrentPartner = createParamDecorator((_: unknown, ctx: ExecutionContext): PartnerGrant => {
  const grant = ctx.switchToHttp().getRequest<PartnerRequest>().partnerGrant;
  if (!grant) throw AppError.unauthenticated('缺少有效的 API 密钥（X-Api-Key）', PartnerError.ApiKeyMissing);
  return grant;
});
