import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { ResidentsModule } from '../residents/residents.module';
import { TranscriptPdfRenderer } from './transcript-pdf-renderer';
import { PdfPadesSigner } from './pdf-pades';
import { TranscriptSigner } from './transcript-signer';
import { TranscriptsController } from './transcripts.controller';
import { TranscriptsRepository } from './transcripts.repository';
import { TranscriptsService } from './transcripts.service';
import { VerifyPageController } from './verify-page.controller';

@Module({
  imports: [AreasModule, ResidentsModule],
  controllers: [TranscriptsController, VerifyPageController],
  providers: [TranscriptsRepository, TranscriptsService, TranscriptSigner, TranscriptPdfRenderer, PdfPadesSigner],
  exports: [TranscriptsService],
})
export class TranscriptsModule {}
