import {
  BitstringStatusListCredential,
  BitstringStatusListEntry,
  Category,
  TranscriptControllerDocument,
  TranscriptCredential,
  TranscriptIssuer,
  TranscriptSummary,
  TranscriptVerification,
} from '@lp/shared';
import { canonicalJson } from '@lp/server/dist/transcripts/canonical-json';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startApi, TestApi } from '../support/api';
import { giveRecords, withDefaultRules } from '../support/credit';
import { newAreaTree, newBoundResident } from '../support/factories';

const BASE = 'https://xuexi.example.cn';

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;

beforeAll(async () => {
  api = await startApi({ PUBLIC_BASE_URL: BASE });
  tree = await newAreaTree(api);
  await withDefaultRules(api, tree.district);
});
afterAll(async () => {
  await api.close();
  delete process.env.PUBLIC_BASE_URL;
});

interface Independent {
  verified: boolean;
  /** The Bitstring Status List's bit for the credential, or null when the status was not checked. */
  revoked: boolean | null;
  error: string | null;
  fetched: string[];
}

/** Verifies with Digital Bazaar's libraries in a process of their own (test/support/vc-verifier.mjs). */
function verifyIndependently(credential: unknown): Promise<Independent> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(__dirname, '..', 'support', 'vc-verifier.mjs')], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Independent);
    });
    child.stdin!.end(JSON.stringify({ credential, publicBase: BASE, serverBase: api.http.baseUrl }));
  });
}

async function residentWithTranscript(): Promise<{ token: string; userId: string; id: string; credential: TranscriptCredential }> {
  const r = await newBoundResident(api, tree.communityA1);
  await giveRecords(api, [
    { residentId: r.userId, source: 'attendance', category: Category.Health, minutes: 90, occurredAt: new Date('2025-10-03T09:30:00+08:00'), title: '太极拳入门' },
    { residentId: r.userId, source: 'online_lesson', category: Category.DigitalLiteracy, minutes: 45, occurredAt: new Date('2025-10-05T09:30:00+08:00'), title: '微课：手机视频通话' },
  ]);
  const token = r.tokens.accessToken;
  const issued = await api.http.as(token).post<TranscriptSummary>('/api/me/transcripts');
  expect(issued.status).toBe(201);
  const credential = (await api.http.as(token).get<TranscriptCredential>(`/api/me/transcripts/${issued.body.id}/credential`)).body;
  return { token, userId: r.userId, id: issued.body.id, credential };
}

const verifyOurs = (credential: unknown) => api.http.post<TranscriptVerification>('/api/transcripts/verify', credential);

describe('a transcript credential checked by an independent verifier', () => {
  it('verifies with the Data Integrity libraries, reads as revoked from the status list once revoked, while another stays good', async () => {
    const a = await residentWithTranscript();
    const b = await residentWithTranscript();
    const proof = a.credential.proof;
    expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    expect(a.credential.issuer.id).toBe(`${BASE}/api/transcripts/issuer/controller`);
    const status = a.credential.credentialStatus as BitstringStatusListEntry;
    expect(status).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: `${BASE}/api/transcripts/status-lists/1` });

    const first = await verifyIndependently(a.credential);
    expect(first).toMatchObject({ verified: true, revoked: false, error: null });
    // the key and the list were read from the portal itself, as a stranger would
    expect(first.fetched).toEqual(expect.arrayContaining([`${BASE}/api/transcripts/issuer/controller`, status.statusListCredential]));
    expect((await verifyOurs(a.credential)).body.outcome).toBe('genuine');

    const revoked = await api.http.as(a.token).post(`/api/transcripts/${a.id}/revoke`, { reason: '信息有误，已重新出具' });
    expect(revoked.status).toBe(200);
    const after = await verifyIndependently(a.credential);
    expect(after.revoked).toBe(true);
    expect((await verifyOurs(a.credential)).body.outcome).toBe('revoked');
    // the other transcript, in the same list, is untouched
    expect(await verifyIndependently(b.credential)).toMatchObject({ verified: true, revoked: false });
  });

  it('fails for a one-character change in credentialSubject, in a number or in the name', async () => {
    const a = await residentWithTranscript();
    const changed = JSON.parse(JSON.stringify(a.credential).replace('"minutes":90', '"minutes":91')) as TranscriptCredential;
    expect(changed.credentialSubject.transcript.records[0].minutes).toBe(91);
    const result = await verifyIndependently(changed);
    expect(result.verified).toBe(false);
    expect((await verifyOurs(changed)).body).toMatchObject({ outcome: 'altered', valid: false });

    const renamed = structuredClone(a.credential);
    renamed.credentialSubject.transcript.residentName = `${renamed.credentialSubject.transcript.residentName.slice(0, -1)}甲`;
    expect((await verifyIndependently(renamed)).verified).toBe(false);
  });
});

