import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  areaId: number | null;
  /** Never phone or ID numbers: only what an auditor needs to see. */
  details?: Record<string, unknown>;
}

/** Records who changed what; always inside the caller's transaction. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.save(manager.create(AuditEvent, { ...entry, details: entry.details ?? {} }));
  }
}
