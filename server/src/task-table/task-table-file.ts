import { INDICATOR_BY_CODE, IndicatorCode, TASK_ENTERED, TASK_TABLE_MAX_ROWS, TaskRowInput } from '@lp/shared';
import { AppError } from '../common/app-error';
import { SpreadsheetLimits } from '../common/spreadsheet/spreadsheet-limits';

/** A 任务分解表 has a few dozen rows of a few columns; its cells are sentences. */
export const TASK_TABLE_SHEET_LIMITS: SpreadsheetLimits = {
  maxRows: TASK_TABLE_MAX_ROWS + 20,
  maxColumns: 20,
  maxCellChars: 1000,
  maxChars: 500_000,
  maxBytes: 4 * 1024 * 1024,
  timeoutMs: 5000,
};

const clean = (v: string | undefined): string => (v ?? '').replace(/^\uFEFF/, '').replace(/\s+/g, ' ').trim();
const bare = (v: string): string => clean(v).replace(/\s/g, '');

const COLUMNS = {
  level1: ['一级指标'],
  level2: ['二级指标'],
  label: ['指标', '工作内容', '指标内容'],
  departments: ['责任部门', '责任单位'],
  target: ['目标', '目标值'],
  indicator: ['指标代码', '门户指标', '计算方式'],
} as const;

const LIMITS: Record<keyof typeof COLUMNS, number> = { level1: 40, level2: 60, label: 300, departments: 200, target: 60, indicator: 40 };
const NAMES: Record<keyof typeof COLUMNS, string> = { level1: '一级指标', level2: '二级指标', label: '指标', departments: '责任部门', target: '目标', indicator: '指标代码' };

/**
 * Reads an uploaded 任务分解表 (.xlsx or .csv, read by the SpreadsheetReader): a header row with
 * 一级指标, 二级指标, 指标 (or 工作内容), 责任部门, 目标 and 指标代码, then one row per line of the
 * table in its order. An empty 一级指标 or 二级指标 is the one above (a merged cell in the original).
 * 指标代码 is a measured indicator's code (participation, seniors …) or 填报 (or empty): a row the
 * district enters itself. Every problem is named with its line; one refuses the whole file.
 */
export function taskTableRows(rows: string[][]): TaskRowInput[] {
  const headerAt = rows.findIndex((r) => r.some((c) => bare(c) === '一级指标'));
  if (headerAt < 0) throw AppError.badRequest('没有找到表头：应当有“一级指标”“二级指标”“指标”“责任部门”“目标”“指标代码”各列');
  const header = rows[headerAt].map(bare);
  const col = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, names]) => [key, header.findIndex((h) => (names as readonly string[]).includes(h))]),
  ) as Record<keyof typeof COLUMNS, number>;
  if (col.label < 0) throw AppError.badRequest('表头缺少“指标”（或“工作内容”）一列');
  const problems: string[] = [];
  const out: TaskRowInput[] = [];
  const measured = new Map<string, number>();
  let level1 = '';
  let level2 = '';
  for (let i = headerAt + 1; i < rows.length; i++) {
    const line = i + 1;
    const cell = (key: keyof typeof COLUMNS) => (col[key] < 0 ? '' : clean(rows[i][col[key]]));
    const values = Object.fromEntries(Object.keys(COLUMNS).map((k) => [k, cell(k as keyof typeof COLUMNS)])) as Record<keyof typeof COLUMNS, string>;
    if (Object.values(values).every((v) => v === '')) continue;
    if (values.level1) {
      level1 = values.level1;
      level2 = '';
    }
    if (values.level2) level2 = values.level2;
    const at = `第${line}行`;
    const mine: string[] = [];
    if (!level1) mine.push(`${at}：没有一级指标`);
    if (!values.label) mine.push(`${at}：“指标”是空的`);
    for (const [key, max] of Object.entries(LIMITS) as [keyof typeof COLUMNS, number][]) {
      const v = key === 'level1' ? level1 : key === 'level2' ? level2 : values[key];
      if (v.length > max) mine.push(`${at}：${NAMES[key]}太长了（最多${max}个字）`);
    }
    let indicator: IndicatorCode | null = null;
    const code = values.indicator;
    if (code && code !== TASK_ENTERED) {
      if (!INDICATOR_BY_CODE[code as IndicatorCode]) mine.push(`${at}：指标代码“${code}”不是门户能计算的指标（门户算不出的请写“${TASK_ENTERED}”）`);
      else if (measured.has(code)) mine.push(`${at}：指标代码“${code}”在第${measured.get(code)}行已经用过`);
      else {
        indicator = code as IndicatorCode;
        measured.set(code, line);
      }
    }
    problems.push(...mine);
    if (!mine.length) out.push({ level1, level2, label: values.label, departments: values.departments, indicator, target: values.target });
  }
  if (!out.length && !problems.length) problems.push('表里没有任何指标');
  if (out.length > TASK_TABLE_MAX_ROWS) problems.push(`任务分解表最多${TASK_TABLE_MAX_ROWS}行，这个文件有${out.length}行`);
  if (problems.length) throw AppError.badRequest(problems[0], problems.slice(0, 50));
  return out;
}
