import {
  Category,
  ErrorCode,
  Page,
  Role,
  TranscriptCredential,
  TranscriptError,
  TranscriptIssuer,
  TranscriptStatus,
  TranscriptSummary,
  TranscriptVerification,
  XapiStatement,
  XapiStatementResult,
} from '@lp/shared';
import { inflateSync } from 'node:zlib';
import { TranscriptNameSealing } from '@lp/server/dist/transcripts/transcript-name-sealing';
import { expectApiError, Reply, startApi, TestApi } from '../support/api';
import { giveRecords, withDefaultRules } from '../support/credit';
import { newAreaTree, newBoundResident, newStaff } from '../support/factories';

const BASE = 'https://xuexi.example.cn';

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let adminA: Awaited<ReturnType<typeof newStaff>>;
let adminB: Awaited<ReturnType<typeof newStaff>>;

beforeAll(async () => {
  api = await startApi({ PUBLIC_BASE_URL: BASE });
  tree = await newAreaTree(api);
  await withDefaultRules(api, tree.district);
  adminA = await newStaff(api, Role.Admin, { area: tree.streetA });
  adminB = await newStaff(api, Role.Admin, { area: tree.streetB });
});
afterAll(async () => {
  await api.close();
  delete process.env.PUBLIC_BASE_URL;
});

const as = (token: string) => api.http.as(token);

/** A resident of 甲一社区 with an offline check-in, an online lesson, an import, and a record voided by an admin. */
async function residentWithRecords() {
  const r = await newBoundResident(api, tree.communityA1);
  const day = (d: number) => new Date(`2025-10-${String(d).padStart(2, '0')}T09:30:00+08:00`);
  const made = await giveRecords(api, [
    { residentId: r.userId, source: 'attendance', category: Category.Health, minutes: 90, occurredAt: day(3), title: '太极拳入门' },
    { residentId: r.userId, source: 'online_lesson', category: Category.DigitalLiteracy, minutes: 45, occurredAt: day(5), title: '微课：手机视频通话' },
    { residentId: r.userId, source: 'admin_import', category: Category.Health, minutes: 120, occurredAt: day(8), title: '健康讲座（补录）' },
    { residentId: r.userId, source: 'attendance', category: Category.Health, minutes: 60, occurredAt: day(9), title: '误录的活动' },
  ]);
  // an admin voids the mistaken one: a voiding record and the reversal of its credits
  const voided = await as(adminA.tokens.accessToken).post(`/api/learning-records/${made[3].id}/void`, { reason: '重复录入' });
  expect(voided.status).toBe(200);
  const standingMilli = made.slice(0, 3).reduce((s, m) => s + m.creditedMilli, 0);
  return { ...r, token: r.tokens.accessToken, made, standingMilli };
}

async function issue(token: string): Promise<Reply<TranscriptSummary>> {
  return as(token).post<TranscriptSummary>('/api/me/transcripts');
}

