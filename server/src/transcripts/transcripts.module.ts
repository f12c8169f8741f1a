import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { DataIntegrity } from './data-integrity';
import { ResidentsModule } from '../residents/residents.module';
import { TranscriptPdfRenderer } from './transcript-pdf-renderer';
import { PdfPadesSigner } from './pdf-pades';
import { TranscriptSigner } from './transcript-signer';
import { TranscriptsController } from './transcripts.controller';
import { TranscriptsService } from './transcripts.service';
import { TranscriptNameSealingModule } from './transcript-name-sealing';
import { VerifyPageController } from './verify-page.controller';

@Module({
  imports: [AreasModule, ResidentsModule, TranscriptNameSealingModule],
  controllers: [TranscriptsController, VerifyPageController],
  providers: [TranscriptsService, TranscriptSigner, DataIntegrity, TranscriptPdfRenderer, PdfPadesSigner],
  exports: [TranscriptsService],
})
export class TranscriptsModule {}
