import { Role } from '@lp/shared';
import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiResponse, ApiSecurity } from '@nestjs/swagger';

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
    // both headers together (one requirement object), as the security schemes of the document name them
    ApiSecurity(opts.consent ? { [PARTNER_KEY_SCHEME]: [], [RESIDENT_CONSENT_SCHEME]: [] } : { [PARTNER_KEY_SCHEME]: [] }),
    ...partnerRefusals(opts.consent),
    ApiExtension('x-access', { kind: 'partner', scope, consent: opts.consent }),
  );

/** The security schemes of the partner API in the OpenAPI document (openapi/document.ts declares them). */
export const PARTNER_KEY_SCHEME = 'partnerKey';
export const RESIDENT_CONSENT_SCHEME = 'residentConsent';

/** Every refusal's body (ApiError in @lp/shared): a code for programs, a message in Chinese for people. */
const API_ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message'],
  additionalProperties: false,
  properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: { type: 'string' } } },
};

/** The refusals every partner endpoint may answer with, and their codes, for the document. */
function partnerRefusals(consent: boolean): MethodDecorator[] {
  const error = { 'application/json': { schema: API_ERROR_SCHEMA } };
  const forbidden = ['scope_missing：密钥没有这项权限'];
  if (consent) {
    forbidden.push(
      'consent_required：没有带 X-Consent-Token',
      'consent_invalid：授权码不存在或属于别的机构',
      'consent_revoked：居民已收回授权',
      'consent_expired：授权已过期',
      'consent_scope：居民没有授权这项内容',
    );
  }
  return [
    ApiResponse({ status: 401, description: 'api_key_missing：没有带 X-Api-Key；api_key_invalid：密钥不存在、已停用或已更换', content: error }),
    ApiResponse({ status: 403, description: forbidden.join('；'), content: error }),
    ApiResponse({ status: 429, description: 'too_many_requests：请求太频繁，按 Retry-After 等待', content: error }),
  ];
}

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
  /**
   * Set when a guardian acts for their child (header X-Acting-For, checked by GuardianGuard): the
   * actor is then the child, and this is the guardian's own account.
   */
  guardianId?: string;
  /** A resident's own token: the day they turn 14, when it was issued after their profile was bound (AccessClaims.alone). */
  actsAloneFrom?: string;
}
