import { Injectable, Module, Optional } from '@nestjs/common';
import { ResidentCrypto } from '../resident-keys/resident-crypto';
import { ResidentSealedPlace, SealedPlaces, SealingBatch } from '../resident-keys/sealed-places';
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
export class TranscriptNameSealing extends ResidentSealedPlace {
  readonly name = 'transcript names';
  readonly batch = 500;

  protected readonly jobId = TRANSCRIPT_NAME_SEAL_JOB_ID;

  constructor(
    private readonly repo: TranscriptsRepository,
    @Optional() keys?: ResidentCrypto,
    @Optional() places?: SealedPlaces,
    @Optional() jobs?: PeriodicJobs,
  ) {
    super(keys, places, jobs);
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
