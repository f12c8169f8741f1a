import { AreaLevel, PopulationImportResult, Role } from '@lp/shared';
import { AreasService } from '@lp/server/dist/areas/areas.service';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startApi, TestApi } from '../support/api';
import { newAreaTree, newStaff } from '../support/factories';

/**
 * Excel on Chinese Windows saves “CSV” in GBK (GB18030 on newer systems); other tools write
 * UTF-8 with or without a BOM. Each is read with its real Chinese area names, including a
 * character only GB18030 has, and the same figures land in the database. The CSV is split by
 * csv-parse, not by a loop over characters in our own code.
 */
let api: TestApi;
afterAll(() => api?.close());

const HEADER = '区域编码,区域名称,常住人口,60岁以上人口,18岁以下人口,从业人员,进城务工人员,失业/下岗人员,农村劳动力';
const SERVER_SRC = resolve(__dirname, '..', '..', 'server', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

it('GBK, GB18030 and UTF-8 CSV (with or without BOM) and .xlsx import the same areas and figures; no hand-written CSV splitter is left', async () => {
  api = await startApi();
  const tree = await newAreaTree(api);
  const { streetA: A, communityA1: A1, communityA2: A2 } = tree;
  // U+48BA (CJK extension A) has a four-byte code in GB18030 and none in GBK
  const rare = await api.app.get(AreasService).createArea(api.db.manager, {
    code: `${A.code}X`, name: '䢺溪社区', level: AreaLevel.Community, parentId: A.id, isRural: false, latitude: 29.66, longitude: 121.41,
  });
  expect(iconv.encode(rare.name, 'gbk').toString('latin1')).toContain('?');
  const token = (await newStaff(api, Role.Admin, { area: A })).tokens.accessToken;

  const lines = (areas: { name: string }[], base: number) => [HEADER, ...areas.map((a, i) => `,${a.name},${base + i * 10},1,1,1,1,1,0`)].join('\r\n') + '\r\n';
  const common = [A, A1, A2];
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('人口');
  sheet.addRow(HEADER.split(','));
  [A, A1, A2, rare].forEach((a, i) => sheet.addRow(['', a.name, 500 + i * 10, 1, 1, 1, 1, 1, 0]));
  const files: { what: string; name: string; year: number; areas: { id: number; name: string }[]; base: number; bytes: Buffer }[] = [
    { what: 'UTF-8', name: 'utf8.csv', year: 2021, areas: [...common, rare], base: 100, bytes: Buffer.from(lines([...common, rare], 100)) },
    { what: 'UTF-8 with BOM', name: 'bom.csv', year: 2022, areas: [...common, rare], base: 200, bytes: Buffer.from('\uFEFF' + lines([...common, rare], 200)) },
    { what: 'GBK', name: 'gbk.csv', year: 2023, areas: common, base: 300, bytes: iconv.encode(lines(common, 300), 'gbk') },
    { what: 'GB18030', name: 'gb18030.csv', year: 2024, areas: [...common, rare], base: 400, bytes: iconv.encode(lines([...common, rare], 400), 'gb18030') },
    { what: '.xlsx', name: 'book.xlsx', year: 2025, areas: [...common, rare], base: 500, bytes: Buffer.from(await book.xlsx.writeBuffer()) },
  ];

  const outcomes: string[] = [];
  for (const f of files) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
    const res = await fetch(`${api.http.baseUrl}/api/areas/${A.id}/population/${f.year}/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const body = (await res.json()) as PopulationImportResult;
    const stored = (await api.db.query(
      `SELECT a.name, p.resident_total FROM area_population p JOIN area a ON a.id = p.area_id WHERE p.year = $1 AND p.area_id = ANY ($2) ORDER BY p.resident_total`,
      [f.year, f.areas.map((a) => a.id)],
    )) as { name: string; resident_total: number }[];
    const ok = res.status === 200 && JSON.stringify(stored) === JSON.stringify(f.areas.map((a, i) => ({ name: a.name, resident_total: f.base + i * 10 })));
    outcomes.push(`${f.what} ${ok ? `${body.imported.length} areas` : `failed (${res.status} ${JSON.stringify(body).slice(0, 120)})`}`);
  }

  // a hand-written CSV splitter compares characters with the quote and the comma one at a time
  const splitters = sourceFiles(SERVER_SRC).filter((path) => {
    const text = readFileSync(path, 'utf8');
    return /===\s*'"'/.test(text) && /===\s*','/.test(text);
  });
  const csvReaders = sourceFiles(SERVER_SRC).filter((path) => /from 'csv-parse'/.test(readFileSync(path, 'utf8')));
  process.stdout.write(
    `csv encodings: ${outcomes.join(', ')} (甲一社区, 䢺溪社区 …); hand-written CSV splitters: ${splitters.length}, files reading CSV with csv-parse: ${csvReaders.length}\n`,
  );

  expect(outcomes).toEqual(files.map((f) => `${f.what} ${f.areas.length} areas`));
  expect(splitters.map((p) => p.slice(SERVER_SRC.length))).toEqual([]);
  expect(csvReaders.length).toBeGreaterThan(0);
});
