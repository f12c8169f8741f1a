import { SetMetadata } from '@nestjs/common';

/**
 * How a resident's endpoint relates to children and guardians (GuardianGuard reads these):
 *
 * - By default a request that changes something (POST, PUT, PATCH, DELETE) is an action: a resident
 *   under 14 without a guardian's standing consent is refused, and a guardian may make it for a child
 *   under 14 (header X-Acting-For). A GET only reads the resident's own data: a guardian may read for
 *   a child under 18.
 * - `@ResidentAction()` makes a GET an action too (a lesson's video is learning, a copy of one's data
 *   is processing it).
 * - `@WithoutGuardianConsent()` leaves a change open to a frozen child's guardian (cancelling,
 *   withdrawing a consent, opting out): it undoes processing, it does not start any.
 * - `@OwnAccount()` is always about the signed-in person (binding one's own profile, adding one's
 *   children): X-Acting-For is not applied and no child check is made.
 */
export const RESIDENT_ACTION_KEY = 'lp:resident-action';

export type ResidentActionKind = 'action' | 'undo' | 'own-account';

export const ResidentAction = () => SetMetadata(RESIDENT_ACTION_KEY, 'action' satisfies ResidentActionKind);
export const WithoutGuardianConsent = () => SetMetadata(RESIDENT_ACTION_KEY, 'undo' satisfies ResidentActionKind);
export const OwnAccount = () => SetMetadata(RESIDENT_ACTION_KEY, 'own-account' satisfies ResidentActionKind);