async function download(token: string, path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${api.http.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

const verifyJson = (body: string) => api.http.send<TranscriptVerification>('POST', '/api/transcripts/verify', body, { 'content-type': 'application/json' });

async function verifyPdf(bytes: Buffer): Promise<{ status: number; body: TranscriptVerification }> {
  const res = await fetch(`${api.http.baseUrl}/api/transcripts/verify-pdf`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(bytes) });
  return { status: res.status, body: (await res.json()) as TranscriptVerification };
}

describe('issuing', () => {
  it('signs every standing record with its credits, leaves a voided record out, and returns the same transcript when nothing changed', async () => {
    const r = await residentWithRecords();
    const first = await issue(r.token);
    expect(first.status).toBe(201);
    expect(first.body.totals).toEqual({ recordCount: 3, minutes: 255, hours: '4.25', creditsMilli: r.standingMilli, credits: expect.any(String) });
    expect(first.body.verifyUrl).toBe(`${BASE}/verify/${first.body.id}`);
    expect(first.body.keyId).toMatch(/^[0-9a-f]{16}$/);

    const again = await issue(r.token);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const list = await as(r.token).get<Page<TranscriptSummary>>('/api/me/transcripts');
    expect(list.body.items.map((t) => t.id)).toEqual([first.body.id]);

    const credential = (await as(r.token).get<TranscriptCredential>(`/api/me/transcripts/${first.body.id}/credential`)).body;
    const t = credential.credentialSubject.transcript;
    expect(t).toMatchObject({ residentName: '测试居民', district: tree.district.name, street: '甲街道', community: '甲一社区' });
    expect(t.records.map((l) => [l.date, l.title, l.sourceLabel, l.categoryLabel, l.hours])).toEqual([
      ['2025-10-03', '太极拳入门', '线下签到', '健康养生', '1.5'],
      ['2025-10-05', '微课：手机视频通话', '线上学习', '数字素养', '0.75'],
      ['2025-10-08', '健康讲座（补录）', '管理员导入', '健康养生', '2'],
    ]);
    expect(t.records.map((l) => l.creditsMilli)).toEqual(r.made.slice(0, 3).map((m) => m.creditedMilli));
    expect(t.totals.byCategory.map((c) => [c.category, c.minutes, c.recordCount])).toEqual([
      [Category.Health, 210, 2],
      [Category.DigitalLiteracy, 45, 1],
    ]);
    // the stored document is exactly what was signed, and never holds a phone or ID number
    const [row] = (await api.db.query(`SELECT payload FROM transcript WHERE id = $1`, [first.body.id])) as { payload: string }[];
    expect(row.payload).not.toContain(r.phone);
    expect(row.payload).not.toContain(r.idNumber);
  });

  it('refuses a resident with nothing to put on a transcript, and staff', async () => {
    const r = await newBoundResident(api, tree.communityA2);
    expectApiError(await issue(r.tokens.accessToken), 400, TranscriptError.Empty);
    expectApiError(await issue(adminA.tokens.accessToken), 403);
  });
});

describe('the JSON credential', () => {
  it('is an Open Badges credential with an eddsa-rdfc-2022 proof by the published key and a status list entry', async () => {
    const r = await residentWithRecords();
    const { id } = (await issue(r.token)).body;
    const res = await download(r.token, `/api/me/transcripts/${id}/credential`);
    expect(res.headers.get('content-disposition')).toContain(`transcript-${id}.json`);
    const credential = JSON.parse(res.bytes.toString('utf8')) as TranscriptCredential;
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.id).toBe(`urn:uuid:${id}`);
    expect(credential.issuer).toMatchObject({ id: `${BASE}/api/transcripts/issuer/controller`, name: tree.district.name });
    expect(credential.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    // without 国密 a credential carries one proof, not a proof set
    if (Array.isArray(credential.proof)) throw new Error('one Ed25519 proof expected');
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });

    // the proof names a Multikey document the portal serves, holding the key the issuer lists as current
    // (test/api/transcript-vc.test.ts verifies the proof itself with the W3C Data Integrity libraries)
    const issuer = (await api.http.get<TranscriptIssuer>('/api/transcripts/issuer')).body;
    const current = issuer.keys.find((k) => k.algorithm === 'Ed25519' && k.status === 'current')!;
    const method = credential.proof.verificationMethod;
    expect(method.startsWith(`${BASE}/api/transcripts/issuer/keys/`)).toBe(true);
    const key = await api.http.get<{ publicKeyMultibase: string; controller: string }>(method.slice(BASE.length));
    expect(key.body).toMatchObject({ publicKeyMultibase: current.publicKeyMultibase, controller: credential.issuer.id });
  });

  it('verifies as genuine, and a changed byte anywhere in it does not', async () => {
    const r = await residentWithRecords();
    const { id } = (await issue(r.token)).body;
    const text = (await download(r.token, `/api/me/transcripts/${id}/credential`)).bytes.toString('utf8');

    const ok = await verifyJson(text);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ outcome: 'genuine', valid: true, message: '真实有效', checks: { signature: true, matchesIssued: true, notRevoked: true } });
    expect(ok.body.transcript).toMatchObject({ id, state: 'genuine', holderName: '测**民' });
    // the same credential with its keys in another order and other whitespace is the same credential
    expect((await verifyJson(JSON.stringify(JSON.parse(text), null, 4))).body.outcome).toBe('genuine');

    const changes: [string, string][] = [
      ['"minutes":90', '"minutes":95'],
      ['测试居民', '测试居氏'],
      ['"creditsMilli":', '"creditsMilli":1'],
      ['太极拳入门', '太极拳进阶'],
    ];
    const compact = JSON.stringify(JSON.parse(text));
    for (const [from, to] of changes) {
      expect(compact).toContain(from);
      const res = await verifyJson(compact.replace(from, to));
      expect({ change: to, outcome: res.body.outcome, valid: res.body.valid }).toEqual({ change: to, outcome: 'altered', valid: false });
    }
    // every 37th character replaced in turn: each result is either refused as not JSON or not genuine
    for (let i = 0; i < compact.length; i += 37) {
      const replacement = compact[i] === 'x' ? 'y' : 'x';
      const res = await verifyJson(compact.slice(0, i) + replacement + compact.slice(i + 1));
      const genuine = res.status === 200 && res.body.valid;
      if (genuine) throw new Error(`a change at character ${i} (${compact.slice(i - 10, i + 10)}) still verified`);
      expect([200, 400]).toContain(res.status);
    }
  });

  it('refuses what is no credential, and does not vouch for one signed by another key', async () => {
    expectApiError(await verifyJson('{}'), 400, TranscriptError.NotCredential);
    expectApiError(await verifyJson('[1,2]'), 400);
    const r = await residentWithRecords();
    const { id } = (await issue(r.token)).body;
    const credential = (await as(r.token).get<TranscriptCredential>(`/api/me/transcripts/${id}/credential`)).body;
    const foreign = { ...credential, proof: { ...credential.proof, verificationMethod: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' } };
    expect((await verifyJson(JSON.stringify(foreign))).body).toMatchObject({ outcome: 'unknown', valid: false });
  });
});

