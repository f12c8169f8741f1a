import { maskPhone, MyDataCopy, ResidentProfile, TokenPair, TranscriptCredential, TranscriptIssuer, TranscriptSummary, TranscriptVerification } from '@lp/shared';
import { CheckInPlacesModule } from '@lp/server/dist/attendance/check-in-places';
import { commandContext } from '@lp/server/dist/commands/command-context';
import { AppConfigModule } from '@lp/server/dist/config/config.module';
import { ENCRYPTED_COLUMNS, FieldKeys, FieldKeysModule, ReencryptionReport } from '@lp/server/dist/database/field-keys';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { ResidentKeysModule } from '@lp/server/dist/resident-keys/resident-keys.module';
import { TranscriptNameSealingModule } from '@lp/server/dist/transcripts/transcript-name-sealing';
import { UploadSealingModule } from '@lp/server/dist/uploads/upload-sealing';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Http } from '../support/api';
import { uniquePhone } from '../support/factories';
import { tinyPng } from '../support/files';
import { dropDatabases, freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';
import { TEST_SECRETS } from '../support/test-env';

/**
 * Field keys over a district's life: a new field key and a switch to 国密 (CRYPTO_SUITE=guomi) on a
 * database full of values under the old key and hashes under HMAC-SHA256. The portal runs as its
 * own process on a database of this test's own, since the look-up algorithm is the database's.
 */
const CLI = join(__dirname, '..', '..', 'server', 'dist', 'commands', 'crypto-cli.js');
const run = promisify(execFile);
const say = (line: string) => process.stdout.write(`${line}\n`);

let dbUrl: string;
let db: Client;

beforeAll(async () => {
  dbUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'field_keys');
  db = new Client({ connectionString: dbUrl });
  await db.connect();
});
// this file's databases are not `lp_…`, which the global teardown drops: they go here, failed or not
afterAll(async () => {
  try {
    await db?.end();
  } finally {
    await dropDatabases(process.env.E2E_ADMIN_DATABASE_URL!, 'field_keys', 'field_keys_seed', 'field_keys_job');
  }
});

/** The key store the server makes beside a database when DATA_KEY_STORE_URL is not set. */
const keyStoreOf = (url: string) => `${url}_keys`;

/**
 * Every value under the field key, as `table.column` → values: the encrypted columns, less the values
 * sealed under a resident's own data key (`r1.`, or `r2.` under 国密), plus the residents' data keys in the key store,
 * which the field key wraps.
 */
async function encryptedValues(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = (await db.query(`SELECT ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL AND left(${c.column}, 3) NOT IN ('r1.', 'r2.')`)).rows as { v: string }[];
    out.set(`${c.table}.${c.column}`, rows.map((r) => r.v));
  }
  const store = new Client({ connectionString: keyStoreOf(dbUrl) });
  await store.connect();
  try {
    out.set('key store resident_data_key.wrapped', ((await store.query(`SELECT wrapped AS v FROM resident_data_key`)).rows as { v: string }[]).map((r) => r.v));
  } finally {
    await store.end();
  }
  return out;
}

const keyIdsOf = (values: Map<string, string[]>) => new Set([...values.values()].flat().map((v) => v.split('.').slice(0, 3).join('.')));

async function crypto(action: 'rehash' | 'reencrypt', env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, action], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: dbUrl, ...TEST_SECRETS, ...env },
  });
  return stdout;
}

async function adminFinds(server: ServerProcess, phone: string): Promise<number> {
  const http = new Http(server.url);
  const login = await http.post<TokenPair>('/api/auth/password/login', { username: 'admin_district', password: 'demo12345' });
  expect(login.status).toBe(200);
  const found = await http.as(login.body.accessToken).post<{ items: unknown[] }>('/api/admin/residents/search', { q: phone });
  expect(found.status).toBe(200);
  return found.body.items.length;
}

const DEMO_RESIDENT = '00000000-0000-4000-8000-000000000001'; // 王秀英, who has learning records

