import { GeoPoint } from '@lp/shared';
import { Injectable, Module, Optional } from '@nestjs/common';
import { ResidentCrypto } from '../resident-keys/resident-crypto';
import { ResidentSealedPlace, SealedPlaces, SealingBatch } from '../resident-keys/sealed-places';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { AttendanceRepository, KeptPlace } from './attendance.repository';

export type { KeptPlace } from './attendance.repository';

export const CHECK_IN_PLACE_SEAL_JOB_ID = 'check-in-place-seal';

/**
 * Where a resident stood when checking in (a geofenced activity, with their consent) is kept sealed
 * under their own data key, like their name: closing the account leaves it unreadable in every dump
 * taken before. The geofence itself uses the position sent with the check-in, never the stored one.
 *
 * Sealing asks for the resident's key the way every other read does (cached, misses of one event-loop
 * turn asked together), and the roster that follows the check-in opens the name with the key then
 * cached: a check-in costs no extra key-store query. Places kept in clear before are sealed by the
 * periodic job `check-in-place-seal` (once across nodes; none in commands); after a switch of
 * CRYPTO_SUITE the re-encryption seals them again the current way (SealedPlaces).
 */
@Injectable()
export class CheckInPlaces extends ResidentSealedPlace {
  readonly name = 'check-in places';
  readonly batch = 500;

  protected readonly jobId = CHECK_IN_PLACE_SEAL_JOB_ID;

  constructor(
    private readonly attendance: AttendanceRepository,
    @Optional() keys?: ResidentCrypto,
    @Optional() places?: SealedPlaces,
    @Optional() jobs?: PeriodicJobs,
  ) {
    super(keys, places, jobs);
  }

  /** The place to store with a check-in: sealed, or null when the phone's position is not kept. */
  seal(residentId: string, place: GeoPoint | null | undefined): Promise<string | null> {
    if (!place) return Promise.resolve(null);
    return this.crypto.seal(residentId, serialise(place));
  }

  /** Opens many residents' places with one key-store question for the keys not cached; null for none or a closed account's. */
  async openAll(values: readonly { residentId: string; sealed: string | null }[]): Promise<(KeptPlace | null)[]> {
    const opened = await this.crypto.openAll(values.map((v) => ({ residentId: v.residentId, stored: v.sealed })));
    return opened.map((v) => (v === null ? null : deserialise(v)));
  }


  move(resealing: boolean, after: string | null): Promise<SealingBatch> {
    return this.attendance.sealPlaces(resealing, this.crypto.currentPrefix, after, this.batch, (rows) =>
      // all of a batch's keys asked for in one turn; a resident whose key cannot be had now is left for the next run
      Promise.all(rows.map((r) => this.crypto.reseal(r.residentId, r.place ? serialise(r.place) : r.sealed!).catch(() => null))),
    );
  }

  /** Reads every check-in that holds a place: the re-encryption asks only until it has found them all moved. */
  left(): Promise<number> {
    return this.attendance.placesNotSealedAs(this.crypto.currentPrefix);
  }
}

/**
 * Sealing check-in places, for the portal (AttendanceModule) and the crypto command. The attendance
 * repository is provided here once and shared with AttendanceModule: one instance, so the check-ins
 * that arrive together are batched by one repository.
 */
@Module({ providers: [AttendanceRepository, CheckInPlaces], exports: [CheckInPlaces, AttendanceRepository] })
export class CheckInPlacesModule {}

function serialise(p: GeoPoint | KeptPlace): string {
  return JSON.stringify({ latitude: p.latitude, longitude: p.longitude, accuracy: p.accuracy });
}

function deserialise(v: string): KeptPlace {
  const p = JSON.parse(v) as Partial<KeptPlace>;
  return { latitude: p.latitude ?? null, longitude: p.longitude ?? null, accuracy: p.accuracy ?? null };
}
