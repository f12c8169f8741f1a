import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fingerprint } from './secret-strength';

/**
 * Every value this repository publishes that someone could copy into a production secret: every
 * word of what an operator reads and copies from (the README, compose files, Dockerfiles, .env
 * files and examples), and in every file the literal values given to anything named like a
 * secret, a key, a password or a token, and the passwords in URLs. Their SHA-256 fingerprints are written into
 * published-secrets.ts, so the production image knows them without carrying the repository.
 */
const DOCUMENT = /^README\.md$|(^|\/)(docker-compose[^/]*\.ya?ml|Dockerfile[^/]*|\.env[^/]*|[^/]*\.example)$/i;
/** A token in a document: what lies between spaces, quotes, brackets, table bars and `${NAME:-` … `}`. */
const DOCUMENT_TOKEN = /[^\s'"`{}()<>[\]|,;]+/g;
/** `NAME: 'value'`, `NAME = "value"`, `NAME ?? 'value'` in code, for a name that sounds secret: a literal, not an expression. */
const ASSIGNMENT = /\b\w*(?:SECRET|KEY|PASSWORD|PASSWD|TOKEN)\w*['"]?\s*(?:\?\?=|\?\?|:|=)\s*(?:'([^'\n]*)'|"([^"\n]*)"|`([^`$\n]*)`)/gi;
/** The password in `scheme://user:password@host`. */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"`]*:([^\s@/'"`]+)@/gi;
/** Shorter values are no secret anyone would take (and every secret here is longer). */
const MIN_LENGTH = 8;

/** Files written by `npm run api:types`. */
const GENERATED = /^(server\/openapi\/|miniapp\/src\/services\/api\/schema\.ts$|miniapp\/src\/services\/api\/types\.ts$)/;

function trackedTextFiles(root: string): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\0').filter(Boolean);
  // the lock file's names and hashes are no one's secret; the list itself is not scanned, nor the API
  // contract generated from the code (its examples are the code's, scanned where they are written)
  return files.filter((f) => basename(f) !== 'published-secrets.ts' && basename(f) !== 'package-lock.json' && !GENERATED.test(f));
}

function valuesIn(path: string, text: string): string[] {
  const found: string[] = [];
  if (DOCUMENT.test(path)) {
    for (const [token] of text.matchAll(DOCUMENT_TOKEN)) found.push(token, ...token.split(':-'), token.replace(/^\$+/, ''));
  }
  for (const m of text.matchAll(ASSIGNMENT)) found.push(m[1] ?? m[2] ?? m[3]);
  for (const m of text.matchAll(URL_PASSWORD)) found.push(m[1], safeDecode(m[1]));
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // not percent-encoded after all: the text itself is the value
  }
}

/** The fingerprints of every published value in the repository at `root`, sorted. */
export function publishedFingerprints(root: string): string[] {
  const values = new Set<string>();
  for (const path of trackedTextFiles(root)) {
    const bytes = readFileSync(join(root, path));
    if (bytes.includes(0)) continue; // an image or another binary file
    for (const value of valuesIn(path, bytes.toString('utf8'))) if (value && value.length >= MIN_LENGTH) values.add(value);
  }
  return [...new Set([...values].map(fingerprint))].sort();
}

/** The source of published-secrets.ts for these fingerprints. */
export function fingerprintsModule(fingerprints: string[]): string {
  return [
    '// Written by `npm run secrets:published -w @lp/server -- --write` from the repository; do not edit by hand.',
    '// SHA-256 of every value the repository publishes (see published-secrets-scan.ts): production refuses',
    '// a secret among them. test/api/hardening-secrets.test.ts fails when this list is not current.',
    'export const PUBLISHED_SECRET_FINGERPRINTS: ReadonlySet<string> = new Set([',
    ...fingerprints.map((f) => `  '${f}',`),
    ']);',
    '',
  ].join('\n');
}
