import { Category, TranscriptCredential, TranscriptSummary } from '@lp/shared';
import { canonicalJson } from '@lp/server/dist/transcripts/canonical-json';
import { attachedCredential } from '@lp/server/dist/transcripts/pdf-attachment';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApi, TestApi } from '../support/api';
import { giveRecords, withDefaultRules } from '../support/credit';
import { newAreaTree, newBoundResident } from '../support/factories';

/**
 * The page where an HR clerk uploads a transcript PDF (/verify): a plain Chinese form posting the
 * file to itself, the verdict in large type, every refusal a Chinese page with a 4xx, never a 500.
 */
const BASE = 'https://xuexi.example.cn';
const FILE_CHECK_LIMIT = 40;
const FIXTURES = join(__dirname, '..', 'fixtures', 'transcripts');

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;

beforeAll(async () => {
  // the file-check limit counts per address: each upload below speaks from an address of its own
  api = await startApi({ PUBLIC_BASE_URL: BASE, FILE_CHECK_THROTTLE_LIMIT: String(FILE_CHECK_LIMIT), TRUST_PROXY: 'true' });
  tree = await newAreaTree(api);
  await withDefaultRules(api, tree.district);
});
afterAll(async () => {
  await api.close();
  delete process.env.PUBLIC_BASE_URL;
});

const someAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

interface Answer {
  status: number;
  html: string;
  headers: Headers;
}

