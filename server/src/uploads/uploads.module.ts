import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { UploadsController } from './uploads.controller';
import { UploadReviewers } from './upload-reviewers';
import { UploadsRepository } from './uploads.repository';
import { UploadsService } from './uploads.service';
import { UploadSealing } from './upload-sealing';

@Module({ imports: [AreasModule], controllers: [UploadsController], providers: [UploadsRepository, UploadReviewers, UploadsService, UploadSealing], exports: [UploadsService, UploadReviewers] })
export class UploadsModule {}
