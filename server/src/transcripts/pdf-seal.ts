/**
 * The seal on a transcript PDF: an Ed25519 signature over the PDF as rendered, appended as a PDF
 * incremental update (a new object, its cross-reference section and a trailer that points back to
 * the original one), so every PDF reader still opens the file unchanged.
 *
 *   <the rendered PDF, ending in %%EOF\n>          ← covered by the signature, byte for byte
 *   %LPSEAL 2                                       ← the format of the seal (format 1: "%LPSEAL")
 *   <n> 0 obj
 *   << /Type /LPSeal /V 2 /Alg /Ed25519 /KeyId (<key id>) /Sig <128 hex digits> >>
 *   endobj
 *   xref … trailer << … /Prev <original xref> /LPSeal <n> 0 R >> startxref … %%EOF
 *
 * The formats, each kept for as long as PDFs sealed in it may be shown to us (a fixture of each is
 * in test/fixtures/transcripts):
 *   1  (until December 2026) marker line "%LPSEAL", no /V; signs the rendered bytes alone.
 *   2  marker line "%LPSEAL 2", /V 2; signs "LPSEAL 2\n<key id>\n" followed by the rendered bytes,
 *      so the signature can only ever stand for a seal of this format by this key. The PAdES
 *      signature (pdf-pades.ts) comes before the seal, so readers say "not total document signed".
 *   3  marker line "%LPSEAL 3", /V 3; signs as format 2 does. The seal comes first and the PAdES
 *      signature's update after it, covering the whole file, seal included: readers find the whole
 *      document signed. The seal then ends at its own %%EOF; what follows may only be that update,
 *      which the caller checks (PdfPadesSigner.coversAll: one signature, over every byte, by one of
 *      the district's certificates).
 *
 * Checking a file: find the last marker line, read the format from it, rebuild that format's seal
 * section from the part before it and the signature found in it, demand the rebuilt section equals
 * the file's bytes byte for byte (to the end, or for format 3 to the seal's %%EOF), and (the
 * caller) verify the signature over that format's signed data. A byte changed anywhere fails:
 * before the seal, the signature breaks; in the seal, the rebuilt section differs; after it, the
 * PAdES check.
 */
// pdfkit's trailer, or the one @signpdf writes after adding the PAdES signature (with /Prev, without /ID)
const TRAILER = /trailer\n<<\n\/Size (\d+)\n\/Root (\d+ 0 R)\n\/Info (\d+ 0 R)\n(?:\/ID (\[<[0-9a-f]+> <[0-9a-f]+>\])\n)?(?:\/Prev \d+\n)?>>\nstartxref\n(\d+)\n%%EOF\n$/;
const MARKER = '\n%LPSEAL';

export type SealVersion = 1 | 2 | 3;

/** The format new PDFs are sealed in. */
export const CURRENT_SEAL_VERSION: SealVersion = 3;

/** The most a format 3 seal may be followed by: the PAdES signature's update (its CMS takes 32 KB of hex). */
const MAX_AFTER_SEAL = 64 * 1024;

interface SealFormat {
  /** The line that opens the seal section. */
  marker: string;
  /** The seal object's dictionary entries before /Alg. */
  dictHead: string;
  /** What the signature covers. */
  signedData(rendered: Buffer, keyId: string): Buffer;
}

const FORMATS: Record<SealVersion, SealFormat> = {
  1: { marker: '%LPSEAL', dictHead: '/Type /LPSeal', signedData: (rendered) => rendered },
  2: {
    marker: '%LPSEAL 2',
    dictHead: '/Type /LPSeal /V 2',
    signedData: (rendered, keyId) => Buffer.concat([Buffer.from(`LPSEAL 2\n${keyId}\n`, 'latin1'), rendered]),
  },
  3: {
    marker: '%LPSEAL 3',
    dictHead: '/Type /LPSeal /V 3',
    signedData: (rendered, keyId) => Buffer.concat([Buffer.from(`LPSEAL 3\n${keyId}\n`, 'latin1'), rendered]),
  },
};

