import { CHECKIN_METHOD_LABELS, LiveRoster } from '@lp/shared';
import { shanghaiClock } from '../common/shanghai-time';
import { loadExcelJs } from '../common/spreadsheet/exceljs';

const time = (iso: string | null): string => (iso ? shanghaiClock(iso) : '');

/** 签到表 as .xlsx: one row per person enrolled or present, for the school's files. */
export async function signInSheet(roster: LiveRoster, sessionLabel: string): Promise<Buffer> {
  const ExcelJS = loadExcelJs();
  const book = new ExcelJS.Workbook();
  book.creator = '终身学习门户';
  const sheet = book.addWorksheet('签到表');
  sheet.addRow([`${roster.offeringTitle}  ${sessionLabel}`]);
  sheet.addRow([`报名 ${roster.counts.enrolled} 人，到场 ${roster.counts.arrived} 人，未到 ${roster.counts.notArrived} 人，现场报名 ${roster.counts.walkIns} 人，代签 ${roster.counts.proxy} 人`]);
  sheet.addRow([]);
  const header = sheet.addRow(['序号', '姓名', '手机号', '是否报名', '签到', '签到时间', '签退时间', '方式', '备注']);
  header.font = { bold: true };
  roster.lines.forEach((l, i) => {
    const note = [l.walkIn ? '现场报名' : '', l.offline ? '离线签到' : '', l.flagReason ?? ''].filter(Boolean).join('；');
    sheet.addRow([
      i + 1,
      l.residentName,
      l.phoneMasked,
      l.enrolled ? '是' : '否',
      l.status === 'arrived' ? '已到' : '未到',
      time(l.checkedInAt),
      time(l.checkedOutAt),
      l.method ? CHECKIN_METHOD_LABELS[l.method] : '',
      note,
    ]);
  });
  sheet.columns.forEach((c, i) => (c.width = [6, 12, 15, 10, 8, 10, 10, 12, 24][i]));
  return Buffer.from(await book.xlsx.writeBuffer());
}
