import { TokenPair } from '@lp/shared';
import { performance } from 'node:perf_hooks';
import { Http } from '../support/api';
import { freshDatabase } from '../support/global-setup';
import { rawRequest } from '../support/raw-http';
import { ServerProcess, startServerProcess } from '../support/server-process';

/**
 * Class 10 of the hardening issue: a body with far more keys than any endpoint takes (20,000
 * unknown fields in 200 KB, 20,000 elements, nesting, long keys, a query with thousands of
 * parameters) is refused quickly with a small Chinese answer, and a resident reading the
 * catalogue at the same time is not slowed down.
 */
let server: ServerProcess;

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_amplification');
  server = await startServerProcess(db);
}, 120_000);
afterAll(() => server?.stop());

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

it('bodies with more keys than any endpoint takes get a small, fast 4xx and do not slow others down', async () => {
  const http = new Http(server.url);
  const admin = (await http.post<TokenPair>('/api/auth/password/login', { username: 'admin_district', password: 'demo12345' })).body.accessToken;
  const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, 'x'])));
  const bombs: [string, string, string][] = [
    ['20,000 unknown fields', '/api/me/profile', wide],
    ['20,000 unknown fields at a public login', '/api/auth/password/login', wide],
    ['20,000 array elements', '/api/notifications/read', JSON.stringify({ ids: Array.from({ length: 20_000 }, (_, i) => i + 1) })],
    ['1,000 fields in each of 20 objects', '/api/teacher/offerings', JSON.stringify({ sessions: Array.from({ length: 20 }, () => Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 1]))) })],
    ['2,000 objects nested', '/api/me/profile', '{"a":'.repeat(2000) + '1' + '}'.repeat(2000)],
    ['100 keys of 2,000 characters', '/api/me/profile', JSON.stringify(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`${i}`.padEnd(2000, 'k'), 1])))],
    ['40 unknown fields of 4,000 characters', '/api/me/profile', JSON.stringify(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`${i}`.padEnd(4000, 'k'), 1])))],
  ];
  const bad: string[] = [];
  const times: number[] = [];
  let largest = 0;
  for (const [label, path, body] of bombs) {
    const started = performance.now();
    const reply = await rawRequest(server.url, 'PUT', path, { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body);
    const replyPost = await rawRequest(server.url, 'POST', path, { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body);
    const ms = (performance.now() - started) / 2;
    times.push(ms);
    for (const r of [reply, replyPost]) {
      largest = Math.max(largest, r.text.length);
      if (r.status < 400 || r.status >= 500 || typeof r.json?.code !== 'string' || !/[\u4e00-\u9fa5]/.test(String(r.json?.message))) bad.push(`${label} → ${r.status} ${r.text.slice(0, 100)}`);
      if (r.text.length > 2048) bad.push(`${label}: an answer of ${r.text.length} bytes`);
    }
  }
  const query = `/api/offerings?${Array.from({ length: 1500 }, (_, i) => `p${i}=1`).join('&')}`;
  const queried = await rawRequest(server.url, 'GET', query);
  largest = Math.max(largest, queried.text.length);
  if (queried.status !== 413 && queried.status !== 400) bad.push(`1,500 query parameters → ${queried.status}`);
  if (queried.text.length > 2048) bad.push(`1,500 query parameters: an answer of ${queried.text.length} bytes`);

  // a resident reads the catalogue alone, then while 20,000-field bodies keep arriving one after another
  const read = async () => {
    const t = performance.now();
    await rawRequest(server.url, 'GET', '/api/offerings?limit=10');
    return performance.now() - t;
  };
  const alone: number[] = [];
  for (let i = 0; i < 40; i++) alone.push(await read());
  let attacking = true;
  // one client sending bombs back to back: under the old validation each held the server for a second
  const attackers = Array.from({ length: 1 }, async () => {
    while (attacking) await rawRequest(server.url, 'PUT', '/api/me/profile', { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, wide);
  });
  const during: number[] = [];
  for (let i = 0; i < 40; i++) during.push(await read());
  attacking = false;
  await Promise.all(attackers);

  const p50 = percentile(times, 50);
  process.stdout.write(
    `error amplification: ${bombs.length} key bombs up to ${(wide.length / 1024).toFixed(0)} KB and a 1,500-parameter query refused in ${p50.toFixed(0)} ms median (max ${Math.max(...times).toFixed(0)} ms), ` +
      `largest answer ${largest} bytes; catalogue p50 ${percentile(alone, 50).toFixed(0)} ms alone, ${percentile(during, 50).toFixed(0)} ms while bombs arrive back to back; ${bad.length} problems\n`,
  );
  expect(bad).toEqual([]);
  expect(p50).toBeLessThan(100);
  expect(percentile(during, 50)).toBeLessThan(Math.max(100, percentile(alone, 50) * 4));
}, 120_000);
