/** Transcripts: the signed credential, its PDF and their verification. */
export const TranscriptError = {
  NotFound: 'transcript_not_found',
  /** The resident has no learning record to put in a transcript yet. */
  Empty: 'transcript_empty',
  /** What was sent to verify is not a transcript credential (JSON). */
  NotCredential: 'transcript_not_credential',
  /** What was sent to verify is not a PDF. */
  NotPdf: 'transcript_not_pdf',
  /** The verification form was sent without a file. */
  NoFile: 'transcript_no_file',
} as const;

export type TranscriptError = (typeof TranscriptError)[keyof typeof TranscriptError];
