import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KEY_GENERATORS, patternIn, secretProblems } from './secret-strength';

/**
 * The values the compose file's local trial gives the server: literals, or the default after `:-` in
 * `${NAME:-default}`. The production profile's `${NAME:?…}` has no value of its own and is skipped.
 */
function composeDefaults(): Record<string, string> {
  const text = readFileSync(resolve(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf8');
  const out: Record<string, string> = {};
  for (const [, name, raw] of text.matchAll(/^\s+([A-Z][A-Z0-9_]+): (\S+)$/gm)) {
    if (/^\$\{\w+:\?/.test(raw) || name in out) continue;
    out[name] = raw.replace(/^"|"$/g, '').replace(/\$\{\w+:-([^}]*)\}/g, '$1');
  }
  return out;
}

const repeated = (block: Buffer, length: number) => Buffer.concat(Array.from({ length: Math.ceil(length / block.length) }, () => block)).subarray(0, length);
const bytesKey = (bytes: Buffer) => bytes.toString('base64');
const ed25519 = (seed: Buffer) => Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]).toString('base64');

describe('production secrets', () => {
  it('refuses every secret of the compose file, naming each variable', () => {
    const compose = composeDefaults();
    const problems = secretProblems(compose).join('\n');
    for (const name of ['JWT_SECRET', 'FIELD_ENCRYPTION_KEY', 'LOOKUP_HASH_KEY', 'CHECKIN_SIGNING_KEY', 'TRANSCRIPT_SIGNING_KEY', 'WECHAT_APP_SECRET', 'DATABASE_URL']) {
      expect(problems).toMatch(new RegExp(`^${name}: `, 'm'));
    }
  });

  it.each([
    ['the compose key, 0123456789abcdef twice', 'FIELD_ENCRYPTION_KEY', bytesKey(Buffer.from('0123456789abcdef0123456789abcdef'))],
    ['one byte 32 times', 'FIELD_ENCRYPTION_KEY', bytesKey(Buffer.alloc(32, 7))],
    ['bytes counting up', 'FIELD_ENCRYPTION_KEY', bytesKey(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))],
    ['bytes counting down in twos', 'FIELD_ENCRYPTION_KEY', bytesKey(Buffer.from(Array.from({ length: 32 }, (_, i) => 200 - 2 * i)))],
    ['a sentence as the key bytes', 'FIELD_ENCRYPTION_KEY', bytesKey(Buffer.from('our district key, keep it safe!!'))],
    ['a block of 12 random bytes repeated', 'FIELD_ENCRYPTION_KEY', bytesKey(repeated(randomBytes(12), 32))],
    ['an Ed25519 seed of one byte', 'TRANSCRIPT_SIGNING_KEY', ed25519(Buffer.alloc(32, 3))],
    ['an Ed25519 seed of text', 'TRANSCRIPT_SIGNING_KEY', ed25519(Buffer.from('local-trial-not-for-production!!'))],
    ['one letter 40 times', 'JWT_SECRET', 'a'.repeat(40)],
    ['a short word repeated', 'JWT_SECRET', 'secret'.repeat(7)],
    ['the alphabet and the digits', 'LOOKUP_HASH_KEY', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['digits repeated', 'CHECKIN_SIGNING_KEY', '0123456789'.repeat(4)],
    ['base64 of a repeated block', 'JWT_SECRET', Buffer.from('0123456789abcdef'.repeat(3)).toString('base64url')],
    ['the test suite secret', 'JWT_SECRET', 'test-only-jwt-secret-0123456789abcdefghijklmnop'],
  ])('refuses %s as %s', (_what, name, value) => {
    const problems = secretProblems({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('takes freshly generated secrets, thousands of them, without one refusal', () => {
    const refused: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const env = {
        ...Object.fromEntries(Object.entries(KEY_GENERATORS).map(([name, make]) => [name, make()])),
        // as others make them: hex, base64 with padding
        LOOKUP_HASH_KEY: randomBytes(32).toString('hex'),
        CHECKIN_SIGNING_KEY: randomBytes(48).toString('base64'),
        WECHAT_APP_SECRET: randomBytes(16).toString('hex'),
        DATABASE_URL: `postgres://lp:${randomBytes(12).toString('base64url')}@db:5432/lp`,
      };
      refused.push(...secretProblems(env));
    }
    expect(refused).toEqual([]);
  });

  it('sees no pattern in random bytes and sees one in arithmetic runs', () => {
    for (let i = 0; i < 2000; i++) expect(patternIn([...randomBytes(32)])).toBeNull();
    expect(patternIn(Array.from({ length: 32 }, (_, i) => (i * 5) % 256))).not.toBeNull();
  });
});