describe('what the portal serves for verifiers', () => {
  it('serves the controller document and each key publicly, and the status list as a signed 131,072-entry GZIP bitstring', async () => {
    const a = await residentWithTranscript();
    const controller = await api.http.get<TranscriptControllerDocument>('/api/transcripts/issuer/controller');
    expect(controller.status).toBe(200);
    const issuer = (await api.http.get<TranscriptIssuer>('/api/transcripts/issuer')).body;
    const current = issuer.keys.find((k) => k.algorithm === 'Ed25519' && k.status === 'current')!;
    expect(controller.body.assertionMethod.map((k) => k.publicKeyMultibase)).toContain(current.publicKeyMultibase);
    const proof = a.credential.proof as { verificationMethod: string };
    const key = await api.http.get(proof.verificationMethod.replace(BASE, ''));
    expect(key.body).toMatchObject({ type: 'Multikey', id: proof.verificationMethod, controller: controller.body.id, publicKeyMultibase: current.publicKeyMultibase });
    expect((await api.http.get('/api/transcripts/issuer/keys/z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK')).status).toBe(404);

    const res = await fetch(`${api.http.baseUrl}/api/transcripts/status-lists/1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    const etag = res.headers.get('etag')!;
    const list = (await res.json()) as BitstringStatusListCredential;
    // a cache asking again with its copy's tag hears that nothing changed
    const unchanged = await fetch(`${api.http.baseUrl}/api/transcripts/status-lists/1`, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect((await unchanged.arrayBuffer()).byteLength).toBe(0);
    expect(list).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: controller.body.id, proof: { cryptosuite: 'eddsa-rdfc-2022' } });
    expect(list.credentialSubject.encodedList.startsWith('u')).toBe(true);
    const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
    expect(bits.length * 8).toBe(131_072);
    // the bit of a standing transcript is 0; after its revocation (by the DB flag) the next read has it at 1
    const index = Number((a.credential.credentialStatus as BitstringStatusListEntry).statusListIndex);
    const bitOf = (b: Buffer) => (b[index >> 3] >> (7 - (index & 7))) & 1;
    expect(bitOf(bits)).toBe(0);
    await api.http.as(a.token).post(`/api/transcripts/${a.id}/revoke`, { reason: '不再需要这份成绩单' });
    const revalidated = await fetch(`${api.http.baseUrl}/api/transcripts/status-lists/1`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers.get('etag')).not.toBe(etag);
    const again = (await revalidated.json()) as BitstringStatusListCredential;
    expect(bitOf(gunzipSync(Buffer.from(again.credentialSubject.encodedList.slice(1), 'base64url')))).toBe(1);
    expect((await api.http.get('/api/transcripts/status-lists/999')).status).toBe(404);
  });

  it('gives every transcript its own status entry, also when many are issued at once', async () => {
    const many = await Promise.all(Array.from({ length: 6 }, () => residentWithTranscript()));
    const entries = many.map((t) => (t.credential.credentialStatus as BitstringStatusListEntry).statusListIndex);
    expect(new Set(entries).size).toBe(6);
    // the database refuses a second transcript at an entry already taken
    const [row] = (await api.db.query(`SELECT status_list, status_list_index FROM transcript WHERE id = $1`, [many[0].id])) as { status_list: number; status_list_index: number }[];
    await expect(
      api.db.query(`UPDATE transcript SET status_list = $1, status_list_index = $2 WHERE id = $3`, [row.status_list, row.status_list_index, many[1].id]),
    ).rejects.toThrow(/transcript_status_entry_key/);
  });
});

describe('credentials issued before the Data Integrity libraries (format 1)', () => {
  it('still verify through /api/transcripts/verify, and still read as revoked once revoked', async () => {
    // made by the server as it was (eddsa-jcs-2022, did:key issuer) with the tests' transcript key: see the fixture's proof
    const credential = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'transcripts', 'credential-v1.json'), 'utf8')) as TranscriptCredential;
    expect(credential.proof).toMatchObject({ cryptosuite: 'eddsa-jcs-2022' });
    const { proof, ...document } = credential;
    const r = await newBoundResident(api, tree.communityA1);
    const issuer = (await api.http.get<TranscriptIssuer>('/api/transcripts/issuer')).body;
    const keyId = issuer.keys.find((k) => k.algorithm === 'Ed25519' && k.status === 'current')!.keyId;
    const id = credential.id.replace('urn:uuid:', '');
    // the row as that server stored it: no format-2 columns set
    await api.db.query(`INSERT INTO transcript (id, resident_id, issued_at, payload, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6)`, [
      id,
      r.userId,
      credential.validFrom,
      canonicalJson(document),
      (proof as { proofValue: string }).proofValue,
      keyId,
    ]);
    expect((await verifyOurs(credential)).body).toMatchObject({ outcome: 'genuine', valid: true, checks: { signature: true, matchesIssued: true } });
    const changed = JSON.parse(JSON.stringify(credential).replace('"minutes":90', '"minutes":91')) as unknown;
    expect((await verifyOurs(changed)).body.outcome).toBe('altered');
    // the resident downloads it again exactly as it was issued
    const again = await api.http.as(r.tokens.accessToken).get<TranscriptCredential>(`/api/me/transcripts/${id}/credential`);
    expect(again.body).toEqual(credential);
    await api.http.as(r.tokens.accessToken).post(`/api/transcripts/${id}/revoke`, { reason: '信息有误，已重新出具' });
    expect((await verifyOurs(credential)).body.outcome).toBe('revoked');
  });
});
