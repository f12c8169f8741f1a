import { SpreadsheetLimits, SpreadsheetRefusal } from './spreadsheet-limits';

/**
 * Gathers the cells both readers find, enforcing the row, column and character limits the moment
 * a cell or row arrives. Row numbers are the sheet's own (1 = first line); columns count from 0.
 */
export class RowCollector {
  private readonly rows: string[][] = [];
  private rowsSeen = 0;
  private chars = 0;

  constructor(private readonly limits: SpreadsheetLimits) {}

  /** A row begins; repeated or out-of-order row elements still count against the limit. */
  startRow(row: number): void {
    this.rowsSeen += 1;
    if (row > this.limits.maxRows || this.rowsSeen > this.limits.maxRows) throw new SpreadsheetRefusal('too_many_rows', row);
  }

  cell(row: number, column: number, value: string): void {
    if (column >= this.limits.maxColumns || value === '') return;
    if (value.length > this.limits.maxCellChars) throw new SpreadsheetRefusal('cell_too_long', row);
    this.chars += value.length;
    if (this.chars > this.limits.maxChars) throw new SpreadsheetRefusal('too_large', row);
    (this.rows[row - 1] ??= [])[column] = value;
  }

  /** Every row up to the last one used, each as its cells from column A, blanks as ''. */
  result(): string[][] {
    return Array.from(this.rows, (cells) => (cells ? Array.from(cells, (c) => c ?? '') : []));
  }
}
