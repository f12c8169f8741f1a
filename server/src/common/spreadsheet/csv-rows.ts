import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { CpuBudget } from './cpu-budget';
import { RowCollector } from './row-collector';
import { SpreadsheetLimits, SpreadsheetRefusal } from './spreadsheet-limits';

// csv-parse reads a whole chunk before a limit can stop it, and a short or blank line costs it an error object
// (relax_column_count): small chunks keep what is read past the limit small
const CHUNK_BYTES = 1024;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The encoding of a CSV: UTF-8 (with or without BOM) when every byte is valid UTF-8, else
 * GB18030, which contains GBK and GB2312 (what Excel on Chinese Windows saves as “CSV”). A file
 * whose lines disagree, some Chinese in UTF-8 and some not UTF-8 at all, is refused rather than
 * half of it read wrongly. UTF-16 (Excel's “Unicode text”) is not CSV and is refused too, and so
 * is a file with NUL bytes, which no text has.
 */
export function csvEncoding(file: Buffer): 'utf8' | 'gb18030' {
  if ((file[0] === 0xff && file[1] === 0xfe) || (file[0] === 0xfe && file[1] === 0xff)) throw new SpreadsheetRefusal('encoding');
  // text files have no NUL byte: this one is a program, a picture…
  if (file.includes(0)) throw new SpreadsheetRefusal('unsupported');
  if (isUtf8(file)) return 'utf8';
  if (file.subarray(0, 3).equals(UTF8_BOM)) throw new SpreadsheetRefusal('encoding');
  let line = 1;
  let utf8Line: number | undefined;
  let otherLine: number | undefined;
  for (let start = 0; start < file.length; line += 1) {
    const end = file.indexOf(0x0a, start);
    const bytes = file.subarray(start, end < 0 ? file.length : end);
    start = end < 0 ? file.length : end + 1;
    if (!bytes.some((b) => b >= 0x80)) continue;
    // a line of GBK that happens to be valid UTF-8 is possible with one or two characters; with a
    // three-byte sequence (every CJK character in UTF-8) it is not a coincidence
    if (isUtf8(bytes) && bytes.some((b) => b >= 0xe0 && b <= 0xef)) utf8Line ??= line;
    else if (!isUtf8(bytes)) otherLine ??= line;
    if (utf8Line !== undefined && otherLine !== undefined) throw new SpreadsheetRefusal('encoding', Math.max(utf8Line, otherLine));
  }
  return 'gb18030';
}

/** Rows of a CSV file, decoded by iconv-lite and split by csv-parse as they stream, stopped at the first row past the limits. */
export async function csvRows(file: Buffer, limits: SpreadsheetLimits, cpu = new CpuBudget(limits.timeoutMs)): Promise<string[][]> {
  if (file.length > limits.maxBytes) throw new SpreadsheetRefusal('too_large');
  const encoding = csvEncoding(file);
  const chunks = (function* () {
    for (let at = 0; at < file.length; at += CHUNK_BYTES) yield file.subarray(at, at + CHUNK_BYTES);
  })();
  const records = Readable.from(chunks)
    .pipe(iconv.decodeStream(encoding, { stripBOM: true }))
    .pipe(
      parse({
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        // one line longer than all its kept cells together is no population table: stop reading it
        max_record_size: limits.maxColumns * limits.maxCellChars,
      }),
    );
  const rows = new RowCollector(limits);
  let row = 0;
  try {
    for await (const record of records as AsyncIterable<string[]>) {
      row += 1;
      cpu.check();
      rows.startRow(row);
      record.forEach((cell, column) => {
        // what a decoder could not read comes out as U+FFFD
        if (cell.includes('\uFFFD')) throw new SpreadsheetRefusal('encoding', row);
        rows.cell(row, column, cell);
      });
    }
  } catch (err) {
    if (err instanceof SpreadsheetRefusal) throw err;
    // csv-parse counts the records it finished, some of which this loop may not have taken yet
    const { code, records } = err as { code?: string; records?: number };
    throw new SpreadsheetRefusal(code === 'CSV_MAX_RECORD_SIZE' ? 'cell_too_long' : 'unreadable', (records ?? row) + 1, err);
  } finally {
    records.destroy();
  }
  return rows.result();
}
