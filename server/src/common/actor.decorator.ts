import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Actor } from './access';
import { AppError } from './app-error';

export type RequestWithActor = FastifyRequest & { actor?: Actor };

/** The verified caller; only on endpoints whose rule requires a login. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw AppError.unauthenticated();
  return actor;
});
