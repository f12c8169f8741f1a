// How long 首页 of the H5 app takes to become usable on a slow phone: the production H5 build served
// by the portal (compressed, as in production), Chromium at a 390-px phone viewport with 1.6 Mbps
// down, 750 Kbps up, 150 ms round trips and the CPU slowed 4×, a cold load each time (a new browser
// context, cache off), until the greeting and the first cards are on screen (the page's
// performance mark 'home-ready'). The baseline is the same job at its smallest: a static HTML page
// with a greeting and one card, loaded the same way from the same machine.
//
//   npm run bench:h5                      BENCH_RUNS=5 (loads of each page)
// Needs the H5 build (npm run build:h5 -w @lp/miniapp) and /usr/bin/chromium (or CHROMIUM_PATH).
// Prints a table, then one JSON line.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { benchDatabase, ROOT, round, startServer } from './harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 2500;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESIDENT_ID = '00000000-0000-4000-8000-000000000001'; // 王秀英 of the demo data
const VIEWPORT = { width: 390, height: 844 };
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) };
const CPU_SLOWDOWN = 4;
const READY_MARK = 'home-ready';

/** The minimal version of the same job: a greeting and one card, marked when shown. */
const BASELINE_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>首页</title><style>body{margin:0;font:18px sans-serif;background:#f4f6f8}.card{margin:12px;padding:16px;background:#fff;border-radius:12px}</style></head>
<body><div class="card"><h2>王秀英，您好！</h2><p>柳岸街道 · 柳岸社区</p></div>
<div class="card"><h3>太极拳入门</h3><p>12月5日 09:30 · 柳岸社区学校</p></div>
<script>performance.mark('${READY_MARK}')</script></body></html>`;

function staticServer() {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(BASELINE_HTML);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

/** One cold load of `url` under the throttling: ms from navigation start to the ready mark, and bytes over the wire. */
async function coldLoad(browser, url, session) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    if (session) {
      await context.addInitScript((stored) => {
        if (!localStorage.getItem('lp.session')) localStorage.setItem('lp.session', stored);
      }, JSON.stringify({ data: session }));
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
      requests += 1;
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, READY_MARK, { timeout: 60_000, polling: 50 });
    const ms = await page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, READY_MARK);
    return { ms: round(ms), bytes, requests };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

async function main() {
  if (!existsSync(join(ROOT, 'miniapp/dist/h5/index.html'))) throw new Error('no H5 build: run npm run build:h5 -w @lp/miniapp first');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  const db = await benchDatabase('lp_bench_h5');
  // the demo data (a resident with a year of learning, offerings near her) is what 首页 shows
  const server = await startServer(db.url, { NODE_ENV: 'development', DEMO_MODE: 'true' });
  const baseline = await staticServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'] });
  try {
    const login = await fetch(`${server.url}/api/auth/demo/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: RESIDENT_ID }) });
    if (!login.ok) throw new Error(`demo login answered ${login.status}`);
    const { accessToken, refreshToken, user } = await login.json();
    // one unthrottled load first, so the server's own first-request work is not counted as the phone's
    await coldLoad(browser, `${server.url}/`, { accessToken, refreshToken, user }).catch(() => undefined);

    const home = [];
    const base = [];
    console.log('run | home ms | home KB | requests | baseline ms | baseline KB');
    for (let i = 0; i < RUNS; i++) {
      const h = await coldLoad(browser, `${server.url}/`, { accessToken, refreshToken, user });
      const b = await coldLoad(browser, baseline.url, null);
      home.push(h);
      base.push(b);
      console.log(`${String(i + 1).padStart(3)} | ${String(h.ms).padStart(7)} | ${String(round(h.bytes / 1024)).padStart(7)} | ${String(h.requests).padStart(8)} | ${String(b.ms).padStart(11)} | ${round(b.bytes / 1024)}`);
    }
    const homeMs = median(home.map((r) => r.ms));
    const baselineMs = median(base.map((r) => r.ms));
    const bytes = median(home.map((r) => r.bytes));
    console.log(`median | ${homeMs} | ${round(bytes / 1024)} | ${median(home.map((r) => r.requests))} | ${baselineMs} | ${round(median(base.map((r) => r.bytes)) / 1024)}`);
    console.log(`target ≤ ${TARGET_MS} ms: ${homeMs <= TARGET_MS ? 'met' : 'NOT met'}; baseline (static greeting + one card) ${baselineMs} ms`);
    console.log(
      JSON.stringify({
        bench: 'h5',
        home_ms: homeMs,
        baseline_ms: baselineMs,
        runs: RUNS,
        bytes,
        requests: median(home.map((r) => r.requests)),
        target_ms: TARGET_MS,
        within_target: homeMs <= TARGET_MS,
        network: { down_kbps: 1600, up_kbps: 750, rtt_ms: 150 },
        cpu_slowdown: CPU_SLOWDOWN,
      }),
    );
  } finally {
    await browser.close();
    baseline.close();
    await server.stop();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
