import { ACTING_FOR_HEADER, GuardianError, Role } from '@lp/shared';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_KEY, AccessRule } from '../common/access';
import { RequestWithActor } from '../common/actor.decorator';
import { AppError } from '../common/app-error';
import { GuardiansService } from './guardians.service';
import { RESIDENT_ACTION_KEY, ResidentActionKind } from './resident-action';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READS = new Set(['GET', 'HEAD']);

/**
 * The global guard after AccessGuard, for every endpoint a logged-in user calls:
 * 1. a guardian's request naming a child (X-Acting-For) runs as that child, once the binding is
 *    checked (the guardian's own child under 18; acting, not only reading, while under 14);
 * 2. an action of a resident under 14 without a guardian's standing consent is refused (403
 *    guardian_consent_required) before the handler runs, so nothing is written.
 * See resident-action.ts for what counts as an action.
 */
@Injectable()
export class GuardianGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly guardians: GuardiansService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    if (!req.actor || !rule || rule.kind === 'partner') return true;
    // a public page read by a signed-in guardian for a child shows the child's side (enrolled or not)
    if (rule.kind === 'public' && !READS.has(req.method)) return true;
    const kind = this.reflector.get<ResidentActionKind | undefined>(RESIDENT_ACTION_KEY, ctx.getHandler());
    if (kind === 'own-account') return true;
    const acts = rule.kind === 'roles' && (kind === 'action' || (kind !== 'undo' && !READS.has(req.method)));

    const header = req.headers[ACTING_FOR_HEADER];
    if (header !== undefined) {
      if (req.actor.role !== Role.Resident) throw AppError.forbidden('只有监护人可以为孩子操作', GuardianError.ActingNotAllowed);
      const childId = Array.isArray(header) ? '' : header.trim();
      if (!UUID.test(childId)) throw AppError.notFound('没有找到这个孩子，只能为自己添加的孩子操作', GuardianError.NotYourChild);
      // the child's consent is checked there, with the binding it reads
      req.actor = await this.guardians.actingFor(req.actor, childId, acts);
      return true;
    }
    if (req.actor.role === Role.Resident && acts) await this.guardians.assertMayAct(req.actor.userId, req.actor.actsAloneFrom);
    return true;
  }
}
