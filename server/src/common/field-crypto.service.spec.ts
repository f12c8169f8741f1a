import { loadConfig } from '../config/app-config';
import { FieldCrypto } from './field-crypto.service';

const config = (key: number) =>
  loadConfig({
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
    const body = parts[3];
    parts[3] = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    expect(() => crypto.decrypt(parts.join('.'))).toThrow();
  });

  it('another deployment’s key can neither decrypt nor reproduce the lookup hash', () => {
    const other = new FieldCrypto(config(2));
    expect(() => other.decrypt(crypto.encrypt('13800001111'))).toThrow();
    expect(other.lookupHash('13800001111')).not.toBe(crypto.lookupHash('13800001111'));
    expect(crypto.lookupHash('13800001111')).toBe(crypto.lookupHash('13800001111'));
  });
});
