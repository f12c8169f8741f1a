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
  private readonly signer: P12Signer | null;
  private readonly name: string;
  private readonly location: string;

  constructor(config: AppConfig) {
    const p12 = config.TRANSCRIPT_PDF_CERT;
    this.signer = p12 ? new P12Signer(Buffer.from(p12, 'base64'), { passphrase: config.TRANSCRIPT_PDF_CERT_PASSWORD }) : null;
    this.name = p12 ? readPdfCertificate(p12, config.TRANSCRIPT_PDF_CERT_PASSWORD).commonName : '';
    this.location = new URL(config.publicBaseUrl).host;
  }

  get enabled(): boolean {
    return this.signer !== null;
  }

  async sign(pdf: Buffer): Promise<Buffer> {
    if (!this.signer) return pdf;
    const prepared = plainAddPlaceholder({
      pdfBuffer: pdf,
      reason: 'Learning transcript issued by the district credit bank',
      contactInfo: this.location,
      name: this.name,
      location: this.location,
      signatureLength: SIGNATURE_BYTES,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    });
    const signed = await new SignPdf().sign(prepared, this.signer);
    // @signpdf ends the file at %%EOF; the seal section that follows starts on a line of its own
    return Buffer.concat([signed, Buffer.from('\n', 'latin1')]);
  }
}
