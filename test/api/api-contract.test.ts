import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/*
 * The contract between the mini program and the server is generated (`npm run api:types`): these
 * tests show it is current, that it describes every answer, and that a field renamed on the
 * server stops the mini program's type check.
 */
const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'server', 'dist', 'commands', 'api-types-cli.js');
const MINIAPP = join(ROOT, 'miniapp');
const COMMITTED = {
  'openapi.json': join(ROOT, 'server', 'openapi', 'openapi.json'),
  'response-schemas.json': join(ROOT, 'server', 'openapi', 'response-schemas.json'),
  'schema.ts': join(MINIAPP, 'src', 'services', 'api', 'schema.ts'),
  'types.ts': join(MINIAPP, 'src', 'services', 'api', 'types.ts'),
};

interface Document {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

/** The environment without a database or Redis: generating the contract must not need them. */
function offline(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return env;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lp-contract-'));
  scratch.push(dir);
  return dir;
}

it('the committed contract is what the code generates, byte for byte, twice, without PostgreSQL or Redis', async () => {
  const runs = [scratchDir(), scratchDir()];
  for (const out of runs) await run(process.execPath, [CLI, '--out', out], { env: offline(), cwd: ROOT });
  const differing = Object.entries(COMMITTED).filter(([name, committed]) =>
    runs.some((out) => !readFileSync(join(out, name)).equals(readFileSync(committed))),
  );
  const doc = JSON.parse(readFileSync(COMMITTED['openapi.json'], 'utf8')) as Document;
  const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
  // every operation says what it answers: a schema for each 2xx body, or none for a 204
  const described = operations.filter((op) =>
    Object.entries(op.responses ?? {}).some(([status, answer]) => status === '204' || (status.startsWith('2') && Object.values(answer.content ?? {}).every((media) => media.schema && !isBareObject(media.schema)))),
  );
  process.stdout.write(
    `api contract: generated twice offline, ${Object.keys(COMMITTED).length - differing.length} of ${Object.keys(COMMITTED).length} files identical to the committed ones` +
      `${differing.length ? ` (different: ${differing.map(([name]) => name).join(', ')}; run npm run api:types)` : ''}; ` +
      `${described.length} of ${operations.length} operations declare their answer, ${Object.keys(doc.components.schemas).length} schemas\n`,
  );
  expect(differing.map(([name]) => name)).toEqual([]);
  expect(described.length).toBe(operations.length);
}, 120_000);

function isBareObject(schema: object): boolean {
  const keys = Object.keys(schema);
  return keys.length === 1 && (schema as { type?: unknown }).type === 'object';
}

it('the mini program calls the server only through the typed client, with answer types from the document', () => {
  const sources = filesUnder(join(MINIAPP, 'src')).filter((f) => /\.tsx?$/.test(f) && !f.includes(`${join('services', 'api')}`));
  const untyped = sources.filter((f) => /\bapi\.(get|post|put|delete|postBytes)</.test(readFileSync(f, 'utf8')));
  // a type the server answers with, imported from the shared package instead of the generated aliases
  const answerTypes = new Set([...readFileSync(COMMITTED['types.ts'], 'utf8').matchAll(/^export type (\w+) =/gm)].map((m) => m[1]));
  const shared: string[] = [];
  for (const file of sources) {
    for (const m of readFileSync(file, 'utf8').matchAll(/import(?: type)? \{([^}]*)\} from '@lp\/shared'/g)) {
      for (const name of m[1].split(',').map((part) => part.replace(/^\s*type\s+/, '').trim()).filter(Boolean)) {
        if (answerTypes.has(name)) shared.push(`${file.slice(ROOT.length + 1)}: ${name}`);
      }
    }
  }
  process.stdout.write(`typed client: ${sources.length} mini program files, ${untyped.length} with api.<method><T>(), ${shared.length} answer types taken from @lp/shared\n`);
  expect(untyped.map((f) => f.slice(ROOT.length + 1))).toEqual([]);
  expect(shared).toEqual([]);
});

it("a response field renamed on the server fails the mini program's type check", async () => {
  // a scratch copy of the mini program, with the document as if the server had renamed OfferingSummary.title
  const dir = scratchDir();
  const copy = join(dir, 'miniapp');
  for (const part of ['src', 'types', 'config', 'tsconfig.json']) cpSync(join(MINIAPP, part), join(copy, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const doc = JSON.parse(readFileSync(COMMITTED['openapi.json'], 'utf8')) as Document;
  const summary = doc.components.schemas.OfferingSummary;
  expect(summary.properties?.title).toBeDefined();
  summary.properties = Object.fromEntries(Object.entries(summary.properties ?? {}).map(([key, value]) => [key === 'title' ? 'heading' : key, value]));
  summary.required = (summary.required ?? []).map((key) => (key === 'title' ? 'heading' : key));
  const renamed = join(dir, 'renamed.json');
  writeFileSync(renamed, JSON.stringify(doc));
  await run(process.execPath, [CLI, '--types-from', renamed, '--out', join(copy, 'src', 'services', 'api')], { env: offline(), cwd: ROOT });

  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await run(process.execPath, [tsc, '--noEmit', '-p', copy], { cwd: copy, maxBuffer: 16 * 1024 * 1024 }).then(
    () => ({ failed: false, output: '' }),
    (err: { stdout?: string }) => ({ failed: true, output: err.stdout ?? '' }),
  );
  const errors = result.output.split('\n').filter((line) => /error TS\d+/.test(line));
  const aboutTitle = errors.filter((line) => /'title'|"title"|\btitle\b/.test(line));
  process.stdout.write(
    `renamed field: OfferingSummary.title → heading in the document; the mini program's type check ${result.failed ? 'failed' : 'passed'} with ${errors.length} errors, ` +
      `${aboutTitle.length} naming title (first: ${(aboutTitle[0] ?? '').trim().slice(0, 160)})\n`,
  );
  expect(result.failed).toBe(true);
  expect(aboutTitle.length).toBeGreaterThan(0);
}, 180_000);
