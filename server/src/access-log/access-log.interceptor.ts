import { PersonalDataKind } from '@lp/shared';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, catchError, concatMap, from } from 'rxjs';
import { RequestWithActor } from '../common/actor.decorator';
import { SHOWS_PERSONAL_DATA_KEY, ShownResidents, shownResidents } from '../common/personal-data';
import { AccessLogService } from './access-log.service';

/**
 * For endpoints marked @ShowsPersonalData: runs the handler with a fresh list of residents shown,
 * then writes one access-log row per resident it reported before the answer is sent, also when the
 * handler refuses after finding someone (the refusal says something about them). A row that cannot
 * be written fails the request.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    /** Absent in command-line tools (the demo seed), which load feature modules but serve no requests. */
    @Optional() private readonly log?: AccessLogService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const kind = this.reflector.get<PersonalDataKind | undefined>(SHOWS_PERSONAL_DATA_KEY, ctx.getHandler());
    const log = this.log;
    if (kind === undefined || !log) return next.handle();
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    const actor = req.actor;
    if (!actor) return next.handle();
    const store: ShownResidents = { residentIds: new Set() };
    const route = `${req.method} ${req.routeOptions?.url ?? req.url.split('?')[0]}`.slice(0, 120);
    const handled = new Observable<unknown>((subscriber) => shownResidents.run(store, () => next.handle().subscribe(subscriber)));
    const write = () => log.record(actor, kind, route, [...store.residentIds]);
    return handled.pipe(
      concatMap((body) => from(write().then(() => body))),
      // a refusal after the resident was found (not eligible, say) still told the caller something about them
      catchError((err: unknown) => from(write().then(() => Promise.reject(err)))),
    );
  }
}
