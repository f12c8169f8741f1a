import { posix } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, SaxesTagPlain } from 'saxes';
import yauzl, { Entry, ZipFile } from 'yauzl';
import { CpuBudget } from './cpu-budget';
import { RowCollector } from './row-collector';
import { SpreadsheetLimits, SpreadsheetRefusal } from './spreadsheet-limits';

/** More parts than a workbook of a hundred sheets with their drawings has; past it the file is refused from its central directory's count alone. */
const MAX_ZIP_ENTRIES = 1000;
/** SpreadsheetML nests a few levels (worksheet, sheetData, row, c, is, r, t; extensions a few more): deeper is no workbook, and would cost the parser memory per level. */
const MAX_DEPTH = 64;
const OFFICE_DOCUMENT = /\/officeDocument$/;
const SHARED_STRINGS = /\/sharedStrings$/;

type Handlers = {
  open(tag: SaxesTagPlain, name: string): void;
  close?(name: string): void;
  text?(text: string): void;
};

/** What is left of `maxBytes` for the parts still to read, and the thread's time for the file. */
interface Budget {
  left: number;
  cpu: CpuBudget;
}

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

/**
 * Rows of the first worksheet of an .xlsx. Reads only the parts that lead to it (package and
 * workbook relationships, the workbook, shared strings, the sheet), each streamed from the zip:
 * a part's size is checked against the byte budget from the central directory before it is
 * inflated, yauzl stops an entry that inflates past its declared size, and the XML is read
 * event by event, refusing any DTD (so no entity can expand) and stopping at the first row past
 * the limits.
 */
export async function xlsxRows(file: Buffer, limits: SpreadsheetLimits, cpu = new CpuBudget(limits.timeoutMs)): Promise<string[][]> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(file, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false });
  } catch (err) {
    throw new SpreadsheetRefusal('unreadable', undefined, err);
  }
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) throw new SpreadsheetRefusal('unreadable');
    const parts = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) parts.set(entry.fileName.replace(/^\/+/, '').toLowerCase(), entry);
    const budget: Budget = { left: limits.maxBytes, cpu };
    const read = (path: string, handlers: Handlers): Promise<boolean> => readPart(zip, parts.get(path.toLowerCase()), budget, handlers);

    const workbookPath = (await relationships(read, '_rels/.rels', '')).find((r) => OFFICE_DOCUMENT.test(r.type))?.target;
    if (!workbookPath) throw new SpreadsheetRefusal('unreadable');
    const workbookDir = posix.dirname(workbookPath);
    const workbookRels = await relationships(read, posix.join(workbookDir, '_rels', `${posix.basename(workbookPath)}.rels`), workbookDir);

    let firstSheetId: string | undefined;
    await read(workbookPath, {
      open(tag, name) {
        if (name !== 'sheet' || firstSheetId !== undefined) return;
        const key = Object.keys(tag.attributes).find((k) => k === 'id' || k.endsWith(':id'));
        firstSheetId = key ? tag.attributes[key] : '';
      },
    });
    const sheetPath = workbookRels.find((r) => r.id === firstSheetId)?.target;
    if (!sheetPath) throw new SpreadsheetRefusal('unreadable');

    const stringsPath = workbookRels.find((r) => SHARED_STRINGS.test(r.type))?.target;
    const strings = stringsPath ? await sharedStrings(read, stringsPath, limits) : [];
    const rows = new RowCollector(limits);
    if (!(await read(sheetPath, sheetHandlers(rows, strings, limits)))) throw new SpreadsheetRefusal('unreadable');
    return rows.result();
  } catch (err) {
    // zip and XML errors (a cut-off file, an entry larger than it says, bad markup) mean the file is broken
    throw err instanceof SpreadsheetRefusal ? err : new SpreadsheetRefusal('unreadable', undefined, err);
  } finally {
    zip.close();
  }
}

/** Streams one part through a SAX parser; false when the package has no such part. */
async function readPart(zip: ZipFile, entry: Entry | undefined, budget: Budget, handlers: Handlers): Promise<boolean> {
  if (!entry) return false;
  // the central directory's size is binding: yauzl errors as soon as the entry inflates past it
  if (entry.uncompressedSize > budget.left) throw new SpreadsheetRefusal('too_large');
  budget.left -= entry.uncompressedSize;
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  parser.on('doctype', () => {
    throw new SpreadsheetRefusal('unreadable');
  });
  let depth = 0;
  parser.on('opentag', (tag) => {
    budget.cpu.check();
    depth += 1;
    if (depth > MAX_DEPTH) throw new SpreadsheetRefusal('unreadable');
    handlers.open(tag, localName(tag.name));
  });
  parser.on('closetag', (tag) => {
    depth -= 1;
    handlers.close?.(localName(tag.name));
  });
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  const decoder = new StringDecoder('utf8');
  const stream = await zip.openReadStreamPromise(entry);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    budget.cpu.check();
    parser.write(decoder.write(chunk));
  }
  parser.write(decoder.end());
  parser.close();
  return true;
}

