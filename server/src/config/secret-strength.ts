import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { PUBLISHED_SECRET_FINGERPRINTS } from './published-secrets';

/** The variables whose values must be the operator's own in production. */
export const SECRET_VARIABLES = [
  'JWT_SECRET',
  'FIELD_ENCRYPTION_KEY',
  'LOOKUP_HASH_KEY',
  'CHECKIN_SIGNING_KEY',
  'TRANSCRIPT_SIGNING_KEY',
  'WECHAT_APP_SECRET',
] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** How each key is made: what the quick start generates, and what an operator's own looks like. */
export const KEY_GENERATORS: Record<Exclude<SecretVariable, 'WECHAT_APP_SECRET'>, () => string> = {
  JWT_SECRET: () => randomBytes(48).toString('base64url'),
  FIELD_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  LOOKUP_HASH_KEY: () => randomBytes(48).toString('base64url'),
  CHECKIN_SIGNING_KEY: () => randomBytes(48).toString('base64url'),
  TRANSCRIPT_SIGNING_KEY: () => generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
};

/** URLs whose password is a secret too. */
export const URL_VARIABLES = ['DATABASE_URL', 'REDIS_URL', 'DATA_KEY_STORE_URL'] as const;

export function fingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The password in a URL's user part, decoded, or null. */
export function urlPassword(url: string): string | null {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null; // the URL's own check names it
  }
}

/** Keys that are bytes (an AES key, an Ed25519 seed): readable text there was typed, not drawn at random. */
const BYTE_KEYS: ReadonlySet<string> = new Set(['FIELD_ENCRYPTION_KEY', 'TRANSCRIPT_SIGNING_KEY']);
/** Fewer different symbols than this in a long key is a pattern (32 random bytes have about 30). */
const MIN_DISTINCT = 8;
/** A pattern repeating every this many symbols or fewer, once the key has room to repeat it. */
const MAX_PERIOD = 16;
const MIN_REPEATS_SEEN = 8;

/**
 * Why a sequence of symbols (characters or bytes) is a pattern rather than a secret, or null: it
 * repeats a short block, counts up or down (steps of the same size, "0123…", "aceg…", or a
 * repeated run such as "0123456789abcdef0123…"), or uses only a handful of symbols.
 */
export function patternIn(symbols: readonly number[]): string | null {
  if (symbols.length < 16) return null;
  if (new Set(symbols).size < MIN_DISTINCT) return 'uses only a few different symbols';
  const steps = symbols.slice(1).map((s, i) => s - symbols[i]);
  for (let period = 1; period <= MAX_PERIOD && period + MIN_REPEATS_SEEN <= steps.length; period++) {
    if (steps.every((step, i) => i < period || step === steps[i - period])) return `repeats a pattern of ${period === 1 ? 'one step' : `${period} symbols`}`;
  }
  if (steps.filter((s) => s === 1 || s === -1).length * 2 >= steps.length) return 'counts up or down';
  return null;
}

/** The key's bytes when it is base64 or base64url of at least 16 bytes, else null. */
function decodedBytes(value: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value) || value.length < 22) return null;
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length >= 16 ? bytes : null;
}

/** The bytes that make the key: for the Ed25519 key its 32-byte seed, the end of the PKCS#8 DER. */
function keyBytes(name: string, value: string): Buffer | null {
  const bytes = decodedBytes(value);
  return bytes && name === 'TRANSCRIPT_SIGNING_KEY' ? bytes.subarray(bytes.length - 32) : bytes;
}

function isReadableText(bytes: Buffer): boolean {
  return bytes.every((b) => b >= 0x20 && b < 0x7f);
}

/**
 * What is wrong with the secrets of a production configuration, one line per variable: a value
 * published in this project's repository (compose file, README, tests; see published-secrets.ts),
 * or a key made of a pattern, in its characters or in the bytes it encodes.
 */
export function secretProblems(env: Partial<Record<SecretVariable | (typeof URL_VARIABLES)[number], string>>): string[] {
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (!value) continue; // a missing value is named by the config's own check
    if (PUBLISHED_SECRET_FINGERPRINTS.has(fingerprint(value))) {
      problems.push(`${name}: this value is published in the project's repository (docker-compose.yml, README or tests); production needs a secret of its own`);
      continue;
    }
    const raw = patternIn([...value].map((c) => c.codePointAt(0)!));
    const bytes = keyBytes(name, value);
    const inBytes = bytes ? patternIn([...bytes]) : null;
    const typed = bytes && BYTE_KEYS.has(name) && isReadableText(bytes) ? 'is readable text, not random bytes' : null;
    const why = raw ?? inBytes ?? typed;
    if (why) problems.push(`${name}: not a random secret (${raw ? 'the value' : 'the decoded key'} ${why}); generate one, e.g. openssl rand -base64 32`);
  }
  for (const name of URL_VARIABLES) {
    const password = env[name] ? urlPassword(env[name]!) : null;
    if (password && PUBLISHED_SECRET_FINGERPRINTS.has(fingerprint(password))) {
      problems.push(`${name}: its password is published in the project's repository; production needs a password of its own`);
    }
  }
  return problems;
}
