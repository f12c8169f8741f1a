import { PlaceError } from '@lp/shared';
import { AppError } from '../common/app-error';
import { SpreadsheetLimits } from '../common/spreadsheet/spreadsheet-limits';

/**
 * What a schools or venues file may cost to read: a district has a few hundred of each, one row
 * apiece with under ten short columns.
 */
export const PLACE_SHEET_LIMITS: SpreadsheetLimits = {
  maxRows: 3000,
  maxColumns: 20,
  maxCellChars: 500,
  maxChars: 1_000_000,
  maxBytes: 4 * 1024 * 1024,
  timeoutMs: 5000,
};

export const cleanCell = (v: string | undefined): string => (v ?? '').replace(/^\uFEFF/, '').trim();
const headerWord = (v: string): string => cleanCell(v).replace(/\s+/g, '').replace(/[（(].*[)）]$/, '');

/** A column of a file: the header words it goes by, and whether a file must have it. */
export interface ColumnSpec {
  names: string[];
  required: boolean;
}

/** One data row: its number as a person sees it in the spreadsheet, and its cells by column key. */
export interface FileRow<K extends string> {
  line: number;
  cells: Record<K, string>;
}

/**
 * Finds the header row (the first row naming every required column) and returns each following,
 * non-empty row's cells by column key. A missing required column refuses the whole file.
 */
export function fileRows<K extends string>(rows: string[][], columns: Record<K, ColumnSpec>, what: string): FileRow<K>[] {
  const keys = Object.keys(columns) as K[];
  const required = keys.filter((k) => columns[k].required);
  const colOf = (header: string[], k: K) => header.findIndex((h) => columns[k].names.includes(h));
  const headerAt = rows.findIndex((r) => {
    const header = r.map(headerWord);
    return required.every((k) => colOf(header, k) >= 0);
  });
  if (headerAt < 0) {
    const names = required.map((k) => `“${columns[k].names[0]}”`).join('');
    throw AppError.badRequest(`没有找到${what}表的表头：第一行应当有${names}这几列`, undefined, PlaceError.FileHeader);
  }
  const header = rows[headerAt].map(headerWord);
  const at = new Map(keys.map((k) => [k, colOf(header, k)]));
  const out: FileRow<K>[] = [];
  rows.slice(headerAt + 1).forEach((cells, i) => {
    if (cells.every((c) => cleanCell(c) === '')) return;
    const row = {} as Record<K, string>;
    for (const k of keys) row[k] = at.get(k)! >= 0 ? cleanCell(cells[at.get(k)!]) : '';
    out.push({ line: headerAt + i + 2, cells: row });
  });
  if (!out.length) throw AppError.badRequest('文件里除了表头没有数据', undefined, PlaceError.ImportInvalid);
  return out;
}

/** Refuses a file whose rows had problems: the first as the message, up to 50 in the details. */
export function refuseProblems(problems: string[]): void {
  if (problems.length) throw AppError.badRequest(problems[0], problems.slice(0, 50), PlaceError.ImportInvalid);
}
