import { PEOPLE_FIGURES, POPULATION_FIGURES, PopulationError, PopulationFigureKey } from '@lp/shared';
import { AppError } from '../common/app-error';
import { SpreadsheetLimits } from '../common/spreadsheet/spreadsheet-limits';

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
const MAX_PEOPLE = 20_000_000;

/**
 * What a population file may cost to read. A district's file has a line per 街道 or 社区 and a
 * dozen columns: a few hundred lines; 2,000 full lines of an .xlsx are under 1 MB of XML.
 */
export const POPULATION_SHEET_LIMITS: SpreadsheetLimits = {
  maxRows: 2000,
  maxColumns: 30,
  maxCellChars: 500,
  maxChars: 1_000_000,
  maxBytes: 4 * 1024 * 1024,
  timeoutMs: 5000,
};

const clean = (v: string): string => v.replace(/^\uFEFF/, '').replace(/\s+/g, '').trim();

function figureKey(header: string): PopulationFigureKey | null {
  const h = clean(header).replace(/[（(].*[)）]$/, '');
  const f = POPULATION_FIGURES.find((x) => x.label === h || x.short === h || x.key.toLowerCase() === h.toLowerCase());
  return f?.key ?? null;
}

/**
 * Reads the rows of an uploaded population sheet (.xlsx or .csv, see SpreadsheetReader): a header row naming the area
 * (区域编码 or 区域名称) and the figures by their Chinese names (常住人口, 60岁以上人口 …), then one row per area.
 * 各类组织数 and 已创建学习型组织数 may be left out, as columns or cells: those are then not in the
 * line's figures. Every problem is named with its line, in Chinese; nothing is decided about areas here.
 */
export function populationLines(rows: string[][]): PopulationLine[] {
  const headerAt = rows.findIndex((r) => r.some((c) => figureKey(c) === 'residentTotal'));
  if (headerAt < 0) throw AppError.badRequest('没有找到表头：第一行应当有“区域编码”或“区域名称”，以及“常住人口”等各列', undefined, PopulationError.FileHeader);
  const header = rows[headerAt].map(clean);
  const codeCol = header.findIndex((h) => CODE_HEADERS.includes(h));
  const nameCol = header.findIndex((h) => NAME_HEADERS.includes(h));
  if (codeCol < 0 && nameCol < 0) throw AppError.badRequest('表头里要有“区域编码”或“区域名称”一列', undefined, PopulationError.FileHeader);
  const columns = new Map<PopulationFigureKey, number>();
  header.forEach((h, i) => {
    const key = figureKey(h);
    if (key && !columns.has(key)) columns.set(key, i);
  });
  // the organisation columns came later: a file without them is still whole
  const missing = PEOPLE_FIGURES.filter((f) => !columns.has(f.key)).map((f) => f.label);
  if (missing.length) throw AppError.badRequest(`表头缺少这些列：${missing.join('、')}`, undefined, PopulationError.FileHeader);

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
  if (!lines.length) throw AppError.badRequest('文件里除了表头没有数据', undefined, PopulationError.FileEmpty);
  return lines;
}
