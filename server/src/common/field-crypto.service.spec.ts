import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { sm2, sm3, sm4 } from 'sm-crypto-v2';
import { loadConfig } from '../config/app-config';
import { FieldCrypto } from './field-crypto.service';

const GUOMI = { CRYPTO_SUITE: 'guomi', TRANSCRIPT_SM2_KEY: 'c'.repeat(64) };
const keyOf = (n: number) => Buffer.alloc(32, n).toString('base64');
const config = (key: number, more: Record<string, string> = {}) =>
  loadConfig({
    ...more,
    DATABASE_URL: 'postgres://x@localhost/x',
    JWT_SECRET: 'a'.repeat(40),
    FIELD_ENCRYPTION_KEY: Buffer.alloc(32, key).toString('base64'),
    LOOKUP_HASH_KEY: `lookup-key-${key}-`.padEnd(40, 'x'),
    CHECKIN_SIGNING_KEY: 'k'.repeat(40),
    TRANSCRIPT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIAMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMD',
    WECHAT_APP_ID: 'wx',
    WECHAT_APP_SECRET: 's',
  });

describe('FieldCrypto', () => {
  const crypto = new FieldCrypto(config(1));

  it('round-trips a value and never produces the same ciphertext twice', () => {
    const a = crypto.encrypt('13800001111');
    const b = crypto.encrypt('13800001111');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13800001111');
    expect(crypto.decrypt(a)).toBe('13800001111');
  });

  it('refuses a ciphertext with one changed character (GCM authentication)', () => {
    const stored = crypto.encrypt('11010519491231002X');
    const parts = stored.split('.');
    const body = parts[5];
    parts[5] = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    expect(() => crypto.decrypt(parts.join('.'))).toThrow();
  });

  it('another deployment’s key can neither decrypt nor reproduce the lookup hash', () => {
    const other = new FieldCrypto(config(2));
    expect(() => other.decrypt(crypto.encrypt('13800001111'))).toThrow();
    expect(other.lookupHash('13800001111')).not.toBe(crypto.lookupHash('13800001111'));
    expect(crypto.lookupHash('13800001111')).toBe(crypto.lookupHash('13800001111'));
  });
});

/**
 * The national algorithms as the standards publish them: the 国密 option is only as good as the
 * implementation under it, so the published examples are checked here, and where OpenSSL (through
 * node:crypto) implements the same algorithm, the two are held to each other.
 */
