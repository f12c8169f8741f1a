import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sm2 } from 'sm-crypto-v2';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config';
import { base58btc, canonicalJson, fromBase58btc } from './canonical-json';
import { CURRENT_SEAL_VERSION, openSeal, sealPdf } from './pdf-seal';
import { TranscriptSigner } from './transcript-signer';

const keyOf = (seed: number) => Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, seed)]).toString('base64');

const signer = (seed: number, more: Record<string, string> = {}) =>
  new TranscriptSigner(
    loadConfig({
      ...more,
      DATABASE_URL: 'postgres://x@localhost/x',
      JWT_SECRET: 'a'.repeat(40),
      FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      LOOKUP_HASH_KEY: 'b'.repeat(40),
      CHECKIN_SIGNING_KEY: 'c'.repeat(40),
      TRANSCRIPT_SIGNING_KEY: keyOf(seed),
      WECHAT_APP_ID: 'wx',
      WECHAT_APP_SECRET: 's',
    }),
  );

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys at every depth and drops whitespace, whatever order the keys came in', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: '王' }], a: null, c: true })).toBe('{"a":null,"b":[3,{"a":"王","z":1}],"c":true}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('orders keys by UTF-16 code units and writes numbers as ECMAScript does', () => {
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '1': 3, 'ö': 4 })).toBe('{"\\r":2,"1":3,"ö":4,"€":1}');
    expect(canonicalJson([1e21, 0.1, -0, 1000000])).toBe('[1e+21,0.1,0,1000000]');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });

  it('base58btc round-trips, leading zero bytes included', () => {
    const bytes = Buffer.from([0, 0, 1, 2, 255, 128, 7]);
    expect(fromBase58btc(base58btc(bytes))).toEqual(bytes);
    expect(base58btc(Buffer.from('hello world'))).toBe('StV1DL6CwTryKyV');
    expect(fromBase58btc('0OIl')).toBeNull();
  });
});

