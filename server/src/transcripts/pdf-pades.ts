import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { Injectable } from '@nestjs/common';
import * as asn1js from 'asn1js';
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import { AppConfig } from '../config/app-config';
import { DistrictCmsSigner } from './pdf-cms-signer';
import { pdfCertificateDer, readPdfCertificate } from './pdf-certificate';

/** Room for the CMS signature: an RSA-4096 certificate and its chain fit with margin. */
const SIGNATURE_BYTES = 16_384;

/**
 * The standard signature on a transcript PDF (PAdES, ETSI.CAdES.detached), which any PDF reader and
 * poppler's `pdfsig` check, made with the district's certificate (TRANSCRIPT_PDF_CERT, a PKCS#12
 * bundle, and its password). It comes last, after the portal's own seal (pdf-seal.ts, format 3),
 * and covers every byte of the file. Without a certificate the PDF carries the portal's seal alone.
 */
@Injectable()
export class PdfPadesSigner {
  private readonly p12: Buffer | null;
  private readonly password: string;
  private readonly name: string;
  private readonly location: string;
  /** The district's certificates whose signature may follow a seal: today's and those named retired. */
  private readonly trusted: Buffer[];

  constructor(config: AppConfig) {
    const p12 = config.TRANSCRIPT_PDF_CERT;
    this.p12 = p12 ? Buffer.from(p12, 'base64') : null;
    this.password = config.TRANSCRIPT_PDF_CERT_PASSWORD;
    this.name = p12 ? readPdfCertificate(p12, config.TRANSCRIPT_PDF_CERT_PASSWORD).commonName : '';
    this.location = new URL(config.publicBaseUrl).host;
    this.trusted = [...(p12 ? [pdfCertificateDer(Buffer.from(p12, 'base64'), this.password)] : []), ...config.transcriptPdfOldCerts().map((c) => Buffer.from(c, 'base64'))];
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
    // the signature covers the file to its last byte, %%EOF: nothing may follow it
    return new SignPdf().sign(prepared, new DistrictCmsSigner(this.p12, this.password));
  }

  /**
   * Whether the part of `file` from `from` on is the update a PAdES signature adds, and nothing
   * else: exactly one signature, whose byte range starts at 0 and ends at the file's end with only
   * its own /Contents left out, whose CMS (checked by PKI.js) holds over those bytes, made with one
   * of the district's certificates. Whatever else an update could carry (a changed page) then was
   * signed by the district.
   */
  async coversAll(file: Buffer, from: number): Promise<boolean> {
    const tail = file.subarray(from).toString('latin1');
    const ranges = [...tail.matchAll(/\/ByteRange\s*\[\s*(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s*\]/g)];
    if (ranges.length !== 1 || (tail.match(/\/ByteRange/g) ?? []).length !== 1) return false;
    const [start, contentsAt, afterContents, lastLength] = ranges[0].slice(1).map(Number);
    if (start !== 0 || contentsAt <= from || afterContents + lastLength !== file.length || afterContents <= contentsAt + 2) return false;
    const contents = file.subarray(contentsAt, afterContents).toString('latin1');
    if (!/^<[0-9a-fA-F]+>$/.test(contents)) return false;
    const signed = Buffer.concat([file.subarray(0, contentsAt), file.subarray(afterContents)]);
    try {
      const der = Buffer.from(contents.slice(1, -1), 'hex');
      const parsed = asn1js.fromBER(new Uint8Array(der).buffer);
      // the CMS, then only the placeholder's zeros: nothing else may hide in /Contents
      if (parsed.offset === -1 || der.subarray(parsed.offset).some((b) => b !== 0)) return false;
      const cms = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: parsed.result }).content });
      const result = await cms.verify({ signer: 0, data: new Uint8Array(signed).buffer, checkChain: false, extendedMode: true }, engine);
      if (!result.signatureVerified || !result.signerCertificate) return false;
      const signer = Buffer.from(result.signerCertificate.toSchema().toBER(false));
      return this.trusted.some((t) => t.equals(signer));
    } catch {
      return false; // not a CMS PKI.js can read, or one it refuses
    }
  }
}

/** PKI.js on Node's own WebCrypto. */
const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto });
