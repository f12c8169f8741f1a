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
function raw(path: string, acceptEncoding: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((ok, fail) => {
    const req = request(server.url + path, { headers: { 'accept-encoding': acceptEncoding, ...headers } }, (res) => {
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

it('sends to the first screen only the web components that pages of the main package use', async () => {
  // the video player, pickers, text area, map, canvas and scrolling table belong to the chunks of the
  // pages that use them (miniapp/src/ui/rare), and the browser-sniffing library behind
  // getSystemInfoSync (its table of browsers names Konqueror) to none of them
  const html = decoded(await raw('/', 'br')).toString('utf8');
  const scripts = assetsOf(html).filter((path) => path.endsWith('.js'));
  const defined = new Set<string>();
  for (const path of scripts) {
    const text = decoded(await raw(path, 'br')).toString('utf8');
    for (const m of text.matchAll(/taro-[a-z-]+-core/g)) defined.add(m[0]);
    expect(text).not.toContain('Konqueror');
  }
  process.stdout.write(`web components in the first load: ${[...defined].sort().join(' ')}\n`);
  expect(defined).toContain('taro-view-core');
  for (const rare of ['video', 'map', 'picker', 'textarea', 'canvas', 'scroll-view']) expect(defined).not.toContain(`taro-${rare}-core`);
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

/** The length an MP4 declares in its movie header (mvhd), in seconds, and whether the index comes before the media. */
function mp4Facts(bytes: Buffer): { seconds: number; faststart: boolean; h264: boolean } {
  const mvhd = bytes.indexOf('mvhd');
  const version = bytes[mvhd + 4];
  const [timescale, duration] =
    version === 1 ? [bytes.readUInt32BE(mvhd + 4 + 4 + 16), Number(bytes.readBigUInt64BE(mvhd + 4 + 4 + 16 + 4))] : [bytes.readUInt32BE(mvhd + 4 + 4 + 8), bytes.readUInt32BE(mvhd + 4 + 4 + 8 + 4)];
  return { seconds: duration / timescale, faststart: bytes.indexOf('moov') < bytes.indexOf('mdat'), h264: bytes.indexOf('avc1') > 0 };
}

it('serves each demo lesson a real H.264 video as long as the lesson, in the byte ranges players ask for', async () => {
  const list = JSON.parse(decoded(await raw('/api/offerings?kind=micro_course&limit=50', 'identity')).toString('utf8')) as { items: { id: number }[] };
  const rows: string[] = [];
  let lessons = 0;
  for (const { id } of list.items) {
    const detail = JSON.parse(decoded(await raw(`/api/offerings/${id}`, 'identity')).toString('utf8')) as { lessons: { title: string; videoUrl: string; durationSeconds: number }[] };
    for (const lesson of detail.lessons) {
      lessons += 1;
      expect(lesson.videoUrl).toMatch(/^\/media\/demo\/lesson-\d+s\.mp4$/);
      const video = await raw(lesson.videoUrl, 'gzip, br');
      expect(video.status).toBe(200);
      expect(video.headers.get('content-type')).toBe('video/mp4');
      expect(video.headers.get('content-encoding')).toBeNull();
      const facts = mp4Facts(video.bytes);
      expect(facts).toEqual({ seconds: lesson.durationSeconds, faststart: true, h264: true });
      rows.push(`  ${lesson.title}: ${lesson.videoUrl} ${video.bytes.length} B, ${facts.seconds} s`);
    }
  }
  const range = await raw('/media/demo/lesson-300s.mp4', 'identity', { range: 'bytes=0-99' });
  process.stdout.write(`demo videos: ${lessons} lessons\n${rows.join('\n')}\nrange bytes=0-99 → ${range.status} ${range.headers.get('content-range')}\n`);
  expect(lessons).toBeGreaterThan(0);
  expect(range.status).toBe(206);
  expect(range.bytes.length).toBe(100);
  expect((await raw('/media/../package.json', 'identity')).status).toBe(404);
});