export interface PdfSealParts {
  version: SealVersion;
  /** The PDF as rendered: everything before the seal section. */
  rendered: Buffer;
  /** The bytes the signature covers, as this seal's format defines them. */
  signedData: Buffer;
  keyId: string;
  signature: Buffer;
  /** Format 3: the file up to the end of the seal, and what follows it (the PAdES update; empty without one). */
  sealedLength: number;
  after: Buffer;
}

function sealSection(format: SealFormat, rendered: Buffer, keyId: string, signature: Buffer): Buffer {
  const tail = rendered.subarray(Math.max(0, rendered.length - 400)).toString('latin1');
  const m = TRAILER.exec(tail);
  if (!m) throw new Error('rendered PDF does not end in a classic trailer');
  const [, size, root, info, id, prevXref] = m;
  const objNo = Number(size);
  const head = `${format.marker}\n`;
  const objOffset = rendered.length + head.length;
  const obj = `${objNo} 0 obj\n<< ${format.dictHead} /Alg /Ed25519 /KeyId (${keyId}) /Sig <${signature.toString('hex')}> >>\nendobj\n`;
  const xrefOffset = objOffset + obj.length;
  const xref = `xref\n${objNo} 1\n${String(objOffset).padStart(10, '0')} 00000 n \n`;
  const trailer =
    `trailer\n<< /Size ${objNo + 1} /Root ${root} /Info ${info}${id ? ` /ID ${id}` : ''} /Prev ${prevXref} /LPSeal ${objNo} 0 R >>\n` +
    `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(head + obj + xref + trailer, 'latin1');
}

/** Appends the seal in `version`'s format (new PDFs: the current one); `sign` signs what that format covers. */
export function sealPdf(rendered: Buffer, keyId: string, sign: (data: Buffer) => Buffer, version: SealVersion = CURRENT_SEAL_VERSION): Buffer {
  if (!/^[0-9a-f]{16}$/.test(keyId)) throw new Error('key id must be 16 hex digits');
  const format = FORMATS[version];
  return Buffer.concat([rendered, sealSection(format, rendered, keyId, sign(format.signedData(rendered, keyId)))]);
}

/**
 * What the tail of a file says: no seal at all, a seal that does not belong to the bytes before
 * it or names no format we ever wrote (broken), or the sealed parts. The caller still verifies the
 * signature over `signedData`.
 */
export type SealReading = { kind: 'none' } | { kind: 'broken' } | { kind: 'sealed'; parts: PdfSealParts };

export function openSeal(file: Buffer): SealReading {
  const at = file.lastIndexOf(MARKER, undefined, 'latin1');
  if (at < 0) return { kind: 'none' };
  const rendered = file.subarray(0, at + 1);
  const line = /^%LPSEAL(?: (\d{1,3}))?\n/.exec(file.subarray(at + 1, at + 16).toString('latin1'));
  const version = line ? Number(line[1] ?? 1) : 0;
  if (version !== 1 && version !== 2 && version !== 3) return { kind: 'broken' };
  // formats 1 and 2 end the file; format 3 ends at its own %%EOF and the PAdES update may follow
  const eof = version === 3 ? file.indexOf('%%EOF\n', at, 'latin1') : -1;
  const sealedLength = version === 3 ? (eof < 0 ? -1 : eof + 6) : file.length;
  if (sealedLength < 0 || file.length - sealedLength > MAX_AFTER_SEAL) return { kind: 'broken' };
  const section = file.subarray(at + 1, sealedLength);
  if (section.length > 1024 || rendered.subarray(0, 5).toString('latin1') !== '%PDF-') return { kind: 'broken' };
  const format = FORMATS[version];
  const m = /\/KeyId \(([0-9a-f]{16})\) \/Sig <([0-9a-f]{128})>/.exec(section.toString('latin1'));
  if (!m) return { kind: 'broken' };
  const [, keyId, hex] = m;
  const signature = Buffer.from(hex, 'hex');
  try {
    if (!sealSection(format, rendered, keyId, signature).equals(section)) return { kind: 'broken' };
  } catch {
    return { kind: 'broken' };
  }
  const parts: PdfSealParts = { version, rendered, signedData: format.signedData(rendered, keyId), keyId, signature, sealedLength, after: file.subarray(sealedLength) };
  return { kind: 'sealed', parts };
}
