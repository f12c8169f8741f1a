import {
  ActivityFigures,
  formatIndicatorProgress,
  formatIndicatorTarget,
  INDICATOR_BY_CODE,
  IndicatorValue,
  POPULATION_FIGURES,
  PopulationFigures,
  studyHours,
  TaskEvidence,
  TaskRow,
} from '@lp/shared';
import { loadExcelJs } from '../common/spreadsheet/exceljs';

export interface WorkbookSheet {
  title: string;
  population: Omit<PopulationFigures, 'year'> | null;
  indicators: IndicatorValue[];
  records: number;
  minutes: number;
  perCapitaMinutes: number | null;
  activities?: ActivityFigures;
  /** The values entered for the table's entered rows, by row id. */
  entries: Map<number, { value: string; met: boolean | null; evidence: TaskEvidence[] }>;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], and unique in the book. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, '').slice(0, 28) || '区域';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}(${i})`;
  taken.add(name);
  return name;
}

export const WORKBOOK_HEADER = ['一级指标', '二级指标', '指标', '目标', '实际', '完成情况', '分子', '分母', '是否达标', '需要核对', '责任部门', '佐证材料'];

const judged = (met: boolean | null): string => (met === null ? '—' : met ? '达标' : '未达标');

/**
 * The district's 任务分解表 (一级指标, 二级指标, 目标, 实际, 是否达标, 责任部门, 佐证材料), one
 * sheet per node, its rows in the table's order. A measured row gives the portal's figure: 实际 is
 * a number (formatted as a percentage or per 10,000), so a spreadsheet can compute with it;
 * 完成情况 says it against the target in words ("完成目标的 62%"); 需要核对 carries the dashboard's
 * warnings. An entered row gives what the area's administrators entered and the names of its
 * evidence files. Hours are 学时, as on the dashboard.
 */
export async function indicatorWorkbook(year: number, table: TaskRow[], sheets: WorkbookSheet[]): Promise<Buffer> {
  const ExcelJS = loadExcelJs();
  const book = new ExcelJS.Workbook();
  book.creator = '终身学习门户';
  const taken = new Set<string>();
  for (const s of sheets) {
    const sheet = book.addWorksheet(sheetName(s.title, taken));
    sheet.addRow([`${s.title} ${year}年 学习型城市建设指标完成情况`]).font = { bold: true, size: 14 };
    sheet.addRow([
      s.population
        ? POPULATION_FIGURES.map((f) => `${f.short} ${s.population![f.key]}`).join('，')
        : `还没有录入${year}年的人口基础数据，比例无法计算`,
    ]);
    sheet.addRow(WORKBOOK_HEADER).font = { bold: true };
    const values = new Map(s.indicators.map((v) => [v.code, v]));
    for (const r of table) {
      const v = r.indicator ? values.get(r.indicator) : undefined;
      if (r.indicator && !v) continue;
      if (v) {
        const row = sheet.addRow([
          r.level1,
          r.level2,
          r.label,
          formatIndicatorTarget(v),
          v.value,
          formatIndicatorProgress(v),
          v.numerator,
          v.denominator,
          !v.applicable ? '不适用' : judged(v.met),
          v.warnings.length ? v.warnings.join('；') : null,
          r.departments || null,
          '门户学习记录统计',
        ]);
        row.getCell(5).numFmt = v.unit === 'rate' ? '0.0%' : '0.00';
        if (v.met === false && v.applicable) row.getCell(9).font = { color: { argb: 'FFC00000' } };
        if (v.warnings.length) row.getCell(10).font = { color: { argb: 'FFC00000' } };
      } else {
        const e = r.id === null ? undefined : s.entries.get(r.id);
        const row = sheet.addRow([
          r.level1,
          r.level2,
          r.label,
          r.target || null,
          e ? e.value : '未填报',
          null,
          null,
          null,
          e ? judged(e.met) : '—',
          e ? null : '这一项还没有填报',
          r.departments || null,
          e?.evidence.length ? e.evidence.map((x) => x.name).join('、') : null,
        ]);
        if (!e) row.getCell(10).font = { color: { argb: 'FFC00000' } };
      }
    }
    sheet.addRow([]);
    sheet.addRow(['参考数据']).font = { bold: true };
    sheet.addRow(['学习记录（条）', s.records]);
    sheet.addRow(['全年学时（学时）', studyHours(s.minutes)]);
    sheet.addRow(['人均学时（学时）', s.perCapitaMinutes === null ? null : studyHours(s.perCapitaMinutes)]);
    if (s.activities) {
      sheet.addRow(['举办课程活动（个）', s.activities.offeringsHeld]);
      sheet.addRow(['举办场次（场）', s.activities.sessionsHeld]);
      sheet.addRow(['出勤率', s.activities.attendanceRate]).getCell(2).numFmt = '0.0%';
    }
    sheet.columns.forEach((c, i) => (c.width = [18, 16, 40, 10, 10, 22, 10, 10, 10, 30, 44, 40][i] ?? 12));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
