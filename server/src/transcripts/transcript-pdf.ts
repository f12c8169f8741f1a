import { TranscriptCredential } from '@lp/shared';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { create as createFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import { create as createQr } from 'qrcode';
import { shanghaiDateTime } from '../common/shanghai-time';
import { CREDENTIAL_ATTACHMENT } from './pdf-attachment';

/**
 * The transcript as an A4 PDF: Chinese text in Noto Sans (from the @embedpdf/fonts-sc package,
 * subset to the characters used, so a file stays small), a QR code that opens the verification
 * page, and the signed credential attached as `transcript-credential.json` so the file carries
 * its own proof. The caller seals the bytes (pdf-seal.ts). Only the PDF threads load this module
 * (pdf-worker.ts): its libraries cost every other process a third of a second at start.
 */
type ParsedFont = ReturnType<typeof createFont>;
let fonts: { regular: ParsedFont; bold: ParsedFont } | null = null;

/**
 * The two fonts, read and parsed once per process (~8 MB each, of which a PDF embeds only the
 * glyphs it uses): parsing them for every document would cost a second or more each time.
 */
function parsedFonts(): { regular: ParsedFont; bold: ParsedFont } {
  if (!fonts) {
    const dir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    fonts = {
      regular: createFont(readFileSync(join(dir, 'NotoSansHans-Regular.otf'))),
      bold: createFont(readFileSync(join(dir, 'NotoSansHans-Bold.otf'))),
    };
  }
  return fonts;
}

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const INK = '#1f1f1f';
const MUTED = '#666666';
const RULE = '#d0d0d0';
const SHADE = '#f3f5f7';

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right' | 'center';
}

