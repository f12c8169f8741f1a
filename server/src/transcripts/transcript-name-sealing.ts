import { Injectable, Module, OnModuleInit, Optional } from '@nestjs/common';
import { ResidentCrypto } from '../resident-keys/resident-crypto';
import { moveAll, residentCryptoOf, SealedPlace, SealedPlaces, SealingBatch } from '../resident-keys/sealed-places';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { TranscriptsRepository } from './transcripts.repository';

export const TRANSCRIPT_NAME_SEAL_JOB_ID = 'transcript-name-seal';

/**
 * Transcripts issued before names were sealed keep the holder's name in clear in their kept copy:
 * the periodic job `transcript-name-seal` seals it under the holder's data key, so closing the account
 * leaves it unreadable in later dumps too. After a switch of CRYPTO_SUITE the re-encryption seals the
 * names again the current way (SealedPlaces).
 */
@Injectable()
export class TranscriptNameSealing implements OnModuleInit, SealedPlace {
  readonly name = 'transcript names';
  readonly batch = 500;

  constructor(
    private readonly repo: TranscriptsRepository,
    // commands that only carry this module along have no key store, and nothing to seal with
    @Optional() private readonly keys?: ResidentCrypto,
    @Optional() private readonly places?: SealedPlaces,
    @Optional() private readonly jobs?: PeriodicJobs,
  ) {}

  private get crypto(): ResidentCrypto {
    return residentCryptoOf(this.keys);
  }

  onModuleInit(): void {
    if (this.keys) this.places?.add(this, { id: TRANSCRIPT_NAME_SEAL_JOB_ID, jobs: this.jobs });
  }

  /** Seals every old copy's name it can reach now; returns how many. */
  run(): Promise<number> {
    return moveAll(this, false);
  }

  move(resealing: boolean, after: string | null): Promise<SealingBatch> {
    return this.repo.sealNames(resealing, after, this.batch);
  }

  left(): Promise<number> {
    return this.repo.namesNotSealedAs(this.crypto.currentPrefix);
  }
}

/** The sealing of transcript names alone, for the portal (TranscriptsModule) and the crypto command. */
// the repository is provided here once, and the feature's module takes it from here
@Module({ providers: [TranscriptsRepository, TranscriptNameSealing], exports: [TranscriptsRepository] })
export class TranscriptNameSealingModule {}