interface Relationship {
  id: string;
  type: string;
  /** The target part's path in the package, without a leading slash. */
  target: string;
}

async function relationships(read: (path: string, h: Handlers) => Promise<boolean>, path: string, baseDir: string): Promise<Relationship[]> {
  const found: Relationship[] = [];
  await read(path, {
    open(tag, name) {
      const { Id, Type, Target, TargetMode } = tag.attributes;
      if (name !== 'Relationship' || !Target || TargetMode === 'External') return;
      const target = Target.startsWith('/') ? posix.normalize(Target).slice(1) : posix.normalize(posix.join(baseDir, Target));
      found.push({ id: Id ?? '', type: Type ?? '', target });
    },
  });
  return found;
}

/**
 * The shared strings table, each entry the text of its runs (phonetic guides left out). An entry
 * longer than a cell may be is kept one character too long, enough for a cell that uses it to be refused.
 */
async function sharedStrings(read: (path: string, h: Handlers) => Promise<boolean>, path: string, limits: SpreadsheetLimits): Promise<string[]> {
  const strings: string[] = [];
  // a sheet within the limits has at most one string per cell, and no more text than maxChars in all:
  // a longer table is refused as it is read, before it costs the time of reading it whole
  const mostStrings = limits.maxRows * limits.maxColumns;
  let chars = 0;
  let current = '';
  let inText = false;
  let phonetic = 0;
  await read(path, {
    open(_tag, name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic += 1;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    close(name) {
      if (name === 'si') {
        chars += current.length;
        if (strings.push(current) > mostStrings || chars > limits.maxChars) throw new SpreadsheetRefusal('too_large');
      } else if (name === 'rPh') phonetic -= 1;
      else if (name === 't') inText = false;
    },
    text(text) {
      if (inText && current.length <= limits.maxCellChars) current = (current + text).slice(0, limits.maxCellChars + 1);
    },
  });
  return strings;
}

/** A1-style column letters (A … XFD) as a 0-based index. */
function columnIndex(ref: string): number {
  const letters = /^([A-Za-z]{1,3})\d*$/.exec(ref)?.[1];
  if (!letters) throw new SpreadsheetRefusal('unreadable');
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function sheetHandlers(rows: RowCollector, strings: string[], limits: SpreadsheetLimits): Handlers {
  let row = 0;
  let column = -1;
  let type = 'n';
  let value = '';
  let capture = false;
  let phonetic = 0;
  return {
    open(tag, name) {
      const { attributes } = tag;
      if (name === 'row') {
        const r = attributes.r;
        if (r !== undefined && !/^\d{1,7}$/.test(r)) throw new SpreadsheetRefusal('unreadable');
        row = r === undefined ? row + 1 : Number(r);
        if (row < 1) throw new SpreadsheetRefusal('unreadable');
        column = -1;
        rows.startRow(row);
      } else if (name === 'c') {
        column = attributes.r === undefined ? column + 1 : columnIndex(attributes.r);
        type = attributes.t ?? 'n';
        value = '';
      } else if (name === 'rPh') phonetic += 1;
      // <v> holds a value or a shared string's index; <t> inside <is> an inline string
      else if ((name === 'v' || name === 't') && phonetic === 0) capture = true;
    },
    close(name) {
      if (name === 'v' || name === 't') capture = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'c') rows.cell(row, column, cellText(type, value, strings));
    },
    text(text) {
      // cells right of the kept columns are read past without keeping their text
      if (!capture || column >= limits.maxColumns) return;
      value += text;
      if (value.length > limits.maxCellChars) throw new SpreadsheetRefusal('cell_too_long', row);
    },
  };
}

function cellText(type: string, value: string, strings: string[]): string {
  if (type === 's') {
    if (value === '') return '';
    const text = /^\d+$/.test(value) ? strings[Number(value)] : undefined;
    if (text === undefined) throw new SpreadsheetRefusal('unreadable');
    return text;
  }
  if (type === 'b') return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
  return value;
}
