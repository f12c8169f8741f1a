import { SCHOOL_TYPE_LABELS, SchoolType } from '@lp/shared';
import { fileRows } from '../places/place-file';

/** One row of a schools file, checked on its own. */
export interface SchoolLine {
  line: number;
  name: string;
  type: SchoolType;
  areaCode: string;
  /** null when the row leaves the address empty: a stored school keeps its own. */
  address: string | null;
}

const TYPE_WORDS: Record<string, SchoolType> = {
  ...Object.fromEntries(Object.entries(SCHOOL_TYPE_LABELS).map(([type, label]) => [label, type as SchoolType])),
  街道分院: SchoolType.StreetSchool,
  成校: SchoolType.StreetSchool,
  街道成校: SchoolType.StreetSchool,
  市民学校: SchoolType.CitizenSchool,
};

/** Reads the rows of a schools file: 学校名称、类别、所在区域的统计用区划代码，可有地址. */
export function schoolLines(rows: string[][]): { lines: SchoolLine[]; problems: string[] } {
  const found = fileRows(
    rows,
    {
      name: { names: ['学校名称', '名称'], required: true },
      type: { names: ['类别', '学校类别', '类型'], required: true },
      areaCode: { names: ['区划代码', '统计用区划代码', '所在区域代码', '区域编码'], required: true },
      address: { names: ['地址'], required: false },
    },
    '学校',
  );
  const lines: SchoolLine[] = [];
  const problems: string[] = [];
  for (const { line, cells } of found) {
    const at = `第${line}行`;
    const own: string[] = [];
    const type = TYPE_WORDS[cells.type.replace(/\s+/g, '')];
    if (!cells.name) own.push(`${at}：学校名称没有填`);
    else if (cells.name.length > 64) own.push(`${at}：学校名称太长了（最多64个字）`);
    if (!type) own.push(`${at}：类别应当是${Object.values(SCHOOL_TYPE_LABELS).join('、')}之一`);
    if (!/^\d{12}$/.test(cells.areaCode)) own.push(`${at}：“${cells.areaCode || '（空）'}”不是12位的统计用区划代码`);
    if (cells.address.length > 200) own.push(`${at}：地址太长了（最多200个字）`);
    if (own.length) problems.push(...own);
    else lines.push({ line, name: cells.name, type, areaCode: cells.areaCode, address: cells.address || null });
  }
  return { lines, problems };
}
