import { AreaError, AreaLevel } from '@lp/shared';
import { AppError } from '../common/app-error';
import { SpreadsheetLimits } from '../common/spreadsheet/spreadsheet-limits';

/** One row of an area-tree file: a node named by its 统计用区划代码, before it is matched to the tree. */
export interface AreaLine {
  line: number;
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  /** null when the row does not say: a stored node keeps its own, a new one is urban. */
  isRural: boolean | null;
}

/**
 * What an area file may cost to read. The official list of a district has one row per 街道 and
 * 社区/村: a few hundred rows of three or four short columns.
 */
export const AREA_SHEET_LIMITS: SpreadsheetLimits = {
  maxRows: 5000,
  maxColumns: 20,
  maxCellChars: 200,
  maxChars: 1_000_000,
  maxBytes: 4 * 1024 * 1024,
  timeoutMs: 5000,
};

const CODE_HEADERS = ['统计用区划代码', '区划代码', '区域编码', '代码', '编码', 'code'];
const NAME_HEADERS = ['名称', '区域名称', '单位名称', 'name'];
const RURAL_HEADERS = ['城乡分类代码', '城乡分类', '城乡'];
const NAME_MAX = 64;

const clean = (v: string): string => v.replace(/^\uFEFF/, '').replace(/\s+/g, '').trim();

/** The level a code stands for: ······000000 a 区/县, ·········000 a 街道/镇, anything else a 社区/村. */
export function levelOfCode(code: string): AreaLevel {
  if (code.endsWith('000000')) return AreaLevel.District;
  return code.endsWith('000') ? AreaLevel.Street : AreaLevel.Community;
}

/** The code of the node a code lies under, by the structure of 统计用区划代码; null for a district. */
export function parentCodeOf(code: string): string | null {
  switch (levelOfCode(code)) {
    case AreaLevel.District:
      return null;
    case AreaLevel.Street:
      return `${code.slice(0, 6)}000000`;
    default:
      return `${code.slice(0, 9)}000`;
  }
}

export const isAreaCode = (code: string): boolean => /^\d{12}$/.test(code) && !code.startsWith('000000');

/** 城乡分类代码 1xx is 城镇, 2xx 乡村; the words 城/乡 are taken too. */
function ruralOf(raw: string): boolean | null | 'bad' {
  if (raw === '') return null;
  if (/^1\d\d$/.test(raw) || ['城', '城市', '城镇', '城区'].includes(raw)) return false;
  if (/^2\d\d$/.test(raw) || ['乡', '乡村', '农村', '村'].includes(raw)) return true;
  return 'bad';
}

/**
 * Reads the rows of an area file: a header row with the code (统计用区划代码) and the name (名称),
 * optionally 城乡分类代码, then one node per row. Each row's problems are named with its row
 * number, in Chinese; a row that has any is left out of the lines. Nothing about the stored tree
 * is decided here.
 */
export function areaLines(rows: string[][]): { lines: AreaLine[]; problems: string[] } {
  const headerAt = rows.findIndex((r) => r.some((c) => CODE_HEADERS.includes(clean(c))) && r.some((c) => NAME_HEADERS.includes(clean(c))));
  if (headerAt < 0) throw AppError.badRequest('没有找到表头：第一行应当有“统计用区划代码”和“名称”两列', undefined, AreaError.FileHeader);
  const header = rows[headerAt].map(clean);
  const codeCol = header.findIndex((h) => CODE_HEADERS.includes(h));
  const nameCol = header.findIndex((h) => NAME_HEADERS.includes(h));
  const ruralCol = header.findIndex((h) => RURAL_HEADERS.includes(h));
  const lines: AreaLine[] = [];
  const problems: string[] = [];
  rows.slice(headerAt + 1).forEach((cells, i) => {
    if (cells.every((c) => clean(c) === '')) return;
    const at = `第${headerAt + i + 2}行`;
    const code = clean(cells[codeCol] ?? '');
    const name = clean(cells[nameCol] ?? '');
    const rural = ruralCol >= 0 ? ruralOf(clean(cells[ruralCol] ?? '')) : null;
    const own: string[] = [];
    if (!isAreaCode(code)) own.push(`${at}：“${code || '（空）'}”不是12位的统计用区划代码`);
    if (!name) own.push(`${at}：名称没有填`);
    else if (name.length > NAME_MAX) own.push(`${at}：名称太长了（最多${NAME_MAX}个字）`);
    if (rural === 'bad') own.push(`${at}：城乡分类应当是城乡分类代码（如111、220）或“城”“乡”`);
    if (own.length || rural === 'bad') problems.push(...own);
    else lines.push({ line: headerAt + i + 2, code, name, level: levelOfCode(code), parentCode: parentCodeOf(code), isRural: rural });
  });
  if (!lines.length && !problems.length) throw AppError.badRequest('文件里除了表头没有数据', undefined, AreaError.ImportInvalid);
  return { lines, problems };
}