describe('TranscriptSigner', () => {
  const district = signer(7);
  const document = { '@context': ['https://www.w3.org/ns/credentials/v2'], id: 'urn:uuid:1', credentialSubject: { name: '王秀英', minutes: 90 } };
  const created = '2025-11-22T06:00:00.000Z';

  it('names its key by did:key and a 16-hex-digit id', () => {
    expect(district.controller).toMatch(/^did:key:z6Mk/);
    expect(district.verificationMethod).toBe(`${district.controller}#${district.publicKeyMultibase}`);
    expect(district.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(signer(7).keyId).toBe(district.keyId);
    expect(signer(8).keyId).not.toBe(district.keyId);
  });

  it('proves a document, and the proof fails for any change to the document, the proof or the key', () => {
    const proof = district.prove(document, created);
    expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', created, proofPurpose: 'assertionMethod' });
    expect(district.checkProof(document, proof)).toBe(true);
    // the same document with its keys in another order is the same document
    expect(district.checkProof({ credentialSubject: { minutes: 90, name: '王秀英' }, id: 'urn:uuid:1', '@context': document['@context'] }, proof)).toBe(true);

    expect(district.checkProof({ ...document, credentialSubject: { name: '王秀英', minutes: 91 } }, proof)).toBe(false);
    expect(district.checkProof(document, { ...proof, created: '2025-11-22T06:00:01.000Z' })).toBe(false);
    expect(district.checkProof(document, { ...proof, proofPurpose: 'authentication' })).toBe(false);
    const sig = fromBase58btc(proof.proofValue.slice(1))!;
    sig[10] ^= 1;
    expect(district.checkProof(document, { ...proof, proofValue: `z${base58btc(sig)}` })).toBe(false);
    expect(signer(8).checkProof(document, proof)).toBe(false);
  });
});

describe('the PDF seal', () => {
  const district = signer(7);
  // the tail of a PDF as PDFKit writes it; the seal only reads the trailer
  const rendered = Buffer.from(
    '%PDF-1.3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n' +
      'trailer\n<<\n/Size 3\n/Root 1 0 R\n/Info 2 0 R\n/ID [<00ff> <00ff>]\n>>\nstartxref\n47\n%%EOF\n',
    'latin1',
  );
  const holds = (file: Buffer, by = district) => {
    const reading = openSeal(file);
    return reading.kind === 'sealed' && reading.parts.keyId === by.keyId && by.verifyBytes(reading.parts.keyId, reading.parts.signedData, reading.parts.signature);
  };

  it('is an incremental update in the current format whose signature covers every byte before it', () => {
    const sealed = sealPdf(rendered, district.keyId, (d) => district.signBytes(d));
    expect(sealed.subarray(0, rendered.length)).toEqual(rendered);
    expect(sealed.subarray(rendered.length).toString('latin1')).toMatch(/^%LPSEAL 3\n3 0 obj\n<< \/Type \/LPSeal \/V 3 \/Alg \/Ed25519 /);
    expect(sealed.toString('latin1')).toMatch(/\/Prev 47 \/LPSeal 3 0 R >>\nstartxref\n\d+\n%%EOF\n$/);
    const reading = openSeal(sealed);
    expect(reading.kind).toBe('sealed');
    if (reading.kind !== 'sealed') return;
    expect(reading.parts).toMatchObject({ version: CURRENT_SEAL_VERSION, keyId: district.keyId, rendered, sealedLength: sealed.length });
    expect(reading.parts.after.length).toBe(0);
    expect(holds(sealed)).toBe(true);
    expect(holds(sealed, signer(8))).toBe(false);
  });

  it.each([1, 2, 3] as const)('format %i fails when any byte of the sealed file changes', (version) => {
    const sealed = sealPdf(rendered, district.keyId, (d) => district.signBytes(d), version);
    expect(holds(sealed)).toBe(true);
    for (let i = 0; i < sealed.length; i++) {
      const changed = Buffer.from(sealed);
      changed[i] ^= 0x04;
      if (holds(changed)) throw new Error(`format ${version}: a change at byte ${i} went unnoticed`);
    }
    const followed = openSeal(Buffer.concat([sealed, Buffer.from('\n')]));
    if (version === 3) {
      // what follows a format 3 seal is handed to the caller, who accepts only the district's PAdES update
      expect(followed.kind === 'sealed' && followed.parts.after.toString()).toBe('\n');
    } else {
      expect(followed.kind).toBe('broken');
    }
    expect(openSeal(rendered).kind).toBe('none');
  });

  it('a signature of one format does not hold as the other, and a format never written is refused', () => {
    const v1 = sealPdf(rendered, district.keyId, (d) => district.signBytes(d), 1);
    const v2 = sealPdf(rendered, district.keyId, (d) => district.signBytes(d), 2);
    const v3 = sealPdf(rendered, district.keyId, (d) => district.signBytes(d), 3);
    const sigOf = (file: Buffer) => /\/Sig <([0-9a-f]{128})>/.exec(file.toString('latin1'))![1];
    // format 1's signature put into a format 2 seal (and the reverse) must not verify
    const swapped = Buffer.from(v2.toString('latin1').replace(sigOf(v2), sigOf(v1)), 'latin1');
    expect(openSeal(swapped).kind).toBe('sealed');
    expect(holds(swapped)).toBe(false);
    expect(holds(Buffer.from(v1.toString('latin1').replace(sigOf(v1), sigOf(v2)), 'latin1'))).toBe(false);
    expect(holds(Buffer.from(v3.toString('latin1').replace(sigOf(v3), sigOf(v2)), 'latin1'))).toBe(false);
    expect(openSeal(Buffer.from(v2.toString('latin1').replace('%LPSEAL 2\n', '%LPSEAL 3\n'), 'latin1')).kind).toBe('broken');
    expect(openSeal(Buffer.from(v3.toString('latin1').replace('%LPSEAL 3\n', '%LPSEAL 4\n'), 'latin1')).kind).toBe('broken');
  });

  // PDFs handed out in each format, kept byte for byte (made by test/tools/transcript-fixture.mjs)
  it.each([
    [1, 'seal-v1.pdf'],
    [2, 'seal-v2.pdf'],
  ] as const)('the kept PDF of format %i still verifies, and not with one byte changed', (version, name) => {
    const file = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'transcripts', name));
    const reading = openSeal(file);
    expect(reading.kind === 'sealed' && reading.parts.version).toBe(version);
    expect(holds(file)).toBe(true);
    const changed = Buffer.from(file);
    changed[Math.floor(file.length / 2)] ^= 0x01;
    expect(holds(changed)).toBe(false);
  });
});

