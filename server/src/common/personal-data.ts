import { AsyncLocalStorage } from 'node:async_hooks';

/** Metadata of @ShowsPersonalData (server/src/access-log): the kind of data an endpoint shows. */
export const SHOWS_PERSONAL_DATA_KEY = 'lp:shows-personal-data';


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
