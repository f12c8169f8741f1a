import { PersonalDataKind } from '@lp/shared';
import { SetMetadata } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';

export const SHOWS_PERSONAL_DATA_KEY = 'lp:shows-personal-data';

/**
 * Marks an endpoint that shows a member of staff one resident's personal data. The access-log
 * interceptor then writes one row per resident the handler reported with `personalDataShown`,
 * before the answer leaves: a request whose row cannot be written fails.
 */
export const ShowsPersonalData = (kind: PersonalDataKind) => SetMetadata(SHOWS_PERSONAL_DATA_KEY, kind);

/** The residents a marked request has shown so far. */
export interface ShownResidents {
  residentIds: Set<string>;
}

export const shownResidents = new AsyncLocalStorage<ShownResidents>();

/**
 * Called by the service that just put this resident's personal data into its answer. Outside a
 * marked request (the resident's own call, a command) it does nothing.
 */
export function personalDataShown(residentId: string | null | undefined): void {
  if (!residentId) return;
  shownResidents.getStore()?.residentIds.add(residentId);
}