describe('the PDF', () => {
  it('is a Chinese PDF with its font embedded, the verification link and the signed credential inside', async () => {
    const r = await residentWithRecords();
    const { id } = (await issue(r.token)).body;
    const pdf = await download(r.token, `/api/me/transcripts/${id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(`transcript-${id}.pdf`);
    const text = pdf.bytes.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontFile3 \d+ 0 R/); // an embedded (subset) font, not a reference to one on the reader's machine
    expect(text).toContain('NotoSansHans');
    // the document info names the verification page (PDFKit writes the value as its own object)
    const infoRef = /\/LPVerifyUrl (\d+) 0 R/.exec(text)!;
    expect(text).toContain(`\n${infoRef[1]} 0 obj\n(${BASE}/verify/${id})\nendobj`);
    expect(pdf.bytes.length).toBeLessThan(400_000);
    // the attachment is the same signed credential as the JSON download
    const spec = /\/F \(transcript-credential\.json\)\n\/EF <<\n\/F (\d+) 0 R/.exec(text)!;
    const at = text.indexOf(`\n${spec[1]} 0 obj\n`);
    const length = Number(/\/Length (\d+)/.exec(text.slice(at, at + 400))![1]);
    const from = text.indexOf('stream\n', at) + 'stream\n'.length;
    const attached = JSON.parse(inflateSync(pdf.bytes.subarray(from, from + length)).toString('utf8')) as TranscriptCredential;
    const json = (await as(r.token).get<TranscriptCredential>(`/api/me/transcripts/${id}/credential`)).body;
    expect(attached).toEqual(json);
  });

  it('verifies as genuine, and a changed byte anywhere in the file does not', async () => {
    const r = await residentWithRecords();
    const { id } = (await issue(r.token)).body;
    const pdf = (await download(r.token, `/api/me/transcripts/${id}/pdf`)).bytes;
    const ok = await verifyPdf(pdf);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ outcome: 'genuine', valid: true, transcript: { id, state: 'genuine' } });

    const positions = [0, 9, 200, Math.floor(pdf.length / 3), Math.floor(pdf.length / 2), pdf.length - 900, pdf.length - 400, pdf.length - 200, pdf.length - 60, pdf.length - 2];
    for (let i = 0; i < pdf.length; i += Math.floor(pdf.length / 25)) positions.push(i);
    for (const i of positions) {
      const changed = Buffer.from(pdf);
      changed[i] ^= 0x01;
      const res = await verifyPdf(changed);
      if (res.status === 200 && res.body.valid) throw new Error(`a change at byte ${i} of ${pdf.length} still verified`);
      expect([200, 400]).toContain(res.status);
    }
    expect((await verifyPdf(pdf.subarray(0, pdf.length - 1))).body.valid).toBe(false);
    expect((await verifyPdf(Buffer.concat([pdf, Buffer.from('%extra\n')]))).body.valid).toBe(false);
  });

  it('refuses what is no PDF and answers unknown for a PDF the district did not seal', async () => {
    const notPdf = await fetch(`${api.http.baseUrl}/api/transcripts/verify-pdf`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: 'hello' });
    expect(notPdf.status).toBe(400);
    expect(((await notPdf.json()) as { code: string }).code).toBe(TranscriptError.NotPdf);
    expectApiError(await api.http.post('/api/transcripts/verify-pdf', { pdf: 'base64?' }), 400, TranscriptError.NotPdf);
    const plain = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    expect((await verifyPdf(plain)).body).toMatchObject({ outcome: 'unknown', valid: false });
    const tooBig = await fetch(`${api.http.baseUrl}/api/transcripts/verify-pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(6 * 1024 * 1024).fill(0x25),
    });
    expect(tooBig.status).toBe(413);
  });
});

