import { Role } from '@lp/shared';
import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiHeader } from '@nestjs/swagger';

/**
 * Every endpoint says who may call it, with exactly one of these. An endpoint that says
 * nothing is refused at boot (see AccessAudit) and, if it slipped through, at request time.
 */
export const ACCESS_KEY = 'lp:access';

export type PartnerScope = 'credits:read' | 'transcripts:verify' | 'records:export';

export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: Role[] } | { kind: 'partner'; scope: PartnerScope; consent: boolean };

/** Anyone, logged in or not. */
export const Public = () =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule), ApiExtension('x-access', { kind: 'public' }));

/**
 * Partner institutions only, with an API key holding this scope (header X-Api-Key), and for a
 * resident's data that resident's consent (header X-Consent-Token). No user token is accepted:
 * PartnerKeyGuard checks the key and consent, and logs every call, before any input is read.
 */
export const PartnerApi = (scope: PartnerScope, opts: { consent: boolean }) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'partner', scope, consent: opts.consent } satisfies AccessRule),
    ApiHeader({ name: 'X-Api-Key', required: true, description: '合作机构的 API 密钥' }),
    ...(opts.consent ? [ApiHeader({ name: 'X-Consent-Token', required: true, description: '居民给本机构的授权码' })] : []),
    ApiExtension('x-access', { kind: 'partner', scope, consent: opts.consent }),
  );

/** Logged-in users with one of these roles. Area scope is then checked by the service. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule),
    ApiBearerAuth(),
    // the rule is published in the OpenAPI document too, so tests can check every endpoint against it
    ApiExtension('x-access', { kind: 'roles', roles }),
  );

export const ANY_ROLE = [Role.Resident, Role.Teacher, Role.Admin, Role.SuperAdmin];

/** Any logged-in user. */
export const Authenticated = () => Roles(...ANY_ROLE);

export const PASSWORD_CHANGE_KEY = 'lp:password-change';

/**
 * An endpoint a staff member may call while their first or reset password is still unchanged
 * (changing it, reading who they are). Every other endpoint answers must_change_password.
 */
export const OpenBeforePasswordChange = () => SetMetadata(PASSWORD_CHANGE_KEY, true);

/** The actor behind a request, from the verified access token. */
export interface Actor {
  userId: string;
  role: Role;
  schoolId: number | null;
  /** Admins: the node they manage; super-admins: the district. */
  areaId: number | null;
}
