import { ErrorCode, TranscriptCredential } from '@lp/shared';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../common/app-error';
import type { RenderJob, RenderReply } from './pdf-worker';

/** PDFs waiting beyond this are refused: one render takes up to a few seconds of one core. */
const MAX_WAITING = 16;

/**
 * Renders transcript PDFs in one worker thread, started on first use and kept warm (the fonts
 * are parsed there once). Jobs queue in the worker; a crashed worker fails its jobs and is
 * replaced on the next request.
 */
@Injectable()
export class TranscriptPdfRenderer implements OnModuleDestroy {
  private readonly logger = new Logger(TranscriptPdfRenderer.name);
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (pdf: Buffer) => void; reject: (err: Error) => void }>();
  private seq = 0;

  render(credential: TranscriptCredential, verifyUrl: string, keyId: string): Promise<Buffer> {
    if (this.pending.size >= MAX_WAITING) {
      return Promise.reject(new AppError(503, ErrorCode.ServiceUnavailable, '正在生成的成绩单太多了，请稍等一会儿再下载'));
    }
    const worker = this.worker ?? this.start();
    const id = ++this.seq;
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, credential, verifyUrl, keyId } satisfies RenderJob);
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(join(__dirname, 'pdf-worker.js'));
    worker.unref(); // an idle renderer never keeps the process alive
    worker.on('message', (reply: RenderReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if ('pdf' in reply) job.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else job.reject(new Error(`transcript PDF failed: ${reply.error}`));
    });
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return; // 'error' is followed by 'exit'
      failed = true;
      if (this.worker === worker) this.worker = null;
      for (const job of this.pending.values()) job.reject(err);
      this.pending.clear();
    };
    worker.on('error', (err) => {
      this.logger.error({ err }, 'PDF worker failed');
      fail(err);
    });
    worker.on('exit', (code) => fail(new Error(`PDF worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