describe('国密 algorithms against their published test vectors', () => {
  it('SM3 (GB/T 32905-2016, examples 1 and 2), in sm-crypto-v2 and in OpenSSL', () => {
    const abc = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
    const abcd16 = 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732';
    expect(sm3('abc')).toBe(abc);
    expect(sm3('abcd'.repeat(16))).toBe(abcd16);
    expect(createHash('sm3').update('abc').digest('hex')).toBe(abc);
    expect(createHash('sm3').update('abcd'.repeat(16)).digest('hex')).toBe(abcd16);
  });

  it('HMAC-SM3: sm-crypto-v2 and OpenSSL agree on keys shorter and longer than a block', () => {
    for (const key of [Buffer.from('key'), randomBytes(32), randomBytes(100)]) {
      const data = randomBytes(77);
      expect(sm3(data, { key, mode: 'hmac' })).toBe(createHmac('sm3', key).update(data).digest('hex'));
    }
  });

  it('SM4 (GB/T 32907-2016, appendix A: one block, and the same block encrypted 1,000,000 times)', () => {
    const key = '0123456789abcdeffedcba9876543210';
    expect(sm4.encrypt(Buffer.from(key, 'hex'), key, { mode: 'ecb', padding: 'none' })).toBe('681edf34d206965e86b3e94f536e4246');
    // OpenSSL's SM4 on the same block
    const ecb = createCipheriv('sm4-ecb', Buffer.from(key, 'hex'), null).setAutoPadding(false);
    expect(Buffer.concat([ecb.update(Buffer.from(key, 'hex')), ecb.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    const many = createCipheriv('sm4-ecb', Buffer.from(key, 'hex'), null).setAutoPadding(false);
    let block = Buffer.from(key, 'hex');
    for (let i = 0; i < 1_000_000; i++) block = many.update(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });

  it('SM4-GCM (RFC 8998, appendix A.1), the mode field encryption uses', () => {
    const plain = 'AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA';
    const sealed = sm4.encrypt(Buffer.from(plain, 'hex'), '0123456789ABCDEFFEDCBA9876543210', {
      mode: 'gcm',
      iv: '00001234567800000000ABCD',
      associatedData: Buffer.from('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2', 'hex'),
      outputTag: true,
      padding: 'none',
    });
    expect(sealed.output).toBe(
      '17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d',
    );
    expect(sealed.tag).toBe('83de3541e4c2b58177e065a9bf7b62ec');
  });

  it('SM2 (GB/T 32918.2-2016, appendix A): the published key pair, and its signature of "message digest" verifies; one changed bit does not', () => {
    const privateKey = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
    const publicKey = sm2.getPublicKeyFromPrivateKey(privateKey);
    expect(publicKey).toBe(
      '04' + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
    );
    const signature =
      'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3' + 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
    const options = { hash: true, userId: '1234567812345678' };
    expect(sm2.doVerifySignature('message digest', signature, publicKey, options)).toBe(true);
    expect(sm2.doVerifySignature('message digesT', signature, publicKey, options)).toBe(false);
    const flipped = signature.slice(0, -1) + (signature.endsWith('a') ? 'b' : 'a');
    expect(sm2.doVerifySignature('message digest', flipped, publicKey, options)).toBe(false);
  });
});

describe('FieldCrypto under 国密 and across key rotations', () => {
  const plain = '11010519491231002X';

  it('under 国密 a value is SM4-GCM, names its key, round-trips, and refuses a changed or cut tag', () => {
    const guomi = new FieldCrypto(config(1, GUOMI));
    const stored = guomi.encrypt(plain);
    expect(stored).toMatch(/^v2\.s\.[0-9a-f]{8}\./);
    expect(guomi.decrypt(stored)).toBe(plain);
    const parts = stored.split('.');
    const tag = Buffer.from(parts[4], 'base64url');
    tag[0] ^= 1;
    expect(() => guomi.decrypt([...parts.slice(0, 4), tag.toString('base64url'), parts[5]].join('.'))).toThrow();
    expect(() => guomi.decrypt([...parts.slice(0, 4), '', parts[5]].join('.'))).toThrow();
    expect(() => guomi.decrypt([...parts.slice(0, 4), parts[4].slice(0, 8), parts[5]].join('.'))).toThrow();
  });

  it('an AES tag cut short is refused too (Node would accept 4 bytes unless told the length)', () => {
    const c = new FieldCrypto(config(1));
    const parts = c.encrypt(plain).split('.');
    const cut = Buffer.from(parts[4], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => c.decrypt([...parts.slice(0, 4), cut, parts[5]].join('.'))).toThrow();
  });

  it('after a rotation, values under the old key stay readable and stale, new ones use the new key; without the old key they cannot be read', () => {
    const before = new FieldCrypto(config(1));
    const old = before.encrypt(plain);
    const after = new FieldCrypto(config(2, { FIELD_ENCRYPTION_OLD_KEYS: keyOf(1) }));
    expect(after.decrypt(old)).toBe(plain);
    expect(after.isStale(old)).toBe(true);
    const fresh = after.encrypt(plain);
    expect(after.isStale(fresh)).toBe(false);
    expect(fresh.split('.')[2]).not.toBe(old.split('.')[2]);
    expect(() => new FieldCrypto(config(2)).decrypt(old)).toThrow(/not given/);
  });

  it('switching the suite keeps AES values readable (and stale) under the same key; values from before key ids are read too', () => {
    const aes = new FieldCrypto(config(1));
    const guomi = new FieldCrypto(config(1, GUOMI));
    const stored = aes.encrypt(plain);
    expect(guomi.decrypt(stored)).toBe(plain);
    expect(guomi.isStale(stored)).toBe(true);
    expect(aes.decrypt(guomi.encrypt(plain))).toBe(plain);
    // the format before key ids: v1.<iv>.<tag>.<body>, AES-256-GCM under the key of the time
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.alloc(32, 1), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const v1 = ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    const rotated = new FieldCrypto(config(3, { FIELD_ENCRYPTION_OLD_KEYS: `${keyOf(2)},${keyOf(1)}` }));
    expect(rotated.decrypt(v1)).toBe(plain);
    expect(rotated.isStale(v1)).toBe(true);
    expect(() => new FieldCrypto(config(3)).decrypt(v1)).toThrow();
  });

  it('look-up hashes are HMAC-SHA256, or HMAC-SM3 under 国密; lookupHashes gives both, current first', () => {
    const aes = new FieldCrypto(config(1));
    const guomi = new FieldCrypto(config(1, GUOMI));
    const key = `lookup-key-1-`.padEnd(40, 'x');
    expect(aes.lookupHash('13800001111')).toBe(createHmac('sha256', key).update('13800001111').digest('hex'));
    expect(guomi.lookupHash('13800001111')).toBe(sm3('13800001111', { key: Buffer.from(key), mode: 'hmac' }));
    expect(guomi.lookupHashes('13800001111')).toEqual([guomi.lookupHash('13800001111'), aes.lookupHash('13800001111')]);
    expect(aes.lookupAlgorithm).toBe('hmac-sha256');
    expect(guomi.lookupAlgorithm).toBe('hmac-sm3');
  });
});
