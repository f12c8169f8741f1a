import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fingerprintsModule, publishedFingerprints } from '../config/published-secrets-scan';

/**
 * `npm run secrets:published -w @lp/server` checks that published-secrets.ts lists every value the
 * repository publishes (exit 1 if not); `-- --write` rewrites it. Run from a git checkout.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const TARGET = resolve(ROOT, 'server', 'src', 'config', 'published-secrets.ts');

const wanted = fingerprintsModule(publishedFingerprints(ROOT));
if (process.argv.includes('--write')) {
  writeFileSync(TARGET, wanted);
  process.stdout.write(`${TARGET}: ${wanted.split('\n').filter((l) => l.startsWith("  '")).length} fingerprints\n`);
} else if (readFileSync(TARGET, 'utf8') !== wanted) {
  process.stderr.write(`${TARGET} is not current: run npm run secrets:published -w @lp/server -- --write\n`);
  process.exit(1);
}
