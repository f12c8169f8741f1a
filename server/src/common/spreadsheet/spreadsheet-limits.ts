/**
 * What one read of an uploaded spreadsheet may cost. Every bound is checked while the file is
 * being read, so a file that breaks one is refused as soon as it does, not after it was parsed.
 */
export interface SpreadsheetLimits {
  /** The last row number a file may use, header included (row 1 is the first line of the sheet). */
  maxRows: number;
  /** Columns kept from each row, counted from A; cells further right are read past and dropped. */
  maxColumns: number;
  /** Characters in one kept cell; a longer one refuses the file. */
  maxCellChars: number;
  /** Characters kept over all cells together. */
  maxChars: number;
  /** Bytes of text read: a CSV file itself; for an .xlsx, the XML it needs after inflating. */
  maxBytes: number;
  /** Milliseconds of CPU time the reading thread may spend on the file before it is refused (see CpuBudget). */
  timeoutMs: number;
}

/** Why a file was refused; `row` is the sheet's row number where that is known. */
export type SpreadsheetRefusalReason =
  | 'unsupported' // not an .xlsx and not text: an old .xls, a picture, a program…
  | 'unreadable' // an .xlsx (zip, XML) that is broken or uses what we do not read (DTD, encryption)
  | 'encoding' // a CSV whose text is neither UTF-8 nor GB18030/GBK, or mixes them
  | 'too_many_rows'
  | 'cell_too_long'
  | 'too_large' // more text than maxBytes or maxChars
  | 'too_complex'; // stopped: over the time or memory of the reading thread

export interface SpreadsheetRefusalInfo {
  reason: SpreadsheetRefusalReason;
  row?: number;
  /** The parser's own words when a library refused the file, for the server's log. */
  detail?: string;
}

/** Thrown by the readers inside the reading thread; crosses back to the caller as plain data. */
export class SpreadsheetRefusal extends Error {
  readonly detail?: string;

  constructor(
    readonly reason: SpreadsheetRefusalReason,
    readonly row?: number,
    cause?: unknown,
  ) {
    super(`spreadsheet refused: ${reason}${row === undefined ? '' : ` at row ${row}`}`);
    if (cause !== undefined) this.detail = cause instanceof Error ? cause.message : String(cause);
  }

  toInfo(): SpreadsheetRefusalInfo {
    return { reason: this.reason, ...(this.row === undefined ? {} : { row: this.row }), ...(this.detail === undefined ? {} : { detail: this.detail }) };
  }
}
