import { AreaLevel } from '@lp/shared';
import { AppError } from '../common/app-error';
import { areaLines, isAreaCode, levelOfCode, parentCodeOf } from './area-file';

describe('area-file', () => {
  it('reads the level and the parent from the structure of a 统计用区划代码', () => {
    expect([levelOfCode('330282000000'), parentCodeOf('330282000000')]).toEqual([AreaLevel.District, null]);
    expect([levelOfCode('330282001000'), parentCodeOf('330282001000')]).toEqual([AreaLevel.Street, '330282000000']);
    expect([levelOfCode('330282001203'), parentCodeOf('330282001203')]).toEqual([AreaLevel.Community, '330282001000']);
  });

  it('takes only 12 digits, not all zero at the front', () => {
    expect(['330282001203', '33028200120', '3302820012034', '33028200120X', '000000001001'].map(isAreaCode)).toEqual([true, false, false, false, false]);
  });

  it('finds the header below a title row, reads 城乡 from the classification code or the word, and names each bad row', () => {
    const { lines, problems } = areaLines([
      ['慈溪市统计用区划代码表'],
      ['统计用区划代码', '城乡分类代码', '名称'],
      ['330282001000', '111', ' 浒山 街道 '],
      ['330282101201', '乡', '某村'],
      ['', '', ''],
      ['33028210120', '', '短码村'],
      ['330282101202', '399', '怪村'],
    ]);
    expect(lines).toEqual([
      { line: 3, code: '330282001000', name: '浒山街道', level: AreaLevel.Street, parentCode: '330282000000', isRural: false },
      { line: 4, code: '330282101201', name: '某村', level: AreaLevel.Community, parentCode: '330282101000', isRural: true },
    ]);
    expect(problems).toEqual([expect.stringMatching(/^第6行：“33028210120”不是12位/), expect.stringMatching(/^第7行：城乡分类应当是/)]);
  });

  it('refuses a file without the code and name columns, or with nothing under the header', () => {
    expect(() => areaLines([['区域', '人口']])).toThrow(AppError);
    expect(() => areaLines([['代码', '名称'], ['', '']])).toThrow(/除了表头没有数据/);
  });
});