const asDemoResident = async (server: ServerProcess) => {
  const http = new Http(server.url);
  return http.as((await http.post<TokenPair>('/api/auth/demo/login', { userId: DEMO_RESIDENT })).body.accessToken);
};

/** 王秀英 issues a transcript on `server`; its id and credential. */
async function issueTranscript(server: ServerProcess): Promise<{ id: string; credential: TranscriptCredential }> {
  const me = await asDemoResident(server);
  const issued = await me.post<TranscriptSummary>('/api/me/transcripts', {});
  expect(issued.status).toBe(201);
  return { id: issued.body.id, credential: (await me.get<TranscriptCredential>(`/api/me/transcripts/${issued.body.id}/credential`)).body };
}

/**
 * How the values sealed under residents' data keys outside their profiles are sealed: the first three
 * characters of transcripts' holder names and of check-in places, the first byte of evidence files.
 */
async function residentSealedWays(): Promise<{ names: string[]; files: number[]; places: string[] }> {
  const ways = async (sql: string) => ((await db.query(sql)).rows as { way: string | number }[]).map((r) => r.way);
  return {
    names: (await ways(
      `SELECT DISTINCT left(n, 3) AS way FROM transcript, LATERAL (SELECT payload::jsonb #>> '{credentialSubject,transcript,residentName}' AS n) x WHERE n <> '' ORDER BY 1`,
    )) as string[],
    files: (await ways(`SELECT DISTINCT get_byte(data, 0) AS way FROM upload WHERE sealed ORDER BY 1`)) as number[],
    places: (await ways(`SELECT DISTINCT left(place_sealed, 3) AS way FROM attendance WHERE place_sealed IS NOT NULL ORDER BY 1`)) as string[],
  };
}

async function verify(server: ServerProcess, credential: unknown): Promise<string> {
  const res = await new Http(server.url).post<TranscriptVerification>('/api/transcripts/verify', credential);
  expect(res.status).toBe(200);
  return res.body.outcome;
}

it('every encrypted column of the schema is in the re-encryption list', async () => {
  await runMigrations(dbUrl);
  const rows = (
    await db.query(`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%\\_enc'`)
  ).rows as { c: string }[];
  expect(rows.map((r) => r.c).sort()).toEqual(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort());
});

