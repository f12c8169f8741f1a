import { readRows } from '../common/spreadsheet/read-rows';
import { POPULATION_SHEET_LIMITS, populationLines } from './population-file';

const readPopulationFile = async (data: Buffer) => populationLines(await readRows(data, POPULATION_SHEET_LIMITS));

const HEADER = '区域编码,区域名称,常住人口,60岁以上人口,18岁以下人口,从业人员,进城务工人员,失业/下岗人员,农村劳动力';

describe('readPopulationFile', () => {
  it('reads a CSV with a BOM, CRLF, quoted cells and thousands separators', async () => {
    const csv = `\uFEFF${HEADER}\r\nC1,"甲一社区","12,000",1,2,3,4,5,0\r\n\r\n,乙社区,5,0,0,0,0,0,0`;
    expect(await readPopulationFile(Buffer.from(csv))).toEqual([
      { line: 2, code: 'C1', name: '甲一社区', figures: { residentTotal: 12000, aged60Plus: 1, under18: 2, employed: 3, migrantWorkers: 4, unemployed: 5, ruralLabor: 0 }, problems: [] },
      { line: 4, code: '', name: '乙社区', figures: { residentTotal: 5, aged60Plus: 0, under18: 0, employed: 0, migrantWorkers: 0, unemployed: 0, ruralLabor: 0 }, problems: [] },
    ]);
  });

  it('names each bad cell of a line in Chinese', async () => {
    const [line] = await readPopulationFile(Buffer.from(`${HEADER}\nC1,甲,-1,,2.5,1,1,1,999999999`));
    expect(line.problems).toEqual(['常住人口应当是不小于0的整数', '60岁以上人口没有填', '18岁以下人口应当是不小于0的整数', '农村劳动力太大了']);
  });

  it('reads the organisation columns when there, by long or short name, and leaves them out of a line where blank', async () => {
    const csv = `区域名称,常住人口,60岁以上,18岁以下,从业人员,进城务工,失业/下岗,农村劳动力,各类组织,学习型组织（个）\n甲,100,10,10,50,5,2,0,12,9\n乙,80,8,8,40,4,1,0,,`;
    const [a, b] = await readPopulationFile(Buffer.from(csv));
    expect(a.figures).toEqual({ residentTotal: 100, aged60Plus: 10, under18: 10, employed: 50, migrantWorkers: 5, unemployed: 2, ruralLabor: 0, organisations: 12, learningOrganisations: 9 });
    expect(b).toMatchObject({ figures: { residentTotal: 80, ruralLabor: 0 }, problems: [] });
    expect(Object.keys(b.figures)).not.toContain('organisations');
    expect(Object.keys(b.figures)).not.toContain('learningOrganisations');
  });

  it('reads a file without the organisation columns, and names a bad organisation cell', async () => {
    const [old] = await readPopulationFile(Buffer.from(`${HEADER}\nC1,甲,10,1,1,1,1,1,0`));
    expect(old).toMatchObject({ problems: [] });
    expect(Object.keys(old.figures)).toHaveLength(7);
    const [bad] = await readPopulationFile(Buffer.from(`${HEADER},各类组织数,已创建学习型组织数\nC1,甲,10,1,1,1,1,1,0,三,-1`));
    expect(bad.problems).toEqual(['各类组织数应当是不小于0的整数', '已创建学习型组织数应当是不小于0的整数']);
  });

  it('refuses a file without the columns it needs, or without data', async () => {
    await expect(readPopulationFile(Buffer.from('名称,人数\n甲,1'))).rejects.toMatchObject({ status: 400, message: expect.stringContaining('没有找到表头') });
    await expect(readPopulationFile(Buffer.from('区域名称,常住人口\n甲,1'))).rejects.toMatchObject({ message: expect.stringContaining('60岁以上人口') });
    await expect(readPopulationFile(Buffer.from(HEADER))).rejects.toMatchObject({ message: '文件里除了表头没有数据' });
    await expect(readPopulationFile(Buffer.from([0xff, 0xfe, 0x41]))).rejects.toMatchObject({ reason: 'encoding' });
  });
});