/** What a browser's form submission asks for. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Posts the form as a browser does: multipart/form-data, the file in field `pdf`. */
async function upload(bytes: Buffer, name = 'transcript.pdf', type = 'application/pdf', address = someAddress()): Promise<Answer> {
  const form = new FormData();
  form.append('pdf', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${api.http.baseUrl}/verify`, { method: 'POST', body: form, headers: { 'x-forwarded-for': address, accept: BROWSER_ACCEPT } });
  const html = await res.text();
  console.log(`upload of ${name} (${bytes.length} bytes, ${type}) → ${res.status} ${/<strong>([^<]*)<\/strong>/.exec(html)?.[1] ?? '(no verdict)'}`);
  return { status: res.status, html, headers: res.headers };
}

const verdictOf = (html: string) => /<section class="verdict \w+" id="verdict"><strong>([^<]*)<\/strong>/.exec(html)?.[1];

/** Each refusal is the same form page, in HTML, under the page's own CSP. */
function expectRefusalPage(answer: Answer, status: number, says: RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(answer.headers.get('content-security-policy')).toContain("form-action 'self'");
  expect(verdictOf(answer.html)).toBe('没有核验');
  expect(answer.html).toMatch(says);
  expect(answer.html).toContain('<form method="post" action="/verify" enctype="multipart/form-data">');
}

async function residentWithTranscript() {
  const r = await newBoundResident(api, tree.communityA1);
  const token = r.tokens.accessToken;
  await giveRecords(api, [
    { residentId: r.userId, source: 'attendance', category: Category.Health, minutes: 90, occurredAt: new Date('2025-10-03T09:30:00+08:00'), title: '太极拳入门' },
  ]);
  const issued = await api.http.as(token).post<TranscriptSummary>('/api/me/transcripts');
  expect(issued.status).toBe(201);
  const res = await fetch(`${api.http.baseUrl}/api/me/transcripts/${issued.body.id}/pdf`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return { resident: r, token, transcript: issued.body, pdf: Buffer.from(await res.arrayBuffer()) };
}

describe('the upload page at /verify', () => {
  it('is a plain Chinese form with no script, posting to itself, under a CSP that allows only that', async () => {
    const res = await fetch(`${api.http.baseUrl}/verify`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    console.log(`GET /verify CSP: ${csp}`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('script-src');
    const html = await res.text();
    expect(html).toContain('核验成绩单 PDF');
    expect(html).toContain('<form method="post" action="/verify" enctype="multipart/form-data">');
    expect(html).toMatch(/<input id="verify-file" name="pdf" type="file"/);
    expect(html).not.toMatch(/<script|\ssrc=|\son\w+=/i);
    expect(verdictOf(html)).toBeUndefined();
  });

  it('is linked from the page behind the QR code', async () => {
    const { transcript } = await residentWithTranscript();
    const html = await (await fetch(`${api.http.baseUrl}/verify/${transcript.id}`)).text();
    const link = /<a id="verify-upload-link" href="([^"]*)">([^<]*)<\/a>/.exec(html);
    console.log(`link on /verify/${transcript.id}: ${link?.[0]}`);
    expect(link?.[1]).toBe('/verify');
    expect(link?.[2]).toContain('上传 PDF');
  });

  it('a genuine PDF → 真实有效 with what it states, the name masked; one changed byte → 已被改动', async () => {
    const { transcript, pdf } = await residentWithTranscript();
    const ok = await upload(pdf);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(verdictOf(ok.html)).toBe('真实有效');
    expect(ok.html).toContain('测**民');
    expect(ok.html).not.toContain('测试居民');
    expect(ok.html).toContain(`<th>累计学分</th><td>${transcript.totals.credits} 学分</td>`);
    expect(ok.html).toMatch(/<th>出具时间<\/th><td>\d{4}年\d{1,2}月\d{1,2}日/);
    expect(ok.html).toContain(transcript.id);

    // a byte in the middle of the content, one in the seal's signature, one in the embedded credential
    const credentialAt = pdf.indexOf('/Type /EmbeddedFile');
    for (const at of [Math.floor(pdf.length / 2), pdf.length - 300, credentialAt + 40]) {
      const changed = Buffer.from(pdf);
      changed[at] ^= 0x01;
      const res = await upload(changed, `changed-at-${at}.pdf`);
      expect(res.status).toBe(200);
      expect(verdictOf(res.html)).toBe('已被改动');
      expect(res.html).not.toContain('测**民');
    }
  });

  it('a revoked transcript’s PDF → 已撤销 with the date it was revoked', async () => {
    const { token, transcript, pdf } = await residentWithTranscript();
    const revoked = await api.http.as(token).post<TranscriptSummary>(`/api/transcripts/${transcript.id}/revoke`, { reason: '重新出具' });
    expect(revoked.status).toBe(200);
    const res = await upload(pdf);
    expect(res.status).toBe(200);
    expect(verdictOf(res.html)).toBe('已撤销');
    expect(res.html).toMatch(/<th>撤销时间<\/th><td>\d{4}年/);
  });

  it('a PDF the district did not seal → 无法识别; a text file, an empty form, an oversized file → a Chinese 4xx page', async () => {
    const plain = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const random = await upload(plain, 'someone-else.pdf');
    expect(random.status).toBe(200);
    expect(verdictOf(random.html)).toBe('无法识别');

    expectRefusalPage(await upload(Buffer.from('这不是成绩单\n'), 'notes.txt', 'text/plain'), 400, /不是 PDF/);
    expectRefusalPage(await upload(Buffer.alloc(0), '', 'application/octet-stream'), 400, /请先选择成绩单 PDF 文件/);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(6 * 1024 * 1024, 0x20)]);
    expectRefusalPage(await upload(big, 'huge.pdf'), 413, /文件太大了/);
    // a form without the file, and a body that is no form at all
    const noFile = await fetch(`${api.http.baseUrl}/verify`, { method: 'POST', body: new URLSearchParams({ pdf: 'x' }), headers: { accept: BROWSER_ACCEPT } });
    expectRefusalPage({ status: noFile.status, html: await noFile.text(), headers: noFile.headers }, 400, /请先选择/);
    // a program posting the file without asking for a page gets the usual { code, message }
    const byProgram = await fetch(`${api.http.baseUrl}/verify`, { method: 'POST', body: new URLSearchParams({ pdf: 'x' }) });
    expect(byProgram.status).toBe(400);
    expect(byProgram.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await byProgram.json()).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it('hostile PDFs get a verdict or a Chinese 4xx, never a 500', async () => {
    const { pdf } = await residentWithTranscript();
    const at = pdf.lastIndexOf('\n%LPSEAL');
    const rendered = pdf.subarray(0, at + 1);
    const hostile: [string, Buffer][] = [
      ['a seal of a format never written', Buffer.concat([rendered, Buffer.from(pdf.subarray(at + 1).toString('latin1').replace(/^%LPSEAL \d+/, '%LPSEAL 9'), 'latin1')])],
      ['an update appended after the seal', Buffer.concat([pdf, Buffer.from('1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n', 'latin1')])],
      ['a signature of no one after the seal', Buffer.concat([pdf, Buffer.from('/ByteRange [0 1 2 3] /Contents <3082>\n%%EOF\n', 'latin1')])],
      ['a seal with nothing after it', Buffer.concat([rendered, Buffer.from('%LPSEAL 2\n')])],
      ['a seal section of 100 KB', Buffer.concat([rendered, Buffer.from('%LPSEAL\n'), Buffer.alloc(100_000, 0x41)])],
      ['only a header and a seal line', Buffer.from('%PDF-\n%LPSEAL\n/KeyId (0000000000000000) /Sig <' + '0'.repeat(128) + '>\n')],
      ['the seal cut from its PDF', pdf.subarray(at + 1)],
      ['NUL bytes named .pdf', Buffer.alloc(4096)],
    ];
    for (const [what, bytes] of hostile) {
      const res = await upload(bytes, `${what}.pdf`);
      console.log(`  ${what}: ${res.status} ${verdictOf(res.html)}`);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      if (res.status === 200) expect(['已被改动', '无法识别']).toContain(verdictOf(res.html));
      else expect(verdictOf(res.html)).toBe('没有核验');
    }
  });

  it('PDFs sealed in each format ever used still verify (the kept fixtures)', async () => {
    const holder = await newBoundResident(api, tree.communityA1);
    for (const [name, marker] of [
      ['seal-v1.pdf', '\n%LPSEAL\n'],
      ['seal-v2.pdf', '\n%LPSEAL 2\n'],
    ] as const) {
      const pdf = readFileSync(join(FIXTURES, name));
      expect(pdf.lastIndexOf(marker)).toBeGreaterThan(0);
      // the transcript the fixture was issued as, kept as the district keeps every transcript it issues
      const { proof, ...document } = attachedCredential(pdf) as TranscriptCredential;
      const id = document.id.replace('urn:uuid:', '');
      await api.db.query(`DELETE FROM transcript WHERE id = $1`, [id]);
      await api.db.query(`INSERT INTO transcript (id, resident_id, issued_at, payload, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        holder.userId,
        document.validFrom,
        canonicalJson(document),
        (Array.isArray(proof) ? proof[0] : proof).proofValue,
        /\/KeyId \(([0-9a-f]{16})\)/.exec(pdf.subarray(pdf.lastIndexOf('\n%LPSEAL')).toString('latin1'))![1],
      ]);
      const res = await upload(pdf, name);
      expect(verdictOf(res.html)).toBe('真实有效');
      const changed = Buffer.from(pdf);
      changed[Math.floor(pdf.length / 3)] ^= 0x01;
      expect(verdictOf((await upload(changed, `changed-${name}`)).html)).toBe('已被改动');
    }
  });

  it(`more than ${FILE_CHECK_LIMIT} files a minute from one address → a Chinese 429 page`, async () => {
    const address = someAddress();
    const text = Buffer.from('not a pdf');
    const statuses: number[] = [];
    for (let i = 0; i < FILE_CHECK_LIMIT; i++) statuses.push((await upload(text, 'x.txt', 'text/plain', address)).status);
    expect(new Set(statuses)).toEqual(new Set([400]));
    const over = await upload(text, 'x.txt', 'text/plain', address);
    expectRefusalPage(over, 429, /太频繁/);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // another address is not held back
    expect((await upload(text, 'x.txt', 'text/plain')).status).toBe(400);
  });
});
