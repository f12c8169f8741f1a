import { readRows } from './read-rows';
import { SpreadsheetLimits, SpreadsheetRefusal, SpreadsheetRefusalInfo } from './spreadsheet-limits';

// Errors here are refusals and library parse errors, passed back by reason and message only. csv-parse
// builds an error object for every short or blank line (relax_column_count): without a stack to
// capture, a file of blank lines reaches its row limit in half the time.
Error.stackTraceLimit = 0;

export interface SpreadsheetTask {
  /** The file's bytes; a Buffer arrives in this thread as a plain Uint8Array. */
  file: Uint8Array;
  limits: SpreadsheetLimits;
}

export type SpreadsheetOutcome = { rows: string[][] } | { refused: SpreadsheetRefusalInfo };

/**
 * The task piscina runs in a reading thread. Refusals come back as data, since an Error's class
 * does not survive the trip between threads; anything else the readers threw means the file is
 * not one they can read, and its message goes back for the log.
 */
export default async function readSpreadsheet({ file, limits }: SpreadsheetTask): Promise<SpreadsheetOutcome> {
  try {
    return { rows: await readRows(Buffer.from(file.buffer, file.byteOffset, file.byteLength), limits) };
  } catch (err) {
    return { refused: (err instanceof SpreadsheetRefusal ? err : new SpreadsheetRefusal('unreadable', undefined, err)).toInfo() };
  }
}
