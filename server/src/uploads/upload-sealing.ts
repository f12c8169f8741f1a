import { Injectable, Module, Optional } from '@nestjs/common';
import { ResidentCrypto } from '../resident-keys/resident-crypto';
import { ResidentSealedPlace, SealedPlaces, SealingBatch } from '../resident-keys/sealed-places';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { UploadsRepository } from './uploads.repository';

export const UPLOAD_SEAL_JOB_ID = 'upload-seal';

/**
 * Evidence files kept in clear before sealing existed are sealed under their owner's data key by the
 * periodic job `upload-seal`; after a switch of CRYPTO_SUITE the re-encryption seals them again the
 * current way (SealedPlaces).
 */
@Injectable()
export class UploadSealing extends ResidentSealedPlace {
  readonly name = 'evidence files';
  /** Files per transaction: 5 MB each at most. */
  readonly batch = 20;

  protected readonly jobId = UPLOAD_SEAL_JOB_ID;

  constructor(
    private readonly uploads: UploadsRepository,
    @Optional() keys?: ResidentCrypto,
    @Optional() places?: SealedPlaces,
    @Optional() jobs?: PeriodicJobs,
  ) {
    super(keys, places, jobs);
  }


  move(resealing: boolean, after: string | null): Promise<SealingBatch> {
    return this.uploads.sealFiles(resealing, this.crypto.currentFileByte, after, this.batch, (ownerId, data, sealed) =>
      this.crypto.resealBytes(ownerId, data, sealed).catch(() => null),
    );
  }

  left(): Promise<number> {
    return this.uploads.filesNotSealedAs(this.crypto.currentFileByte);
  }
}

/** The sealing of evidence files alone, for the portal (UploadsModule) and the crypto command. */
// the repository is provided here once, and the feature's module takes it from here
@Module({ providers: [UploadsRepository, UploadSealing], exports: [UploadsRepository] })
export class UploadSealingModule {}
