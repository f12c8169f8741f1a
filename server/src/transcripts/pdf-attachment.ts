import { inflateSync } from 'node:zlib';

/** The name under which a transcript PDF carries its signed credential. */
export const CREDENTIAL_ATTACHMENT = 'transcript-credential.json';

/**
 * The credential attached to a PDF we rendered, or null. Only ever called on bytes whose seal
 * has been verified, so it reads our own renderer's layout and nothing else. Kept apart from the
 * renderer, whose PDF and font libraries load only in the threads that draw.
 */
export function attachedCredential(pdf: Buffer): unknown {
  const text = pdf.toString('latin1');
  const spec = new RegExp(`/F \\(${CREDENTIAL_ATTACHMENT.replace(/\./g, '\\.')}\\)\\n/EF <<\\n/F (\\d+) 0 R`).exec(text);
  if (!spec) return null;
  const start = text.indexOf(`\n${spec[1]} 0 obj\n<<\n/Type /EmbeddedFile\n`);
  if (start < 0) return null;
  const dictEnd = text.indexOf('>>\nstream\n', start);
  if (dictEnd < 0) return null;
  const dict = text.slice(start, dictEnd);
  const length = /\n\/Length (\d+)\n/.exec(dict);
  if (!length || !dict.includes('/Filter /FlateDecode')) return null;
  const from = dictEnd + '>>\nstream\n'.length;
  const data = pdf.subarray(from, from + Number(length[1]));
  try {
    return JSON.parse(inflateSync(data, { maxOutputLength: 16 * 1024 * 1024 }).toString('utf8'));
  } catch {
    return null;
  }
}
