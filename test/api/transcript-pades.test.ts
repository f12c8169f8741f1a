import { TokenPair, TranscriptSummary, TranscriptVerification } from '@lp/shared';
import { readPdfCertificate, selfSignedPdfCertificate } from '@lp/server/dist/transcripts/pdf-certificate';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Http } from '../support/api';
import { dropDatabases, freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';

/**
 * A transcript PDF carries a standard PAdES signature made with the district's certificate, which
 * poppler's pdfsig (what PDF readers on Linux use) reports as valid, beside the portal's own seal;
 * a changed byte fails both.
 */
const run = promisify(execFile);
const DEMO_RESIDENT = '00000000-0000-4000-8000-000000000001'; // 王秀英, who has learning records
const dir = mkdtempSync(join(tmpdir(), 'lp-pades-'));
let server: ServerProcess;
// a Chinese district's certificate is named in Chinese (a UTF8String), which readers must still match to the signer
const SIGNER = '明湖区学分银行';

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'pades');
  server = await startServerProcess(db, { TRANSCRIPT_PDF_CERT: selfSignedPdfCertificate(SIGNER, 'pw-1'), TRANSCRIPT_PDF_CERT_PASSWORD: 'pw-1' });
}, 180_000);
// `pades_…` is not one of the `lp_…` databases the global teardown drops: it goes here, failed or not
afterAll(async () => {
  try {
    await server?.stop();
  } finally {
    await dropDatabases(process.env.E2E_ADMIN_DATABASE_URL!, 'pades');
    rmSync(dir, { recursive: true, force: true });
  }
});

async function pdfsig(bytes: Buffer, name: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  // pdfsig exits non-zero when a signature does not validate: its report is what we read
  const out = await run('pdfsig', [file]).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));
  return `${out.stdout}${out.stderr}`;
}

async function verifyPdf(bytes: Buffer): Promise<string> {
  const res = await fetch(`${server.url}/api/transcripts/verify-pdf`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(bytes) });
  return ((await res.json()) as TranscriptVerification).outcome;
}

it('pdfsig reports the PAdES signature valid, by the configured certificate; one changed byte fails pdfsig and the portal alike', async () => {
  const http = new Http(server.url);
  const token = (await http.post<TokenPair>('/api/auth/demo/login', { userId: DEMO_RESIDENT })).body.accessToken;
  const issued = await http.as(token).post<TranscriptSummary>('/api/me/transcripts', {});
  expect(issued.status).toBe(201);
  const res = await fetch(`${server.url}/api/me/transcripts/${issued.body.id}/pdf`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const pdf = Buffer.from(await res.arrayBuffer());
  // the same signer signs again (it once could not: the bundle was used up by the first PDF)
  const again = await fetch(`${server.url}/api/me/transcripts/${issued.body.id}/pdf`, { headers: { authorization: `Bearer ${token}` } });
  expect(again.status).toBe(200);

  const report = await pdfsig(pdf, 'transcript.pdf');
  expect(report).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
  expect(report).toMatch(/Signature Validation: Signature is Valid\./);
  expect(report).toMatch(/Signing Hash Algorithm: SHA-256/);
  expect(report).toContain(`Signer Certificate Common Name: ${SIGNER}`);
  // the signature comes last and covers the portal's seal too: readers see nothing changed after signing
  expect(report).toMatch(/Total document signed/);
  expect(await verifyPdf(pdf)).toBe('genuine');

  // a byte of the page content, well inside what the PAdES signature covers
  const altered = Buffer.from(pdf);
  const at = altered.indexOf('stream\n') + 200;
  altered[at] = altered[at] === 0x41 ? 0x42 : 0x41;
  const alteredReport = await pdfsig(altered, 'altered.pdf');
  process.stdout.write(
    `PAdES: ${/Signature Validation: (.*)/.exec(report)?.[1]} (${/Signer Certificate Common Name: (.*)/.exec(report)?.[1] ?? '?'}; ${/(Total document signed|Not total document signed)/.exec(report)?.[1]}); ` +
      `one byte changed: ${/Signature Validation: (.*)/.exec(alteredReport)?.[1]}, portal ${await verifyPdf(altered)}\n`,
  );
  expect(alteredReport).not.toMatch(/Signature is Valid/);
  expect(await verifyPdf(altered)).toBe('altered');

  // an update added after the signature (which could show another page) is refused, though the seal and signature still hold
  const extended = Buffer.concat([pdf, Buffer.from('\n99 0 obj\n<< /Type /Annot /Subtype /Text /Contents (ok) >>\nendobj\n%%EOF\n', 'latin1')]);
  expect(await pdfsig(extended, 'extended.pdf')).toMatch(/Not total document signed/);
  expect(await verifyPdf(extended)).toBe('altered');
}, 180_000);

it('takes a certificate named in Chinese or in ASCII, and says why it refuses a bundle its password does not open', () => {
  expect(readPdfCertificate(selfSignedPdfCertificate('明湖区学分银行'), '')).toEqual({ commonName: '明湖区学分银行', problem: null });
  expect(readPdfCertificate(selfSignedPdfCertificate('Minghu District'), '').problem).toBeNull();
  expect(readPdfCertificate(selfSignedPdfCertificate('Minghu District', 'right'), 'wrong').problem).toMatch(/password/);
});
