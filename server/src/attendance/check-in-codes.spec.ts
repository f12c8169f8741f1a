import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/app-config';
import { CheckInCodes } from './check-in-codes';

const codes = (key: string) =>
  new CheckInCodes(
    loadConfig({
      DATABASE_URL: 'postgres://x@localhost/x',
      JWT_SECRET: 'a'.repeat(40),
      FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      LOOKUP_HASH_KEY: 'b'.repeat(40),
      CHECKIN_SIGNING_KEY: key,
      TRANSCRIPT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIAMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMD',
      WECHAT_APP_ID: 'wx',
      WECHAT_APP_SECRET: 's',
    }),
  );

describe('check-in codes', () => {
  const here = codes('k'.repeat(40));
  const secret = randomBytes(32);

  it('a QR reads back as its session and window and verifies under its own secret only', () => {
    const qr = here.qr(1234, secret, 177_000_000);
    expect(qr).toMatch(/^LP1\.[A-Za-z0-9_-]{24}$/);
    const scanned = here.parseQr(qr)!;
    expect([scanned.sessionId, scanned.window]).toEqual([1234, 177_000_000]);
    expect(here.verifyQr(scanned, secret)).toBe(true);
    expect(here.verifyQr(scanned, randomBytes(32))).toBe(false);
  });

  it('every single flipped bit is refused', () => {
    const raw = Buffer.from(here.qr(7, secret, 42).slice(4), 'base64url');
    for (let bit = 0; bit < raw.length * 8; bit++) {
      const flipped = Buffer.from(raw);
      flipped[bit >> 3] ^= 1 << (bit & 7);
      const scanned = here.parseQr('LP1.' + flipped.toString('base64url'));
      expect(scanned !== null && here.verifyQr(scanned, secret)).toBe(false);
    }
  });

  it('another deployment’s key makes different QR codes and spoken codes', () => {
    const there = codes('z'.repeat(40));
    const scanned = there.parseQr(there.qr(7, secret, 42))!;
    expect(here.verifyQr(scanned, secret)).toBe(false);
    expect(there.code(7, secret, 99)).not.toBe(here.code(7, secret, 99));
  });

  it('spoken codes are six digits and change with the minute', () => {
    const a = here.code(7, secret, 1000);
    expect(a).toMatch(/^\d{6}$/);
    const next = [1001, 1002, 1003].map((w) => here.code(7, secret, w));
    expect(next.every((c) => c !== a)).toBe(true);
  });

  it('a 学习码 carries the user id and cannot be forged', () => {
    const id = '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    const content = here.learnerCode(id);
    expect(here.readLearnerCode(content)).toBe(id);
    expect(codes('z'.repeat(40)).readLearnerCode(content)).toBeNull();
    expect(here.readLearnerCode(content.slice(0, -2) + 'AA')).toBeNull();
    expect(here.readLearnerCode('LP1.' + content.slice(4))).toBeNull();
  });

  it('garbage is not a QR', () => {
    for (const s of ['', 'LP1.', 'LP1.abc', 'https://evil.example', 'LP1.' + 'A'.repeat(100)]) expect(here.parseQr(s)).toBeNull();
  });
});