describe('revoking', () => {
  it('a revoked transcript shows revoked on its status, its page, and when its JSON or PDF is checked', async () => {
    const r = await residentWithRecords();
    const { id } = (await issue(r.token)).body;
    const json = (await download(r.token, `/api/me/transcripts/${id}/credential`)).bytes.toString('utf8');
    const pdf = (await download(r.token, `/api/me/transcripts/${id}/pdf`)).bytes;

    const revoked = await as(r.token).post<TranscriptSummary>(`/api/transcripts/${id}/revoke`, { reason: '信息有误，重新出具' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id, revokeReason: '信息有误，重新出具', revokedAt: expect.any(String) });
    const twice = await as(r.token).post<TranscriptSummary>(`/api/transcripts/${id}/revoke`, { reason: '再撤销一次' });
    expect(twice.body.revokeReason).toBe('信息有误，重新出具');

    const status = await api.http.get<TranscriptStatus>(`/api/transcripts/${id}/status`);
    expect(status.body).toMatchObject({ state: 'revoked', stateLabel: '已撤销', revokedAt: revoked.body.revokedAt });
    expect((await verifyJson(json)).body).toMatchObject({ outcome: 'revoked', valid: false, checks: { signature: true, matchesIssued: true, notRevoked: false } });
    expect((await verifyPdf(pdf)).body).toMatchObject({ outcome: 'revoked', valid: false });
    const page = await fetch(`${api.http.baseUrl}/verify/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('已撤销');
    // the next transcript is a new one
    const next = await issue(r.token);
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(id);
    const audit = (await api.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'transcript.revoke' AND target_id = $1`, [id])) as { n: number }[];
    expect(audit[0].n).toBe(1);
  });

  it('another resident can neither read nor revoke your transcript, nor see it listed', async () => {
    const owner = await residentWithRecords();
    const other = await newBoundResident(api, tree.communityA1);
    const { id } = (await issue(owner.token)).body;
    const token = other.tokens.accessToken;
    expectApiError(await as(token).get(`/api/me/transcripts/${id}/credential`), 404, TranscriptError.NotFound);
    expect((await download(token, `/api/me/transcripts/${id}/pdf`)).status).toBe(404);
    expectApiError(await as(token).post(`/api/transcripts/${id}/revoke`, { reason: '不是我的' }), 404, TranscriptError.NotFound);
    expect((await as(token).get<Page<TranscriptSummary>>('/api/me/transcripts')).body.items).toEqual([]);
    expect((await api.http.get<TranscriptStatus>(`/api/transcripts/${id}/status`)).body.state).toBe('genuine');
  });

  it('an admin of another street may not revoke it; an admin of the resident’s street may', async () => {
    const r = await residentWithRecords();
    const { id } = (await issue(r.token)).body;
    expectApiError(await as(adminB.tokens.accessToken).post(`/api/transcripts/${id}/revoke`, { reason: '越权撤销' }), 403, ErrorCode.OutOfScope);
    expect((await api.http.get<TranscriptStatus>(`/api/transcripts/${id}/status`)).body.state).toBe('genuine');
    // admins only revoke; reading stays with the resident
    expectApiError(await as(adminA.tokens.accessToken).get(`/api/me/transcripts/${id}/credential`), 403);
    expectApiError(await as(adminA.tokens.accessToken).post(`/api/transcripts/${id}/revoke`, { reason: '' }), 400);
    const done = await as(adminA.tokens.accessToken).post<TranscriptSummary>(`/api/transcripts/${id}/revoke`, { reason: '证明材料被撤回' });
    expect(done.status).toBe(200);
    expect((await api.http.get<TranscriptStatus>(`/api/transcripts/${id}/status`)).body.state).toBe('revoked');
  });
});

describe('public verification', () => {
  it('the status masks the name and shows the totals, never the records', async () => {
    const r = await residentWithRecords();
    const { id } = (await issue(r.token)).body;
    const status = await api.http.get<TranscriptStatus>(`/api/transcripts/${id}/status`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ id, state: 'genuine', stateLabel: '真实有效', holderName: '测**民', community: '甲一社区', totals: { recordCount: 3, minutes: 255 } });
    expect(JSON.stringify(status.body)).not.toContain('测试居民');
    expect(JSON.stringify(status.body)).not.toContain('太极拳');
    expectApiError(await api.http.get(`/api/transcripts/00000000-0000-4000-8000-000000000000/status`), 404, TranscriptError.NotFound);
    expectApiError(await api.http.get(`/api/transcripts/not-a-uuid/status`), 400);
  });

  it('the page behind the QR code says 真实有效 in large Chinese text, outside /api, with a CSP of its own', async () => {
    const r = await residentWithRecords();
    const { id } = (await issue(r.token)).body;
    const page = await fetch(`${api.http.baseUrl}/verify/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('真实有效');
    expect(html).toContain('测**民');
    expect(html).not.toContain('测试居民');
    expect(html).not.toMatch(/<script|src=/);
    // the one link: to the page where the PDF itself is checked, on the same site
    expect(html.match(/href="[^"]*"/g)).toEqual(['href="/verify"']);

    const unknown = await fetch(`${api.http.baseUrl}/verify/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('无法验证');
    expect((await fetch(`${api.http.baseUrl}/verify/%3Cscript%3E`)).status).toBe(400);
    expect((await fetch(`${api.http.baseUrl}/api/verify/${id}`)).status).toBe(404);
  });
});

