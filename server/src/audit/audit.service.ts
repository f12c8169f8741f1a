import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/access';
import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  /** Who did it: the person signed in (a guardian acting for a child: the guardian). */
  actorId: string | null;
  /** For whom, when it is not the actor: the child a guardian acted for (X-Acting-For). */
  subjectId?: string | null;
  action: string;
  targetType: string;
  targetId: string;
  areaId: number | null;
  /** Never phone or ID numbers: only what an auditor needs to see. */
  details?: Record<string, unknown>;
}

/**
 * Who an audit row names for a request: the person who made it, and the resident it was made for
 * when that is someone else (a guardian acting for a child names the guardian and the child).
 */
export function auditedBy(actor: Actor): Pick<AuditEntry, 'actorId' | 'subjectId'> {
  return actor.guardianId ? { actorId: actor.guardianId, subjectId: actor.userId } : { actorId: actor.userId, subjectId: null };
}

/** Records who changed what; always inside the caller's transaction. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.save(manager.create(AuditEvent, { ...entry, subjectId: entry.subjectId ?? null, details: entry.details ?? {} }));
  }
}
