import { ActivityFigures, AreaSummary, IndicatorCode, IndicatorValue, PopulationFigures, SELECTION_KIND_NAMES, SelectionKind, studyHours } from '@lp/shared';
import { loadExcelJs } from '../common/spreadsheet/exceljs';
import type { FinalLists } from './statistics.repository';

/** What the portal knows of an area and year, for the 全国学习型城市网络成员城市申请表. */
export interface ApplicationFigures {
  area: AreaSummary;
  year: number;
  population: Omit<PopulationFigures, 'year'> | null;
  indicators: IndicatorValue[];
  records: number;
  minutes: number;
  perCapitaMinutes: number | null;
  activities: ActivityFigures;
  /** Organisations of the area's subtree whose recognition held at the end of the year (today for the year under way), from the registry. */
  recognisedOrganisations: number;
  /** The 评选 of the year settled in the area's subtree, per kind. */
  selections: Record<SelectionKind, FinalLists>;
}

/** The cell of a figure the portal does not know: the district fills it in. */
export const FILLED_BY_DISTRICT = '由区填写';

export const APPLICATION_HEADER = ['申请表部分', '信息', '数据', '年份', '来源'];

type Line = [part: string, item: string, value: number | string | null, source: string];

/**
 * The figures of the 全国学习型城市网络成员城市申请表 (新时代学习型城市建设指南, 附件1) that the
 * portal knows, for the district's submission: one line per figure with its year and where it comes
 * from. 学习型组织 come from the registry, 品牌项目 and 百姓学习之星 from the final lists of the 评选
 * of the year. What the portal does not know (area, GDP, years of schooling, a kind with no settled
 * list) is a line whose value is "由区填写": nothing is made up.
 */
export async function applicationWorkbook(f: ApplicationFigures): Promise<Buffer> {
  const by = Object.fromEntries(f.indicators.map((i) => [i.code, i])) as Record<IndicatorCode, IndicatorValue>;
  const pop = f.population;
  const entered = '人口基础数据（本区管理员录入）';
  const records = '门户的学习记录（签到、线上学习、学分认定）';
  const known = (value: number | null, source: string): [number | string, string] =>
    value === null ? [FILLED_BY_DISTRICT, `${f.year}年的人口基础数据还没有录入`] : [value, source];
  // a figure from the final lists only once a list of that kind was settled: before, the portal does not know it
  const chosen = (kind: SelectionKind): [number | string, string] => {
    const { lists, winners } = f.selections[kind];
    return lists
      ? [winners, `门户${SELECTION_KIND_NAMES[kind]}评选的最终名单（${f.year}年，本区域及下级共${lists}次评选）`]
      : [FILLED_BY_DISTRICT, `门户里${f.year}年还没有确定最终名单的${SELECTION_KIND_NAMES[kind]}评选`];
  };
  const lines: Line[] = [
    ['二、申请城市基本资料', '本市常住人口（万人）', ...known(pop ? Math.round(pop.residentTotal) / 10_000 : null, entered)],
    ['二、申请城市基本资料', '总面积（平方公里）', FILLED_BY_DISTRICT, '门户没有这项数据'],
    ['二、申请城市基本资料', '人均GDP（元）', FILLED_BY_DISTRICT, '门户没有这项数据'],
    ['二、申请城市基本资料', '本市16-59周岁人口平均受教育年限（年）', FILLED_BY_DISTRICT, '门户没有这项数据'],
    ['三、建设成效（参考数据）', '全年接受教育服务的居民（人）', by.participation.numerator, `${records}，每人每年计一次`],
    ['三、建设成效（参考数据）', '全年接受教育服务成员占常住人口比例', ...known(by.participation.value, '上一项 ÷ 常住人口')],
    ['三、建设成效（参考数据）', '参与教育活动的60岁以上居民（人）', by.seniors.numerator, records],
    ['三、建设成效（参考数据）', '学习记录（条）', f.records, records],
    ['三、建设成效（参考数据）', '全年学时（学时）', studyHours(f.minutes), records],
    ['三、建设成效（参考数据）', '人均学时（学时）', ...known(f.perCapitaMinutes === null ? null : studyHours(f.perCapitaMinutes), '全年学时 ÷ 常住人口')],
    ['三、建设成效（参考数据）', '举办课程活动（个）', f.activities.offeringsHeld, '当年开始并已结束的场次所属的课程活动'],
    ['三、建设成效（参考数据）', '举办场次（场）', f.activities.sessionsHeld, '当年开始并已结束、未取消的场次'],
    ['三、建设成效（参考数据）', '到场（人次）', f.activities.attended, '签到记入学习记录的人次'],
    ['三、建设成效（参考数据）', '各类组织（个）', ...known(pop ? pop.organisations : null, entered)],
    ['三、建设成效（参考数据）', '已创建学习型组织（个）', f.recognisedOrganisations, `学习型组织登记中经上一级认定、${f.year}年末（当年为今天）认定仍有效的组织`],
    ['三、建设成效（参考数据）', '成人教育专职工作者（人）', by.education_staff.numerator, '成人教育工作者名册中当年在册的专职工作者'],
    ['三、建设成效（参考数据）', '终身学习品牌项目（个）', ...chosen('brand')],
    ['三、建设成效（参考数据）', '百姓学习之星（人）', ...chosen('star')],
  ];
  const ExcelJS = loadExcelJs();
  const book = new ExcelJS.Workbook();
  book.creator = '终身学习门户';
  const sheet = book.addWorksheet('申请表数据');
  sheet.addRow([`${f.area.name} 全国学习型城市网络成员城市申请表：门户提供的数据（${f.year}年）`]).font = { bold: true, size: 14 };
  sheet.addRow([`“${FILLED_BY_DISTRICT}”的各项门户没有数据，请按实际填写；其余各项取自门户，截至导出时。`]);
  sheet.addRow(APPLICATION_HEADER).font = { bold: true };
  for (const [part, item, value, source] of lines) {
    const row = sheet.addRow([part, item, value, f.year, source]);
    if (value === FILLED_BY_DISTRICT) row.getCell(3).font = { color: { argb: 'FFC00000' }, bold: true };
    if (item.includes('比例') && typeof value === 'number') row.getCell(3).numFmt = '0.0%';
  }
  sheet.columns.forEach((c, i) => (c.width = [24, 40, 14, 8, 44][i] ?? 12));
  return Buffer.from(await book.xlsx.writeBuffer());
}
