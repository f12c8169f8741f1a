/** Reading an uploaded .xlsx or CSV file (population figures, imports). */
export const SpreadsheetError = {
  /** An upload that is neither an .xlsx nor a CSV (an old .xls, a picture…). */
  Unsupported: 'spreadsheet_unsupported',
  /** A broken .xlsx or CSV, or one using what the reader refuses (a DTD, encryption). */
  Unreadable: 'spreadsheet_unreadable',
  /** A CSV in neither UTF-8 nor GB18030/GBK, or mixing them. */
  Encoding: 'spreadsheet_encoding',
  TooManyRows: 'spreadsheet_too_many_rows',
  /** More text, or a longer cell, than the import takes. */
  TooLarge: 'spreadsheet_too_large',
  /** Stopped: the file took longer or more memory to read than it may. */
  TooComplex: 'spreadsheet_too_complex',
  /** Other files are being read: try again shortly. */
  Busy: 'spreadsheet_busy',
} as const;

export type SpreadsheetError = (typeof SpreadsheetError)[keyof typeof SpreadsheetError];
