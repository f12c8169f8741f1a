import { Module } from '@nestjs/common';
import { LedgerAudit } from './ledger-audit';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

@Module({ providers: [LedgerRepository, LedgerService, LedgerAudit], exports: [LedgerService, LedgerAudit] })
export class LedgerModule {}
