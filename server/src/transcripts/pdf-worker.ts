import { TranscriptCredential } from '@lp/shared';
import { parentPort } from 'node:worker_threads';
import { renderTranscriptPdf } from './transcript-pdf';

/** A render job and its answer, between TranscriptPdfRenderer and this worker. */
export interface RenderJob {
  id: number;
  credential: TranscriptCredential;
  verifyUrl: string;
  keyId: string;
}

export type RenderReply = { id: number; pdf: Uint8Array } | { id: number; error: string };

// Laying out a long transcript takes a second or more of CPU; here it does not stall the API.
parentPort?.on('message', (job: RenderJob) => {
  renderTranscriptPdf(job.credential, job.verifyUrl, job.keyId).then(
    (pdf) => parentPort?.postMessage({ id: job.id, pdf } satisfies RenderReply),
    (err: unknown) => parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies RenderReply),
  );
});