export async function renderTranscriptPdf(credential: TranscriptCredential, verifyUrl: string, keyId: string): Promise<Buffer> {
  const t = credential.credentialSubject.transcript;
  const issuedAt = new Date(credential.validFrom);
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    compress: true,
    info: {
      Title: credential.name,
      Author: t.district,
      Subject: `${t.residentName}的终身学习成绩单`,
      Creator: '终身学习门户 · 学分银行',
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
    lang: 'zh-CN',
    displayTitle: true,
  });
  Object.assign(doc.info, { LPTranscriptId: credential.id.replace(/^urn:uuid:/, ''), LPVerifyUrl: verifyUrl, LPKeyId: keyId });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const { regular, bold } = parsedFonts();
  // PDFKit takes a parsed fontkit font as it is; its typings only know files and buffers
  doc.registerFont('zh', regular as unknown as Buffer);
  doc.registerFont('zh-bold', bold as unknown as Buffer);
  const left = PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;

  // --- heading, holder and the QR code
  const qrSize = 92;
  drawQr(doc, verifyUrl, PAGE.width - PAGE.margin - qrSize, PAGE.margin - 6, qrSize);
  doc.font('zh').fontSize(8).fillColor(MUTED).text('扫码验证真伪', PAGE.width - PAGE.margin - qrSize, PAGE.margin + qrSize - 2, { width: qrSize, align: 'center' });
  const textWidth = width - qrSize - 16;
  doc.font('zh-bold').fontSize(20).fillColor(INK).text(credential.name, left, PAGE.margin, { width: textWidth });
  doc.moveDown(0.2);
  doc.font('zh').fontSize(10).fillColor(MUTED).text('学分银行 · 数字签名成绩单', { width: textWidth });
  doc.moveDown(0.8);
  const facts: [string, string][] = [
    ['姓　　名', t.residentName],
    ['所在社区', `${t.district} ${t.street} ${t.community}`],
    ['出具时间', shanghaiDateTime(credential.validFrom)],
    ['成绩单编号', credential.id.replace(/^urn:uuid:/, '')],
  ];
  for (const [label, value] of facts) {
    doc.font('zh').fontSize(11).fillColor(MUTED).text(`${label}：`, { continued: true, width: textWidth });
    doc.fillColor(INK).text(value);
    doc.moveDown(0.15);
  }
  doc.y = Math.max(doc.y, PAGE.margin + qrSize + 14);
  doc.moveDown(0.6);
  const overall = t.totals.overall;
  doc
    .font('zh-bold')
    .fontSize(13)
    .fillColor(INK)
    .text(`合计：${overall.recordCount} 条学习记录，${overall.hours} 学时，${overall.credits} 学分`, left, doc.y, { width });
  doc.moveDown(0.6);

  // --- totals by category
  const categoryColumns: Column[] = [
    { title: '学习类别', width: width * 0.4, align: 'left' },
    { title: '记录数', width: width * 0.2, align: 'right' },
    { title: '学时', width: width * 0.2, align: 'right' },
    { title: '学分', width: width * 0.2, align: 'right' },
  ];
  drawTable(
    doc,
    categoryColumns,
    t.totals.byCategory.map((c) => [c.categoryLabel, String(c.recordCount), c.hours, c.credits]),
    ['合计', String(overall.recordCount), overall.hours, overall.credits],
  );
  doc.moveDown(1);

  // --- every record
  doc.font('zh-bold').fontSize(12).fillColor(INK).text('学习记录', left, doc.y, { width });
  doc.moveDown(0.4);
  const recordColumns: Column[] = [
    { title: '序号', width: 30, align: 'right' },
    { title: '日期', width: 66, align: 'left' },
    { title: '学习内容', width: width - 30 - 66 - 58 - 62 - 42 - 42, align: 'left' },
    { title: '来源', width: 58, align: 'left' },
    { title: '类别', width: 62, align: 'left' },
    { title: '学时', width: 42, align: 'right' },
    { title: '学分', width: 42, align: 'right' },
  ];
  if (t.records.length) {
    drawTable(
      doc,
      recordColumns,
      t.records.map((r, i) => [String(i + 1), r.date, r.title, r.sourceLabel, r.categoryLabel, r.hours, r.credits]),
      null,
    );
  } else {
    doc.font('zh').fontSize(11).fillColor(MUTED).text('暂无学习记录。', left, doc.y, { width });
  }
  doc.moveDown(1.2);
  doc
    .font('zh')
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      `说明：学时按实际学习分钟数折算（60分钟为1学时）；学分为学分银行按当时有效的转换规则记入的学分。` +
        `本成绩单由${t.district}以数字签名（Ed25519，密钥编号 ${keyId}）出具，文件内附签名凭证（${CREDENTIAL_ATTACHMENT}）。` +
        `任何改动都会使验证失败。验证地址：${verifyUrl}`,
      left,
      doc.y,
      { width },
    );

  // --- footer on every page
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the margin must not open a new page
    doc
      .font('zh')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${credential.name} · 编号 ${credential.id.replace(/^urn:uuid:/, '')} · 第 ${i + 1} / ${range.count} 页`, left, PAGE.height - 32, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }

  doc.file(Buffer.from(JSON.stringify(credential, null, 2), 'utf8'), {
    name: CREDENTIAL_ATTACHMENT,
    type: 'application/json',
    description: '数字签名的成绩单凭证（Open Badges 3.0）',
    creationDate: issuedAt,
    modifiedDate: issuedAt,
  });
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}

/** A table that breaks across pages and repeats its header; cells wrap. */
function drawTable(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][], footer: string[] | null): void {
  const left = PAGE.margin;
  const width = columns.reduce((s, c) => s + c.width, 0);
  const pad = 4;
  const fontSize = 9.5;
  const bottomLimit = PAGE.height - PAGE.margin - 24;

  const rowHeight = (cells: string[], font: string): number => {
    doc.font(font).fontSize(fontSize);
    return Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: columns[i].width - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, fill: string | null, color: string, h = rowHeight(cells, font)): void => {
    const y = doc.y;
    if (fill) doc.rect(left, y, width, h).fill(fill);
    let x = left;
    doc.font(font).fontSize(fontSize).fillColor(color);
    cells.forEach((text, i) => {
      doc.text(text, x + pad, y + pad, { width: columns[i].width - 2 * pad, align: columns[i].align });
      x += columns[i].width;
    });
    doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.x = left;
    doc.y = y + h;
  };
  const header = columns.map((c) => c.title);
  const drawHeader = () => drawRow(header, 'zh-bold', SHADE, INK);

  if (doc.y + rowHeight(header, 'zh-bold') * 2 > bottomLimit) doc.addPage();
  drawHeader();
  rows.forEach((cells) => {
    const h = rowHeight(cells, 'zh');
    if (doc.y + h > bottomLimit) {
      doc.addPage();
      drawHeader();
    }
    drawRow(cells, 'zh', null, INK, h);
  });
  if (footer) {
    if (doc.y + rowHeight(footer, 'zh-bold') > bottomLimit) doc.addPage();
    drawRow(footer, 'zh-bold', SHADE, INK);
  }
}

/** The QR code as vector squares: sharp at any zoom and in print. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = createQr(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < n; row++) {
    let run = -1;
    for (let col = 0; col <= n; col++) {
      const dark = col < n && qr.modules.get(row, col);
      if (dark && run < 0) run = col;
      if (!dark && run >= 0) {
        doc.rect(x + (quiet + run) * cell, y + (quiet + row) * cell, (col - run) * cell, cell);
        run = -1;
      }
    }
  }
  doc.fill('#000000');
}
