import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

/**
 * The caller's address as rate limits count it: the connection's, or the proxy's X-Forwarded-For
 * only when TRUST_PROXY is set (Fastify's trustProxy decides `req.ip`); never any other header. An
 * IPv6 address stands for its /64, which one subscriber usually holds whole.
 */
export function clientAddress(req: Pick<FastifyRequest, 'ip'>): string {
  return normalizeIp(String(req.ip));
}

/** The caller's address (see clientAddress), for services that count attempts per address. */
export const ClientAddress = createParamDecorator((_: unknown, ctx: ExecutionContext): string =>
  clientAddress(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
