import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { AppConfig } from '../config/app-config';
import { pdfCertificateDer, selfSignedPdfCertificate } from './pdf-certificate';
import { PdfPadesSigner } from './pdf-pades';
import { openSeal, sealPdf } from './pdf-seal';

/** A one-page PDF as PDFKit writes it, sealed in the current format by a throwaway key. */
async function sealedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A5' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.text('Transcript');
  doc.end();
  await done;
  const seal = randomBytes(64);
  return sealPdf(Buffer.concat(chunks), 'a1b2c3d4e5f60718', () => seal);
}

function signerWith(cert: string, oldCerts?: string): PdfPadesSigner {
  const config = { TRANSCRIPT_PDF_CERT: cert, TRANSCRIPT_PDF_CERT_PASSWORD: '', publicBaseUrl: 'https://xuexi.example.gov.cn', transcriptPdfOldCerts: () => (oldCerts ? [oldCerts] : []) };
  return new PdfPadesSigner(config as unknown as AppConfig);
}

describe('what may follow a seal: the district PAdES update over the whole file', () => {
  const today = selfSignedPdfCertificate('明湖区学分银行');
  const stranger = selfSignedPdfCertificate('明湖区学分银行'); // the same name, another key
  const district = signerWith(today);

  async function signedBy(signer: PdfPadesSigner): Promise<{ file: Buffer; from: number }> {
    const file = await signer.sign(await sealedPdf());
    const reading = openSeal(file);
    if (reading.kind !== 'sealed') throw new Error('the seal did not survive signing');
    return { file, from: reading.parts.sealedLength };
  }

  it('holds for the district certificate, and for a retired one named in TRANSCRIPT_PDF_OLD_CERTS', async () => {
    const { file, from } = await signedBy(district);
    expect(from).toBeLessThan(file.length);
    expect(await district.coversAll(file, from)).toBe(true);
    const rotated = signerWith(stranger, pdfCertificateDer(Buffer.from(today, 'base64'), '').toString('base64'));
    expect(await rotated.coversAll(file, from)).toBe(true);
    expect(await signerWith(stranger).coversAll(file, from)).toBe(false);
  });

  it('fails for another certificate with the same name, an extra update, or a changed byte anywhere after the seal', async () => {
    const forged = await signedBy(signerWith(stranger));
    expect(await district.coversAll(forged.file, forged.from)).toBe(false);

    const { file, from } = await signedBy(district);
    const appended = Buffer.concat([file, Buffer.from('\n9 0 obj\n<< /Type /Annot >>\nendobj\n%%EOF\n', 'latin1')]);
    expect(await district.coversAll(appended, from)).toBe(false);
    for (const at of [from + 10, Math.floor((from + file.length) / 2), file.length - 3]) {
      const changed = Buffer.from(file);
      changed[at] ^= 0x01;
      expect(await district.coversAll(changed, from)).toBe(false);
    }
  });
});
