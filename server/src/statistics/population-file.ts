import { PEOPLE_FIGURES, POPULATION_FIGURES, PopulationFigureKey } from '@lp/shared';
import ExcelJS from 'exceljs';
import { AppError } from '../common/app-error';

/** One line of an uploaded population sheet, before it is matched to an area. */
export interface PopulationLine {
  /** The line number a person sees in the spreadsheet (header is line 1 or wherever it was found). */
  line: number;
  code: string;
  name: string;
  figures: Partial<Record<PopulationFigureKey, number>>;
  problems: string[];
}

const CODE_HEADERS = ['区域编码', '编码', '代码', 'code'];
const NAME_HEADERS = ['区域名称', '区域', '名称', '社区', '街道', 'name'];
const MAX_LINES = 2000;
const MAX_PEOPLE = 20_000_000;

const clean = (v: string): string => v.replace(/^\uFEFF/, '').replace(/\s+/g, '').trim();

function figureKey(header: string): PopulationFigureKey | null {
  const h = clean(header).replace(/[（(].*[)）]$/, '');
  const f = POPULATION_FIGURES.find((x) => x.label === h || x.short === h || x.key.toLowerCase() === h.toLowerCase());
  return f?.key ?? null;
}

/** Splits CSV text into rows of cells: commas, double quotes with "" inside, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (rows.length > MAX_LINES) break;
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('result' in v && v.result !== undefined) return String(v.result);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

async function parseXlsx(data: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw AppError.badRequest('这个 Excel 文件打不开，请另存为 .xlsx 或 .csv 后再上传', undefined, 'population_file_unreadable');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw AppError.badRequest('Excel 文件里没有工作表', undefined, 'population_file_unreadable');
  if (sheet.rowCount > MAX_LINES) throw AppError.badRequest(`一次最多导入${MAX_LINES}行`, undefined, 'population_file_too_long');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= Math.min(row.cellCount, 30); c++) cells.push(cellText(row.getCell(c).value));
    rows[n - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

/**
 * Reads an uploaded .xlsx or .csv of population figures: a header row naming the area (区域编码 or
 * 区域名称) and the figures by their Chinese names (常住人口, 60岁以上人口 …), then one row per area.
 * 各类组织数 and 已创建学习型组织数 may be left out, as columns or cells: those are then not in the
 * line's figures. Every problem is named with its line, in Chinese; nothing is decided about areas here.
 */
export async function readPopulationFile(data: Buffer): Promise<PopulationLine[]> {
  const isXlsx = data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b;
  let rows: string[][];
  if (isXlsx) rows = await parseXlsx(data);
  else {
    const text = data.toString('utf8');
    if (text.includes('\uFFFD') || text.includes('\u0000')) {
      throw AppError.badRequest('文件不是 UTF-8 编码的 CSV 或 .xlsx，请用 Excel 另存为 .xlsx 后再上传', undefined, 'population_file_unreadable');
    }
    rows = parseCsv(text);
    if (rows.length > MAX_LINES) throw AppError.badRequest(`一次最多导入${MAX_LINES}行`, undefined, 'population_file_too_long');
  }

  const headerAt = rows.findIndex((r) => r.some((c) => figureKey(c) === 'residentTotal'));
  if (headerAt < 0) throw AppError.badRequest('没有找到表头：第一行应当有“区域编码”或“区域名称”，以及“常住人口”等各列', undefined, 'population_file_header');
  const header = rows[headerAt].map(clean);
  const codeCol = header.findIndex((h) => CODE_HEADERS.includes(h));
  const nameCol = header.findIndex((h) => NAME_HEADERS.includes(h));
  if (codeCol < 0 && nameCol < 0) throw AppError.badRequest('表头里要有“区域编码”或“区域名称”一列', undefined, 'population_file_header');
  const columns = new Map<PopulationFigureKey, number>();
  header.forEach((h, i) => {
    const key = figureKey(h);
    if (key && !columns.has(key)) columns.set(key, i);
  });
  // the organisation columns came later: a file without them is still whole
  const missing = PEOPLE_FIGURES.filter((f) => !columns.has(f.key)).map((f) => f.label);
  if (missing.length) throw AppError.badRequest(`表头缺少这些列：${missing.join('、')}`, undefined, 'population_file_header');

  const lines: PopulationLine[] = [];
  rows.slice(headerAt + 1).forEach((cells, i) => {
    if (cells.every((c) => clean(c) === '')) return;
    const line: PopulationLine = {
      line: headerAt + i + 2,
      code: codeCol >= 0 ? clean(cells[codeCol] ?? '') : '',
      name: nameCol >= 0 ? clean(cells[nameCol] ?? '') : '',
      figures: {},
      problems: [],
    };
    for (const f of POPULATION_FIGURES) {
      const column = columns.get(f.key);
      if (column === undefined) continue;
      const raw = clean(cells[column] ?? '').replace(/,/g, '');
      // an organisation figure left blank keeps the stored one, like a missing column
      if (raw === '' && f.kind === 'organisations') continue;
      if (!/^\d{1,9}$/.test(raw)) line.problems.push(raw === '' ? `${f.label}没有填` : `${f.label}应当是不小于0的整数`);
      else if (Number(raw) > MAX_PEOPLE) line.problems.push(`${f.label}太大了`);
      else line.figures[f.key] = Number(raw);
    }
    lines.push(line);
  });
  if (!lines.length) throw AppError.badRequest('文件里除了表头没有数据', undefined, 'population_file_empty');
  return lines;
}
