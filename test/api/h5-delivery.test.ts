import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { freshDatabase } from '../support/global-setup';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/*
 * How the H5 app reaches a phone on a slow connection: its files compressed (brotli, else gzip),
 * hashed files kept for a year, index.html checked on every visit, and lesson videos allowed only
 * from the portal itself and the origins the district configures.
 */
const MEDIA_ORIGIN = 'https://video.example.gov.cn';
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess(await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_e2e_h5_delivery'), { MEDIA_ORIGINS: MEDIA_ORIGIN });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

interface Fetched {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

/** A GET whose body stays as sent: Node's fetch would decompress it and hide the encoding. */
function raw(path: string, acceptEncoding: string): Promise<Fetched> {
  return new Promise((ok, fail) => {
    const req = request(server.url + path, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
        ok({ status: res.statusCode ?? 0, headers, bytes: Buffer.concat(chunks) });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

function decoded(f: Fetched): Buffer {
  const encoding = f.headers.get('content-encoding');
  if (encoding === 'br') return brotliDecompressSync(f.bytes);
  if (encoding === 'gzip') return gunzipSync(f.bytes);
  return f.bytes;
}

/** The scripts and style sheets index.html loads first. */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
}

it('sends the app’s files compressed, hashed ones cached for a year and index.html revalidated', async () => {
  const index = await raw('/', 'br, gzip');
  expect(index.status).toBe(200);
  expect(index.headers.get('cache-control')).toBe('no-cache');
  const html = decoded(index).toString('utf8');
  const assets = assetsOf(html);
  expect(assets.length).toBeGreaterThan(0);

  const rows: string[] = [];
  let plainTotal = 0;
  let brTotal = 0;
  for (const path of assets) {
    const plain = await raw(path, 'identity');
    const br = await raw(path, 'gzip, deflate, br');
    const gzip = await raw(path, 'gzip');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
    // the same bytes whichever way they travel
    if (plain.bytes.length > 1024) {
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(gzip.headers.get('content-encoding')).toBe('gzip');
    }
    expect(decoded(br).equals(plain.bytes)).toBe(true);
    expect(decoded(gzip).equals(plain.bytes)).toBe(true);
    plainTotal += plain.bytes.length;
    brTotal += br.bytes.length;
    rows.push(`  ${path}: ${plain.bytes.length} B → br ${br.bytes.length} B, gzip ${gzip.bytes.length} B`);
  }
  process.stdout.write(`H5 first load: ${assets.length} files, ${plainTotal} B plain, ${brTotal} B with brotli\n${rows.join('\n')}\n`);
  expect(brTotal).toBeLessThan(plainTotal * 0.45);
});

it('compresses API answers on the fly when they are large enough, and leaves small ones alone', async () => {
  const list = await raw('/api/offerings?limit=50', 'br');
  expect(list.status).toBe(200);
  const plain = await raw('/api/offerings?limit=50', 'identity');
  expect(plain.bytes.length).toBeGreaterThan(1024);
  expect(list.headers.get('content-encoding')).toBe('br');
  expect(JSON.parse(decoded(list).toString('utf8'))).toEqual(JSON.parse(plain.bytes.toString('utf8')));
  const small = await raw('/api/health/live', 'br');
  expect(small.headers.get('content-encoding')).toBeNull();
  process.stdout.write(`API: GET /api/offerings ${plain.bytes.length} B plain → ${list.bytes.length} B br; /api/health/live ${small.bytes.length} B sent plain\n`);
});

it('lets lesson videos come from the portal and the configured origins only', async () => {
  const res = await raw('/', 'identity');
  const csp = res.headers.get('content-security-policy') ?? '';
  const media = /media-src ([^;]+)/.exec(csp)?.[1].split(/\s+/) ?? [];
  process.stdout.write(`content security policy media-src: ${media.join(' ')}\n`);
  expect(media).toEqual(expect.arrayContaining(["'self'", MEDIA_ORIGIN]));
  expect(media).not.toContain('https:');
  expect(media).not.toContain('*');
});
