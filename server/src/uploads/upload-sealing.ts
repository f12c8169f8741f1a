import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { UploadsService } from './uploads.service';

export const UPLOAD_SEAL_JOB_ID = 'upload-seal';

/** Registers the job that seals files kept in clear before sealing existed (once across nodes; none in commands). */
@Injectable()
export class UploadSealing implements OnModuleInit {
  private readonly logger = new Logger(UploadSealing.name);

  constructor(
    private readonly uploads: UploadsService,
    @Optional() private readonly jobs?: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs?.register({
      id: UPLOAD_SEAL_JOB_ID,
      everyMs: 30 * 60_000,
      run: async () => {
        const sealed = await this.uploads.sealOld();
        if (sealed) this.logger.log({ sealed }, 'evidence files sealed');
        return sealed;
      },
    });
  }
}
