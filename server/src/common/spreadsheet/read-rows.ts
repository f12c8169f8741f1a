import { csvRows } from './csv-rows';
import { SpreadsheetLimits, SpreadsheetRefusal } from './spreadsheet-limits';
import { xlsxRows } from './xlsx-rows';

const startsWith = (file: Buffer, bytes: number[]): boolean => file.length >= bytes.length && bytes.every((b, i) => file[i] === b);

/** A zip (every .xlsx is one) opens with a local file header, or is an empty archive. */
const ZIP = [0x50, 0x4b];
/** The compound file of an old .xls (and of an encrypted .xlsx). */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The rows of an uploaded spreadsheet: an .xlsx (its first sheet) or a CSV, told apart by their
 * first bytes, never by the name. Runs in the reading thread (see SpreadsheetReader); in tests it
 * can be called directly.
 */
export function readRows(file: Buffer, limits: SpreadsheetLimits): Promise<string[][]> {
  if (startsWith(file, OLE)) return Promise.reject(new SpreadsheetRefusal('unsupported'));
  return startsWith(file, ZIP) ? xlsxRows(file, limits) : csvRows(file, limits);
}
