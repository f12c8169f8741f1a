import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import { promisify } from 'node:util';

const deflateRawAsync = promisify(deflateRaw);

/** One entry of a zip: its deflated bytes, the size it really inflates to and the size its headers claim. */
export interface ZipPart {
  name: string;
  deflated: Buffer;
  crc: number;
  size: number;
  declaredSize: number;
}

/** A part deflated from its whole text (kept small enough to hold in memory). */
export async function part(name: string, text: string | Buffer): Promise<ZipPart> {
  const data = typeof text === 'string' ? Buffer.from(text) : text;
  return { name, deflated: await deflateRawAsync(data, { level: 9 }), crc: crc32(data), size: data.length, declaredSize: data.length };
}

/**
 * A part of `head`, then `unit` `times` times, then `tail`, deflated without ever holding the
 * whole text: a block of units is deflated once with a full flush (byte-aligned, no reference to
 * what came before) and that piece is repeated, which is still one valid deflate stream.
 * This is how a 1 GB part fits in a file of a megabyte.
 */
export function repeatedPart(name: string, head: string, unit: string, times: number, tail: string): ZipPart {
  let perBlock = Math.min(times, Math.max(1, Math.floor((1 << 20) / Buffer.byteLength(unit))));
  while (times % perBlock !== 0) perBlock -= 1;
  const block = Buffer.from(unit.repeat(perBlock));
  const blocks = times / perBlock;
  const flush = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const piece = deflateRawSync(block, flush);
  const pieces = [deflateRawSync(Buffer.from(head), flush), ...Array.from({ length: blocks }, () => piece), deflateRawSync(Buffer.from(tail), { level: 9 })];
  let crc = crc32(head);
  for (let i = 0; i < blocks; i++) crc = crc32(block, crc);
  crc = crc32(tail, crc);
  const size = Buffer.byteLength(head) + block.length * blocks + Buffer.byteLength(tail);
  return { name, deflated: Buffer.concat(pieces), crc, size, declaredSize: size };
}

/** A zip archive of deflated parts, written field by field so that a part can lie about its size. */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 30); // flags … name length, as in the local header
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The head of a worksheet part, up to the opening of its rows. */
export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}"><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';

/**
 * The parts around the sheets that make an .xlsx Excel opens: content types, relationships and
 * the workbook listing `sheetCount` sheets (sheet1.xml …), with a shared strings part if asked.
 */
export async function workbookParts(sheetCount = 1, sharedStrings = false): Promise<ZipPart[]> {
  const sheets = Array.from({ length: sheetCount }, (_, i) => i + 1);
  const types =
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    sheets.map((n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
    (sharedStrings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` : '') +
    `</Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook =
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
    sheets.map((n) => `<sheet name="表${n}" sheetId="${n}" r:id="rId${n}"/>`).join('') +
    `</sheets></workbook>`;
  const workbookRels =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}">` +
    sheets.map((n) => `<Relationship Id="rId${n}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${n}.xml"/>`).join('') +
    (sharedStrings ? `<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
    `</Relationships>`;
  return Promise.all([
    part('[Content_Types].xml', types),
    part('_rels/.rels', rels),
    part('xl/workbook.xml', workbook),
    part('xl/_rels/workbook.xml.rels', workbookRels),
  ]);
}

/** The population header as a row of inline strings, for hostile files that still look like the real thing. */
export function headerRow(labels: string[]): string {
  const col = (i: number) => String.fromCharCode(65 + i);
  return `<row r="1">${labels.map((l, i) => `<c r="${col(i)}1" t="inlineStr"><is><t>${l}</t></is></c>`).join('')}</row>`;
}
