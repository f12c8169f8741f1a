import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvEncoding } from './csv-rows';
import { readRows } from './read-rows';
import { SpreadsheetLimits } from './spreadsheet-limits';

const LIMITS: SpreadsheetLimits = { maxRows: 20, maxColumns: 5, maxCellChars: 20, maxChars: 1000, maxBytes: 1024 * 1024, timeoutMs: 5000 };

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('人口'));
  book.addWorksheet('第二张').addRow(['不读这张']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('readRows: .xlsx', () => {
  it('reads the first sheet: shared and rich strings, numbers, formula results, booleans, gaps as blanks, columns past the limit dropped', async () => {
    const file = await workbook((s) => {
      s.addRow(['区域名称', '常住人口']);
      s.addRow([{ richText: [{ text: '甲一' }, { text: '社区' }] }, 12000]);
      s.getCell('A4').value = '乙社区';
      s.getCell('B4').value = { formula: '1+1', result: 2 };
      s.getCell('C4').value = true;
      s.getCell('G4').value = '第七列';
    });
    expect(await readRows(file, LIMITS)).toEqual([['区域名称', '常住人口'], ['甲一社区', '12000'], [], ['乙社区', '2', 'TRUE']]);
  });

  it('refuses a row past the limit, a long cell and more text than the byte limit, naming the row where known', async () => {
    const many = await workbook((s) => s.getCell('A21').value = 1);
    await expect(readRows(many, LIMITS)).rejects.toMatchObject({ reason: 'too_many_rows', row: 21 });
    const long = await workbook((s) => s.getCell('B3').value = '很'.repeat(21));
    await expect(readRows(long, LIMITS)).rejects.toMatchObject({ reason: 'cell_too_long', row: 3 });
    const big = await workbook((s) => s.getCell('H1').value = 'x'.repeat(2000));
    await expect(readRows(big, { ...LIMITS, maxBytes: 1000 })).rejects.toMatchObject({ reason: 'too_large' });
  });

  it('refuses a shared strings table longer than the limits allow a sheet to use, as it reads it', async () => {
    const padded = async (n: number, length = 3) => {
      const book = new ExcelJS.Workbook();
      book.addWorksheet('人口').addRow(['甲']);
      const other = book.addWorksheet('别的');
      for (let i = 0; i < n; i++) other.addRow([`${i}`.padStart(length, '字')]);
      return Buffer.from(await book.xlsx.writeBuffer());
    };
    // 20 rows × 5 columns: at most 100 strings (the first sheet's 甲 is one of them)
    expect(await readRows(await padded(99), LIMITS)).toEqual([['甲']]);
    await expect(readRows(await padded(100), LIMITS)).rejects.toMatchObject({ reason: 'too_large' });
    // and no more text than maxChars in all
    await expect(readRows(await padded(60, 20), LIMITS)).rejects.toMatchObject({ reason: 'too_large' });
  });

  it('refuses a broken zip and an old .xls', async () => {
    const file = await workbook((s) => s.addRow(['甲']));
    await expect(readRows(file.subarray(0, file.length - 30), LIMITS)).rejects.toMatchObject({ reason: 'unreadable' });
    await expect(readRows(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), LIMITS)).rejects.toMatchObject({ reason: 'unsupported' });
  });
});

describe('readRows: CSV', () => {
  const text = '区域名称,常住人口\r\n"甲一社区","12,000"\r\n\r\n䢺溪社区,5\r\n';
  const rows = [['区域名称', '常住人口'], ['甲一社区', '12,000'], [], ['䢺溪社区', '5']];

  it('reads UTF-8 with and without BOM, GB18030, and GBK', async () => {
    expect(await readRows(Buffer.from(text), LIMITS)).toEqual(rows);
    expect(await readRows(Buffer.from(`\uFEFF${text}`), LIMITS)).toEqual(rows);
    expect(await readRows(iconv.encode(text, 'gb18030'), LIMITS)).toEqual(rows);
    const gbk = text.replace('䢺溪社区', '乙社区');
    expect(await readRows(iconv.encode(gbk, 'gbk'), LIMITS)).toEqual(rows.map((r) => r.map((c) => (c === '䢺溪社区' ? '乙社区' : c))));
  });

  it('tells GBK from UTF-8 line by line: a short GBK line that happens to be valid UTF-8 is still GBK, a file of both is refused', () => {
    // 碌 is C2 B5 in GBK, which is also “µ” in UTF-8
    expect(csvEncoding(iconv.encode('碌\n甲一社区,1\n', 'gbk'))).toBe('gb18030');
    expect(() => csvEncoding(Buffer.concat([Buffer.from('区域名称,常住人口\n'), iconv.encode('甲一社区,1\n', 'gbk')]))).toThrow(
      expect.objectContaining({ reason: 'encoding', row: 2 }),
    );
  });

  it('refuses UTF-16, NUL bytes, a line past the limit and one longer than its cells may be', async () => {
    await expect(readRows(Buffer.from([0xff, 0xfe, 0x41, 0x00]), LIMITS)).rejects.toMatchObject({ reason: 'encoding' });
    await expect(readRows(Buffer.from('甲,1\n乙\u0000,2\n'), LIMITS)).rejects.toMatchObject({ reason: 'unsupported' });
    await expect(readRows(Buffer.from('甲,1\n'.repeat(21)), LIMITS)).rejects.toMatchObject({ reason: 'too_many_rows', row: 21 });
    await expect(readRows(Buffer.from(`甲,1\n${'很'.repeat(200)}\n`), LIMITS)).rejects.toMatchObject({ reason: 'cell_too_long', row: 2 });
  });
});
