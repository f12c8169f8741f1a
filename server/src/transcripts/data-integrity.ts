import { ErrorCode } from '@lp/shared';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import Piscina from 'piscina';
import { AppError } from '../common/app-error';
import { TranscriptSigner, UnsignedDocument } from './transcript-signer';
import type { DataIntegrityOutcome, DataIntegrityTask } from './data-integrity.worker';

/** Entries in one Bitstring Status List: the spec's minimum, 16 KB of bits, for herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;
/** Proofs being made or checked, or waiting: one more is answered “busy” at once (a check of a long transcript takes tens of ms). */
const MAX_PENDING = 64;

/**
 * eddsa-rdfc-2022 proofs and Bitstring Status List credentials, made and checked by Digital
 * Bazaar's Data Integrity libraries in one worker thread (data-integrity.worker.ts says why a
 * thread). The documents our proofs name (controller, keys) are handed to the thread's offline
 * document loader from the signer, never fetched.
 */
@Injectable()
export class DataIntegrity implements OnModuleDestroy {
  private readonly pool = new Piscina<DataIntegrityTask, DataIntegrityOutcome>({
    filename: join(__dirname, 'data-integrity.worker.js'),
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
  });

  private pending = 0;

  constructor(private readonly signer: TranscriptSigner) {}

  /** The eddsa-rdfc-2022 proof of `document` by the current key, dated `created`. */
  async prove(document: UnsignedDocument, created: string): Promise<Record<string, unknown>> {
    const outcome = await this.run({ kind: 'prove', document, created, key: this.signer.rdfcSigningKey(), documents: this.signer.publicDocuments() });
    if (!('proof' in outcome)) throw new Error('the Data Integrity thread made no proof');
    return outcome.proof;
  }

  /** Whether `credential`, carrying exactly one eddsa-rdfc-2022 proof, verifies with one of our keys. */
  async verify(credential: Record<string, unknown>): Promise<boolean> {
    const outcome = await this.run({ kind: 'verify', credential, documents: this.signer.publicDocuments() });
    return 'verified' in outcome && outcome.verified;
  }

  /** The signed revocation list `id` with the entries at `revoked` set. */
  async statusList(id: string, revoked: number[], validFrom: string): Promise<Record<string, unknown>> {
    const outcome = await this.run({
      kind: 'statusList',
      id,
      issuer: this.signer.controllerUrl,
      validFrom,
      length: STATUS_LIST_LENGTH,
      set: revoked,
      key: this.signer.rdfcSigningKey(),
      documents: this.signer.publicDocuments(),
    });
    if (!('credential' in outcome)) throw new Error('the Data Integrity thread made no status list');
    return outcome.credential;
  }

  private async run(task: DataIntegrityTask): Promise<DataIntegrityOutcome> {
    if (this.pending >= MAX_PENDING) throw new AppError(503, ErrorCode.ServiceUnavailable, '现在核验和出具的成绩单较多，请稍等一会儿再试');
    this.pending += 1;
    try {
      return await this.pool.run(task);
    } finally {
      this.pending -= 1;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}