describe('TranscriptSigner: 国密 beside Ed25519, and keys that rotate', () => {
  const sm2Key = 'b'.repeat(8) + '0123456789abcdef'.repeat(3) + '12345678';
  const document = { '@context': ['https://www.w3.org/ns/credentials/v2'], id: 'urn:uuid:2', credentialSubject: { name: '李建国', minutes: 120 } };
  const created = '2026-11-20T02:00:00.000Z';

  it('an SM2 proof over the same canonical bytes (SM3), checked with the published key, failing for any change', () => {
    const guomi = signer(7, { CRYPTO_SUITE: 'guomi', TRANSCRIPT_SM2_KEY: sm2Key });
    const proof = guomi.proveSm2(document, created)!;
    expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'sm2-sm3-jcs-2026', created, proofPurpose: 'assertionMethod' });
    expect(guomi.checkSm2Proof(document, proof)).toBe(true);
    expect(guomi.checkSm2Proof({ ...document, id: 'urn:uuid:3' }, proof)).toBe(false);
    expect(guomi.checkSm2Proof(document, { ...proof, created: '2026-11-20T02:00:01.000Z' })).toBe(false);
    // an Ed25519 check does not take an SM2 proof, nor the other way round
    expect(guomi.checkProof(document, proof)).toBe(false);
    expect(guomi.checkSm2Proof(document, guomi.prove(document, created))).toBe(false);
    // what the issuer document publishes verifies it with sm-crypto-v2 directly: no project code in between
    const key = guomi.issuerKeys().find((k) => k.algorithm === 'SM2')!;
    expect(key).toMatchObject({ status: 'current', signerId: '1234567812345678', verificationMethod: proof.verificationMethod });
    const signed = Buffer.concat([
      createHash('sm3').update(canonicalJson({ ...proofOptions(proof), '@context': document['@context'] })).digest(),
      createHash('sm3').update(canonicalJson(document)).digest(),
    ]);
    const signature = fromBase58btc(proof.proofValue.slice(1))!.toString('hex');
    expect(sm2.doVerifySignature(signed, signature, key.publicKeyHex!, { hash: true, userId: key.signerId })).toBe(true);
    // without an SM2 key there is no SM2 proof
    expect(signer(7).proveSm2(document, created)).toBeNull();
  });

  it('after a rotation, proofs and seals of the retired keys still verify; without them they do not', () => {
    const old = signer(7, { CRYPTO_SUITE: 'guomi', TRANSCRIPT_SM2_KEY: sm2Key });
    const edProof = old.prove(document, created);
    const smProof = old.proveSm2(document, created)!;
    const seal = old.signBytes(Buffer.from('%PDF-1.7 …'));
    const oldKeys = old.issuerKeys();
    const newer = signer(8, {
      CRYPTO_SUITE: 'guomi',
      TRANSCRIPT_SM2_KEY: 'c'.repeat(64),
      TRANSCRIPT_SIGNING_OLD_KEYS: oldKeys.find((k) => k.algorithm === 'Ed25519')!.publicKeyMultibase!,
      TRANSCRIPT_SM2_OLD_KEYS: oldKeys.find((k) => k.algorithm === 'SM2')!.publicKeyHex!,
    });
    expect(newer.keyId).not.toBe(old.keyId);
    expect(newer.checkProof(document, edProof)).toBe(true);
    expect(newer.checkSm2Proof(document, smProof)).toBe(true);
    expect(newer.verifyBytes(old.keyId, Buffer.from('%PDF-1.7 …'), seal)).toBe(true);
    expect(newer.issuerKeys().map((k) => `${k.algorithm} ${k.status}`)).toEqual(['Ed25519 current', 'Ed25519 retired', 'SM2 current', 'SM2 retired']);
    const forgetful = signer(8, { CRYPTO_SUITE: 'guomi', TRANSCRIPT_SM2_KEY: 'c'.repeat(64) });
    expect(forgetful.checkProof(document, edProof)).toBe(false);
    expect(forgetful.checkSm2Proof(document, smProof)).toBe(false);
    expect(forgetful.verifyBytes(old.keyId, Buffer.from('%PDF-1.7 …'), seal)).toBe(false);
  });

  it('refuses 国密 without an SM2 key, a key outside the curve order, and the standard’s example key in production', () => {
    expect(() => signer(7, { CRYPTO_SUITE: 'guomi' })).toThrow(/TRANSCRIPT_SM2_KEY/);
    expect(() => signer(7, { TRANSCRIPT_SM2_KEY: 'f'.repeat(64) })).toThrow(/curve order/);
    expect(() => signer(7, { TRANSCRIPT_SM2_OLD_KEYS: '04' + '1'.repeat(128) })).toThrow(/not a point/);
    const example = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
    expect(() => loadConfig({ NODE_ENV: 'production', TRANSCRIPT_SM2_KEY: example })).toThrow(/GB\/T 32918\.2/);
  });
});

function proofOptions(proof: { proofValue: string }): object {
  const { proofValue: _, ...rest } = proof;
  return rest;
}
