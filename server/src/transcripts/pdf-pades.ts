import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { readPdfCertificate } from './pdf-certificate';

/** Room for the CMS signature: an RSA-4096 certificate and its chain fit with margin. */
const SIGNATURE_BYTES = 16_384;

/**
 * The standard signature on a transcript PDF (PAdES, ETSI.CAdES.detached), which any PDF reader and
 * poppler's `pdfsig` check, made with the district's certificate (TRANSCRIPT_PDF_CERT, a PKCS#12
 * bundle, and its password). @signpdf adds the signature field and signs the whole file as it is
 * then; the portal's own seal (pdf-seal.ts) is appended after it and covers the signature too.
 * Without a certificate the PDF carries the portal's seal alone.
 */
@Injectable()
export class PdfPadesSigner {
  private readonly p12: Buffer | null;
  private readonly password: string;
  private readonly name: string;
  private readonly location: string;

  constructor(config: AppConfig) {
    const p12 = config.TRANSCRIPT_PDF_CERT;
    this.p12 = p12 ? Buffer.from(p12, 'base64') : null;
    this.password = config.TRANSCRIPT_PDF_CERT_PASSWORD;
    this.name = p12 ? readPdfCertificate(p12, config.TRANSCRIPT_PDF_CERT_PASSWORD).commonName : '';
    this.location = new URL(config.publicBaseUrl).host;
  }

  get enabled(): boolean {
    return this.p12 !== null;
  }

  async sign(pdf: Buffer): Promise<Buffer> {
    if (!this.p12) return pdf;
    const prepared = plainAddPlaceholder({
      pdfBuffer: pdf,
      reason: '区学分银行出具的学习成绩单', // shown in a reader's signature panel; @signpdf writes it as UTF-16
      contactInfo: this.location,
      name: this.name,
      location: this.location,
      signatureLength: SIGNATURE_BYTES,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    });
    // a P12Signer reads its bundle up as it signs: one per PDF (a second sign with the same one fails)
    const signed = await new SignPdf().sign(prepared, new P12Signer(Buffer.from(this.p12), { passphrase: this.password }));
    // @signpdf ends the file at %%EOF; the seal section that follows starts on a line of its own
    return Buffer.concat([signed, Buffer.from('\n', 'latin1')]);
  }
}