it('a new field key and 国密 on a live database: start refused until crypto:rehash, every value readable throughout, then all moved to the new key', async () => {
  const newKey = randomBytes(32).toString('base64');
  const newEd25519 = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  // one public address for every start, as a real district has: a transcript's proof names its key under it
  const site = { PUBLIC_BASE_URL: 'https://xuexi.example.cn' };
  const guomi = {
    ...site,
    CRYPTO_SUITE: 'guomi',
    TRANSCRIPT_SM2_KEY: randomBytes(31).toString('hex').padStart(64, '0'),
    FIELD_ENCRYPTION_KEY: newKey,
    FIELD_ENCRYPTION_OLD_KEYS: TEST_SECRETS.FIELD_ENCRYPTION_KEY,
  };

  // the demo district under the international suite, and one more resident bound by phone
  const first = await startServerProcess(dbUrl, site);
  const phone = uniquePhone();
  const photo = tinyPng();
  let uploadId = '';
  let token = '';
  let before: TranscriptCredential;
  let beforeId = '';
  let oldIssuer: TranscriptIssuer;
  try {
    const http = new Http(first.url);
    token = (await http.post<TokenPair>('/api/auth/demo/login', { userId: 'new-resident' })).body.accessToken;
    const resident = http.as(token);
    const tree = (await http.get<{ children: { children: { id: number }[] }[] }>('/api/areas/tree')).body;
    const bound = await resident.put('/api/me/profile', { realName: '换钥测试', phone, birthDate: '1956-03-04', communityId: tree.children[0].children[0].id, groups: [] });
    expect(bound.status).toBe(201);
    expect(await adminFinds(first, phone)).toBe(1);
    ({ id: beforeId, credential: before } = await issueTranscript(first));
    const upload = await resident.send<{ id: string }>('POST', '/api/uploads', photo, { 'content-type': 'image/png' });
    expect(upload.status).toBe(201);
    uploadId = upload.body.id;
    oldIssuer = (await http.get<TranscriptIssuer>('/api/transcripts/issuer')).body;
    expect(await verify(first, before)).toBe('genuine');
  } finally {
    await first.stop();
  }
  // a check-in of 王秀英 (the demo district has none) as one kept from before places were sealed: its place in
  // clear, which the database refuses for any row written now, so the rule is lifted for this one write;
  // crypto:reencrypt then seals it, with AES
  const place = { latitude: 29.6543211, longitude: 121.4123455, accuracy: 30 };
  await db.query('BEGIN');
  await db.query(`ALTER TABLE attendance DROP CONSTRAINT attendance_place_not_in_clear`);
  const placed = await db.query(
    `INSERT INTO attendance (session_id, session_year, offering_id, resident_id, method, checked_in_at, latitude, longitude, accuracy_m)
     SELECT id, year, offering_id, $1, 'scan', starts_at, $2, $3, $4 FROM offering_session WHERE starts_at < now() ORDER BY starts_at LIMIT 1`,
    [DEMO_RESIDENT, place.latitude, place.longitude, place.accuracy],
  );
  await db.query(`ALTER TABLE attendance ADD CONSTRAINT attendance_place_not_in_clear CHECK (latitude IS NULL AND longitude IS NULL AND accuracy_m IS NULL) NOT VALID`);
  await db.query('COMMIT');
  expect(placed.rowCount).toBe(1);
  const sealedFirst = JSON.parse((await crypto('reencrypt', site)).trim().split('\n').pop()!);
  expect(sealedFirst.resealed['check-in places']).toBe(1);
  expect(await residentSealedWays()).toEqual({ names: ['r1.'], files: [1], places: ['r1.'] });
  // found all sealed by AES: the periodic re-encryption does not read these places again until the suite changes
  const sealedAs = async () => (await db.query(`SELECT residents_sealed_as AS way FROM crypto_setting`)).rows[0].way as string | null;
  expect(await sealedAs()).toBe('r1');
  const valuesBefore = await encryptedValues();
  const count = [...valuesBefore.values()].flat().length;
  expect(count).toBeGreaterThan(10);
  // residents' numbers are under their own data keys, which the field key wraps
  expect(valuesBefore.get('resident_profile.phone_enc')).toEqual([]);
  expect(valuesBefore.get('key store resident_data_key.wrapped')!.length).toBeGreaterThan(10);
  expect([...keyIdsOf(valuesBefore)].every((k) => k.startsWith('v2.a.'))).toBe(true);
  // the transcript key rotates too: the old one is listed as retired
  const oldEd25519 = oldIssuer!.keys.find((k) => k.algorithm === 'Ed25519')!.publicKeyMultibase!;
  Object.assign(guomi, { TRANSCRIPT_SIGNING_KEY: newEd25519, TRANSCRIPT_SIGNING_OLD_KEYS: oldEd25519 });

  // 国密 on a database hashed with HMAC-SHA256: refused, saying what to do
  const refused = await startServerProcess(dbUrl, guomi).then(
    async (s) => (await s.stop(), ''),
    (err: Error) => err.message,
  );
  expect(refused).toMatch(/crypto:rehash/);

  const rehashed = await crypto('rehash', guomi);
  say(`crypto:rehash: ${rehashed.split('\n')[0]}`);
  expect(rehashed).toMatch(/hmac-sha256 → hmac-sm3/);

  const second = await startServerProcess(dbUrl, guomi);
  try {
    // found by the recomputed hash, read under the old key, and a new value written under the new one
    expect(await adminFinds(second, phone)).toBe(1);
    const mine = await new Http(second.url).as(token).get<ResidentProfile>('/api/me/profile');
    expect(mine.status).toBe(200);
    expect(mine.body.phoneMasked).toBe(maskPhone(phone));
    // the transcript issued before still verifies by its retired key; a new one carries an SM2 proof beside the Ed25519 one
    expect(await verify(second, before!)).toBe('genuine');
    const issuer = (await new Http(second.url).get<TranscriptIssuer>('/api/transcripts/issuer')).body;
    expect(issuer.keys.map((k) => `${k.algorithm} ${k.status}`)).toEqual(['Ed25519 current', 'Ed25519 retired', 'SM2 current']);
    const after = (await issueTranscript(second)).credential;
    const proofs = Array.isArray(after.proof) ? after.proof : [after.proof];
    expect(proofs.map((p) => p.cryptosuite)).toEqual(['eddsa-rdfc-2022', 'sm2-sm3-jcs-2026']);
    expect(await verify(second, after)).toBe('genuine');
    const forged = { ...after, proof: [proofs[0], { ...proofs[1], proofValue: proofs[0].proofValue }] };
    const onlyEd = { ...after, proof: proofs[0] };
    const twoEd = { ...after, proof: [proofs[0], proofs[0]] };
    const outcomes = [await verify(second, forged), await verify(second, onlyEd), await verify(second, twoEd)];
    say(`transcripts after the switch: old ${await verify(second, before!)}, new ${await verify(second, after)}; SM2 proof replaced ${outcomes[0]}, SM2 proof dropped ${outcomes[1]}, Ed25519 proof twice ${outcomes[2]}`);
    expect(outcomes).toEqual(['altered', 'genuine', 'unknown']);
    const report = JSON.parse((await crypto('reencrypt', guomi)).trim().split('\n').pop()!);
    say(`crypto:reencrypt: ${JSON.stringify(report)} of ${count} values`);
    expect(report.remaining).toBe(0);
    expect(report.unreadable).toEqual({});
    expect(report.reencrypted).toBeGreaterThan(0);
    expect(report.reencrypted).toBeLessThanOrEqual(count);
    // and every resident's name, phone and ID number, sealed by AES under their data key, is now sealed by SM4
    const ways = (await db.query(`SELECT DISTINCT left(v, 3) AS way FROM resident_profile, LATERAL (VALUES (real_name), (phone_enc), (id_number_enc)) AS x(v) WHERE v IS NOT NULL`)).rows;
    expect(ways).toEqual([{ way: 'r2.' }]);
    // so is everything else sealed under residents' keys: transcripts' holder names, evidence files, check-in places
    expect(Object.keys(report.resealed).sort()).toEqual(['check-in places', 'evidence files', 'transcript names']);
    expect(Object.values(report.resealed).every((n) => (n as number) >= 1)).toBe(true);
    expect(await residentSealedWays()).toEqual({ names: ['r2.'], files: [2], places: ['r2.'] });
    expect(await sealedAs()).toBe('r2');
    // a second run finds nothing left to move
    const again = JSON.parse((await crypto('reencrypt', guomi)).trim().split('\n').pop()!);
    expect(again).toMatchObject({ remaining: 0, resealed: { 'check-in places': 0, 'evidence files': 0, 'transcript names': 0 } });
  } finally {
    await second.stop();
  }
  const after = await encryptedValues();
  const ids = keyIdsOf(after);
  say(`key ids before: ${[...keyIdsOf(valuesBefore)].join(', ')}; after: ${[...ids].join(', ')}`);
  expect(ids.size).toBe(1);
  expect([...ids][0]).toMatch(/^v2\.s\.[0-9a-f]{8}$/);
  expect([...after.values()].flat().length).toBe(count);

  // the old key can go: everything is readable under the new one alone
  const { FIELD_ENCRYPTION_OLD_KEYS: _, ...withoutOldFieldKey } = guomi;
  const third = await startServerProcess(dbUrl, withoutOldFieldKey);
  try {
    expect(await adminFinds(third, phone)).toBe(1);
    expect(await verify(third, before!)).toBe('genuine');
    // what was sealed by AES before the switch opens, now sealed by SM4, to the same content
    const me = await asDemoResident(third);
    const kept = await me.get<TranscriptCredential>(`/api/me/transcripts/${beforeId}/credential`);
    expect(kept.body).toEqual(before!);
    const file = await fetch(`${third.url}/api/uploads/${uploadId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(photo)).toBe(true);
    const copy = await me.get<MyDataCopy>('/api/me/data-export');
    expect(copy.body.attendance.map((a) => a.position)).toContainEqual({ latitude: place.latitude, longitude: place.longitude, accuracyMeters: place.accuracy });
  } finally {
    await third.stop();
  }
}, 300_000);

it('a new district on 国密 seeded by the seed command starts: the hashes and the recorded algorithm agree', async () => {
  const url = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'field_keys_seed');
  await runMigrations(url);
  const guomi = { CRYPTO_SUITE: 'guomi', TRANSCRIPT_SM2_KEY: randomBytes(31).toString('hex').padStart(64, '0') };
  const seed = join(__dirname, '..', '..', 'server', 'dist', 'commands', 'seed-cli.js');
  const { stdout } = await run(process.execPath, [seed], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: url, ...TEST_SECRETS, ...guomi } });
  expect(stdout).toMatch(/demo data loaded/);
  const own = new Client({ connectionString: url });
  await own.connect();
  try {
    expect((await own.query(`SELECT lookup_hash_algorithm AS a FROM crypto_setting`)).rows).toEqual([{ a: 'hmac-sm3' }]);
    // each resident's name and phone sealed by SM4 under their own data key, and the data keys wrapped by the field key under SM4
    const values = (await own.query(`SELECT phone_enc AS v FROM resident_profile UNION ALL SELECT real_name FROM resident_profile`)).rows as { v: string }[];
    expect(values.length).toBeGreaterThan(20);
    expect(values.every((r) => r.v.startsWith('r2.'))).toBe(true);
  } finally {
    await own.end();
  }
  const store = new Client({ connectionString: keyStoreOf(url) });
  await store.connect();
  try {
    const wrapped = (await store.query(`SELECT wrapped AS v FROM resident_data_key`)).rows as { v: string }[];
    expect(wrapped.length).toBeGreaterThan(10);
    expect(wrapped.every((r) => r.v.startsWith('v2.s.'))).toBe(true);
  } finally {
    await store.end();
  }
  const server = await startServerProcess(url, guomi);
  await server.stop();
}, 180_000);

/**
 * One run of the re-encryption as the periodic job makes it (not looking everywhere, as `crypto:reencrypt`
 * does), in this process on `url` under `env`, with the same places registered as on a portal; the SQL
 * of every query it sent to the main database (the key store is a database of its own) comes back too.
 */
async function jobRun(url: string, env: Record<string, string>): Promise<{ report: ReencryptionReport; queries: string[] }> {
  const settings: Record<string, string> = { NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent', ...TEST_SECRETS, ...env };
  const before = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));
  Object.assign(process.env, settings);
  const app = await commandContext([AppConfigModule, ResidentKeysModule, FieldKeysModule, TranscriptNameSealingModule, UploadSealingModule, CheckInPlacesModule]);
  // every query of the DataSource, inside a transaction or not, goes through its driver's query runner
  const runner = app.get(DataSource).createQueryRunner();
  const sent = jest.spyOn(Object.getPrototypeOf(runner) as { query: (sql: string) => Promise<unknown> }, 'query');
  await runner.release();
  try {
    const report = await app.get(FieldKeys).reencrypt();
    return { report, queries: sent.mock.calls.map(([sql]) => sql) };
  } finally {
    sent.mockRestore();
    await app.close();
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

it('the periodic re-encryption reads no resident_profile while residents are sealed the current way; a new field key re-wraps their data keys, a switch to 国密 reseals them', async () => {
  const url = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'field_keys_job');
  await runMigrations(url);
  const seed = join(__dirname, '..', '..', 'server', 'dist', 'commands', 'seed-cli.js');
  await run(process.execPath, [seed], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: url, ...TEST_SECRETS } });
  const own = new Client({ connectionString: url });
  await own.connect();
  const store = new Client({ connectionString: keyStoreOf(url) });
  await store.connect();
  try {
    const sealedAs = async () => (await own.query(`SELECT residents_sealed_as AS way FROM crypto_setting`)).rows[0].way as string | null;
    const profileWays = async () =>
      ((await own.query(`SELECT DISTINCT left(v, 3) AS way FROM resident_profile, LATERAL (VALUES (real_name), (phone_enc), (id_number_enc)) AS x(v) WHERE v IS NOT NULL ORDER BY 1`)).rows as { way: string }[]).map(
        (r) => r.way,
      );
    const wrappedUnder = async () => ((await store.query(`SELECT DISTINCT split_part(wrapped, '.', 3) AS id FROM resident_data_key`)).rows as { id: string }[]).map((r) => r.id);
    const readsProfiles = (queries: string[]) => queries.filter((q) => /\bresident_profile\b/.test(q)).length;
    const residents = Number((await own.query(`SELECT count(*)::int AS n FROM resident_profile`)).rows[0].n);
    expect(residents).toBeGreaterThan(10);
    // the seed sealed every resident by AES; no run has yet found them all so
    expect(await profileWays()).toEqual(['r1.']);
    expect(await sealedAs()).toBeNull();

    // the first run looks, finds nothing to move, and records it; the next does not read the profiles at all
    const first = await jobRun(url, {});
    expect(readsProfiles(first.queries)).toBeGreaterThan(0);
    expect(first.report).toMatchObject({ sealed: 0, remaining: 0, unreadable: {} });
    expect(await sealedAs()).toBe('r1');
    const quiet = await jobRun(url, {});
    say(`re-encryption job with every resident sealed: ${quiet.queries.length} queries, ${readsProfiles(quiet.queries)} of resident_profile (first run ${readsProfiles(first.queries)})`);
    expect(readsProfiles(quiet.queries)).toBe(0);
    expect(quiet.queries.filter((q) => /\b(attendance|upload|transcript)\b/.test(q))).toEqual([]);
    expect(quiet.report).toEqual({ reencrypted: 0, sealed: 0, resealed: {}, unreadable: {}, remaining: 0 });
    // it still looks at the values under the field key elsewhere
    expect(quiet.queries.some((q) => /\beducation_worker\b/.test(q))).toBe(true);

    // a new field key: the residents' data keys it wraps are re-wrapped by the same quiet run, their values need nothing
    const oldKeyIds = await wrappedUnder();
    const rotated = { FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64'), FIELD_ENCRYPTION_OLD_KEYS: TEST_SECRETS.FIELD_ENCRYPTION_KEY };
    const rewrapped = await jobRun(url, rotated);
    expect(readsProfiles(rewrapped.queries)).toBe(0);
    expect(rewrapped.report.reencrypted).toBeGreaterThanOrEqual(residents);
    expect(rewrapped.report).toMatchObject({ remaining: 0, unreadable: {} });
    const newKeyIds = await wrappedUnder();
    expect(newKeyIds).toHaveLength(1);
    expect(oldKeyIds).not.toContain(newKeyIds[0]);

    // a switch to 国密: the recorded way is not the current one, so the job reads the profiles and seals every resident by SM4
    const guomi = { ...rotated, CRYPTO_SUITE: 'guomi', TRANSCRIPT_SM2_KEY: randomBytes(31).toString('hex').padStart(64, '0') };
    const switched = await jobRun(url, guomi);
    expect(readsProfiles(switched.queries)).toBeGreaterThan(0);
    expect(switched.report).toMatchObject({ remaining: 0, unreadable: {} });
    expect(switched.report.sealed).toBeGreaterThanOrEqual(residents);
    expect(await profileWays()).toEqual(['r2.']);
    expect(await sealedAs()).toBe('r2');
    const quietAgain = await jobRun(url, guomi);
    expect(readsProfiles(quietAgain.queries)).toBe(0);
    expect(quietAgain.report).toMatchObject({ sealed: 0, resealed: {}, remaining: 0 });
  } finally {
    await store.end();
    await own.end();
  }
}, 180_000);
