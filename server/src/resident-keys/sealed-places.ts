import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import type { ResidentCrypto } from './resident-crypto';

const EVERY_MS = 30 * 60_000;

/** One batch of a sealed place: how many rows it looked at, how many it moved, and the last row's key (where the next batch starts). */
export interface SealingBatch {
  seen: number;
  moved: number;
  last: string | null;
}

/**
 * A place outside resident_profile that keeps values sealed under residents' data keys (transcript
 * names, evidence files, check-in places). Values kept in clear from before sealing existed are sealed
 * by the place's periodic job; after a switch of CRYPTO_SUITE, values sealed the other way are sealed
 * again the current way by the re-encryption (FieldKeys). Nodes share the work (FOR UPDATE SKIP LOCKED),
 * a value changed meanwhile is left for the next run, a closed account's is left unreadable.
 */
export interface SealedPlace {
  /** How the report and the logs name it. */
  readonly name: string;
  readonly batch: number;
  /** Moves one batch after the row `after` in key order: values in clear, and with `resealing` those sealed the other way too. */
  move(resealing: boolean, after: string | null): Promise<SealingBatch>;
  /** Values in clear or sealed the other way that could still be moved (a closed account's are not counted). */
  left(): Promise<number>;
}

/** The residents' key store's crypto, which a process that was not given the store (some commands) lacks. */
export function residentCryptoOf(keys: ResidentCrypto | undefined): ResidentCrypto {
  if (!keys) throw new Error("residents' personal data needs the residents' key store, which this process was not given");
  return keys;
}

/**
 * What the three places share: the key store (absent in commands that only carry a place's module
 * along: such a place seals nothing and registers no job), joining SealedPlaces with its periodic job,
 * and `run`. A subclass injects its repository and these three, all optional, and names its job.
 */
export abstract class ResidentSealedPlace implements SealedPlace, OnModuleInit {
  abstract readonly name: string;
  abstract readonly batch: number;
  protected abstract readonly jobId: string;

  constructor(
    private readonly keys: ResidentCrypto | undefined,
    private readonly places: SealedPlaces | undefined,
    private readonly jobs: PeriodicJobs | undefined,
  ) {}

  protected get crypto(): ResidentCrypto {
    return residentCryptoOf(this.keys);
  }

  onModuleInit(): void {
    if (this.keys) this.places?.add(this, { id: this.jobId, jobs: this.jobs });
  }

  /** Seals every value kept in clear that it can reach now; returns how many. */
  run(): Promise<number> {
    return moveAll(this, false);
  }

  abstract move(resealing: boolean, after: string | null): Promise<SealingBatch>;
  abstract left(): Promise<number>;
}

/** Moves every value of the place it can reach now, batch by batch until a short one; returns how many. */
export async function moveAll(place: SealedPlace, resealing: boolean): Promise<number> {
  let moved = 0;
  for (let after: string | null = null; ; ) {
    const batch = await place.move(resealing, after);
    moved += batch.moved;
    if (batch.seen < place.batch) return moved;
    after = batch.last;
  }
}

/**
 * Every sealed place of this process, for the re-encryption; each registers itself as its module
 * starts, with the periodic job that seals its values kept in clear (once across nodes; commands have no jobs).
 */
@Injectable()
export class SealedPlaces {
  private readonly logger = new Logger(SealedPlaces.name);
  private readonly places: SealedPlace[] = [];

  add(place: SealedPlace, job: { id: string; jobs: PeriodicJobs | undefined }): void {
    this.places.push(place);
    job.jobs?.register({
      id: job.id,
      everyMs: EVERY_MS,
      run: async () => {
        const sealed = await moveAll(place, false);
        if (sealed) this.logger.log({ sealed, place: place.name }, 'values kept in clear sealed');
        return sealed;
      },
    });
  }

  all(): readonly SealedPlace[] {
    return this.places;
  }
}