describe('xAPI export', () => {
  it('gives attended and completed statements with ISO 8601 durations, and voids the voided record', async () => {
    const r = await residentWithRecords();
    const statements: XapiStatement[] = [];
    let next = '/api/me/xapi/statements?limit=2';
    let pages = 0;
    while (next) {
      const res = await as(r.token).get<XapiStatementResult>(next);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
      statements.push(...res.body.statements);
      next = res.body.more;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(statements.map((s) => [s.verb.id.split('/').pop(), s.result?.duration ?? null])).toEqual([
      ['attended', 'PT1H30M'],
      ['completed', 'PT45M'],
      ['completed', 'PT2H'],
      ['attended', 'PT1H'],
      ['voided', null],
    ]);
    const [attended, , , voidedOne, voiding] = statements;
    expect(voiding.object).toEqual({ objectType: 'StatementRef', id: voidedOne.id });
    expect(attended.actor).toEqual({ objectType: 'Agent', account: { homePage: BASE, name: r.userId } });
    expect(attended.timestamp).toBe('2025-10-03T09:30:00+08:00');
    expect(attended.object).toMatchObject({ objectType: 'Activity', definition: { name: { 'zh-CN': '太极拳入门' } } });
    expect(attended.context?.extensions[`${BASE}/xapi/extensions/credits-milli`]).toBe(r.made[0].creditedMilli);
    expect(new Set(statements.map((s) => s.id)).size).toBe(statements.length);
    const everything = JSON.stringify(statements);
    expect(everything).not.toContain(r.phone);
    expect(everything).not.toContain(r.idNumber);
    expect(everything).not.toContain('测试居民');
    // the same export twice gives the same statement ids, so a store never counts a record twice
    const again = await as(r.token).get<XapiStatementResult>('/api/me/xapi/statements?limit=500');
    expect(again.body.statements.map((s) => s.id)).toEqual(statements.map((s) => s.id));
    expect(again.body.more).toBe('');
    expectApiError(await as(r.token).get('/api/me/xapi/statements?cursor=abc'), 400);
  });
});

describe('kept copies from before names were sealed', () => {
  it('the periodic job seals the holder name under their data key; the transcript verifies as before', async () => {
    const r = await residentWithRecords();
    const issued = await issue(r.token);
    const credential = (await as(r.token).get<TranscriptCredential>(`/api/me/transcripts/${issued.body.id}/credential`)).body;
    const nameIn = async () =>
      ((await api.db.query(`SELECT payload::jsonb #>> '{credentialSubject,transcript,residentName}' AS n FROM transcript WHERE id = $1`, [issued.body.id])) as { n: string }[])[0].n;
    expect(await nameIn()).toMatch(/^r[12]\./);
    // as a transcript issued before this release was kept: the name in clear, the rest unchanged
    const [{ payload }] = (await api.db.query(`SELECT payload FROM transcript WHERE id = $1`, [issued.body.id])) as { payload: string }[];
    await api.db.query(`UPDATE transcript SET payload = $2 WHERE id = $1`, [issued.body.id, payload.split(await nameIn()).join(credential.credentialSubject.transcript.residentName)]);
    expect(await nameIn()).toBe('测试居民');
    expect((await verifyJson(JSON.stringify(credential))).body.outcome).toBe('genuine');

    expect(await api.app.get(TranscriptNameSealing).run()).toBeGreaterThanOrEqual(1);
    expect(await nameIn()).toMatch(/^r[12]\./);
    expect((await api.db.query(`SELECT count(*)::int AS n FROM transcript WHERE payload LIKE '%测试居民%'`)) as { n: number }[]).toEqual([{ n: 0 }]);
    expect((await verifyJson(JSON.stringify(credential))).body.outcome).toBe('genuine');
    expect((await as(r.token).get<TranscriptCredential>(`/api/me/transcripts/${issued.body.id}/credential`)).body).toEqual(credential);
  });
});
