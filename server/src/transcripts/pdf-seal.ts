/**
 * The seal on a transcript PDF: an Ed25519 signature over every byte of the PDF as rendered,
 * appended as a PDF incremental update (a new object, its cross-reference section and a trailer
 * that points back to the original one), so every PDF reader still opens the file unchanged.
 *
 *   <the rendered PDF, ending in %%EOF\n>          ← signed, byte for byte
 *   %LPSEAL
 *   <n> 0 obj
 *   << /Type /LPSeal /Alg /Ed25519 /KeyId (<key id>) /Sig <128 hex digits> >>
 *   endobj
 *   xref … trailer << … /Prev <original xref> /LPSeal <n> 0 R >> startxref … %%EOF
 *
 * Checking a file: cut it at the last "%LPSEAL" line, rebuild the seal section from the part
 * before it and the signature found in it, demand the rebuilt section equals the file's tail
 * byte for byte, and verify the signature over the part before. A byte changed anywhere fails:
 * before the seal, the signature breaks; in the seal, the rebuilt section differs.
 */
const MARKER = '\n%LPSEAL\n';
const TRAILER = /trailer\n<<\n\/Size (\d+)\n\/Root (\d+ 0 R)\n\/Info (\d+ 0 R)\n(?:\/ID (\[<[0-9a-f]+> <[0-9a-f]+>\])\n)?>>\nstartxref\n(\d+)\n%%EOF\n$/;

export interface PdfSealParts {
  /** The bytes the signature covers: the PDF as rendered. */
  signed: Buffer;
  keyId: string;
  signature: Buffer;
}

function sealSection(signed: Buffer, keyId: string, signature: Buffer): Buffer {
  const tail = signed.subarray(Math.max(0, signed.length - 400)).toString('latin1');
  const m = TRAILER.exec(tail);
  if (!m) throw new Error('rendered PDF does not end in a classic trailer');
  const [, size, root, info, id, prevXref] = m;
  const objNo = Number(size);
  const head = `%LPSEAL\n`;
  const objOffset = signed.length + head.length;
  const obj = `${objNo} 0 obj\n<< /Type /LPSeal /Alg /Ed25519 /KeyId (${keyId}) /Sig <${signature.toString('hex')}> >>\nendobj\n`;
  const xrefOffset = objOffset + obj.length;
  const xref = `xref\n${objNo} 1\n${String(objOffset).padStart(10, '0')} 00000 n \n`;
  const trailer =
    `trailer\n<< /Size ${objNo + 1} /Root ${root} /Info ${info}${id ? ` /ID ${id}` : ''} /Prev ${prevXref} /LPSeal ${objNo} 0 R >>\n` +
    `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(head + obj + xref + trailer, 'latin1');
}

/** Appends the seal; `sign` signs the rendered bytes. */
export function sealPdf(rendered: Buffer, keyId: string, sign: (data: Buffer) => Buffer): Buffer {
  if (!/^[0-9a-f]{16}$/.test(keyId)) throw new Error('key id must be 16 hex digits');
  return Buffer.concat([rendered, sealSection(rendered, keyId, sign(rendered))]);
}

/**
 * What the tail of a file says: no seal at all, a seal that does not belong to the bytes before
 * it (broken), or the sealed part, key id and signature. The caller still verifies the signature.
 */
export type SealReading = { kind: 'none' } | { kind: 'broken' } | { kind: 'sealed'; parts: PdfSealParts };

export function openSeal(file: Buffer): SealReading {
  const at = file.lastIndexOf(MARKER, undefined, 'latin1');
  if (at < 0) return { kind: 'none' };
  const signed = file.subarray(0, at + 1);
  const section = file.subarray(at + 1);
  const m = section.length <= 1024 ? /\/KeyId \(([0-9a-f]{16})\) \/Sig <([0-9a-f]{128})>/.exec(section.toString('latin1')) : null;
  if (!m || signed.subarray(0, 5).toString('latin1') !== '%PDF-') return { kind: 'broken' };
  const parts = { signed, keyId: m[1], signature: Buffer.from(m[2], 'hex') };
  try {
    return sealSection(signed, parts.keyId, parts.signature).equals(section) ? { kind: 'sealed', parts } : { kind: 'broken' };
  } catch {
    return { kind: 'broken' };
  }
}
