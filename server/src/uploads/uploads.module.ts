import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { UploadsController } from './uploads.controller';
import { UploadReviewers } from './upload-reviewers';
import { UploadsService } from './uploads.service';
import { UploadSealingModule } from './upload-sealing';

@Module({ imports: [AreasModule, UploadSealingModule], controllers: [UploadsController], providers: [UploadReviewers, UploadsService], exports: [UploadsService, UploadReviewers] })
export class UploadsModule {}
