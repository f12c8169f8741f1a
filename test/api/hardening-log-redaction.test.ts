import { TokenPair } from '@lp/shared';
import { Http } from '../support/api';
import { idNumberFor, uniquePhone } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { rawRequest } from '../support/raw-http';
import { ServerProcess, startServerProcess } from '../support/server-process';

/**
 * Class 9 of the hardening issue: phone and ID numbers put where a log could pick them up (a URL
 * path, a query string, nested body fields, a field name, a value PostgreSQL quotes back in an
 * error), in every written form (+86, spaced, hyphenated, percent-encoded, X as check digit, the
 * old 15 digits), with the server logging at trace; none of them may appear in its output.
 */
let server: ServerProcess;

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_log_redaction');
  server = await startServerProcess(db, { LOG_LEVEL: 'trace' });
}, 120_000);
afterAll(() => server?.stop());

it('no phone or ID number sent in a path, query or body reaches the log, in any written form', async () => {
  const http = new Http(server.url);
  const admin = (await http.post<TokenPair>('/api/auth/password/login', { username: 'admin_district', password: 'demo12345' })).body.accessToken;
  const phone = uniquePhone();
  const id18 = idNumberFor('1961-04-09');
  const id15 = `${id18.slice(0, 6)}${id18.slice(8, 17)}`;
  const idX = `${id18.slice(0, 17)}X`;
  const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  const hyphened = `+86-${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
  const written = [phone, `+86${phone}`, `0086${phone}`, spaced, hyphened, id18, id15, idX];
  const paths = [
    `/api/admin/residents/${phone}`,
    `/api/admin/residents/${id18}/groups`,
    `/api/offerings/${idX}`,
    `/api/transcripts/${id15}/status`,
    `/api/uploads/%2B86%20${phone.slice(0, 3)}%20${phone.slice(3, 7)}%20${phone.slice(7)}`,
    `/api/offerings?keyword=${phone}&phone=${encodeURIComponent(spaced)}&id=${id18}`,
    `/api/admin/residents?q=${encodeURIComponent(hyphened)}&limit=${id15}`,
    `/verify/${id18}`,
    `/api/${phone}/${id18}`,
  ];
  let sent = 0;
  const statuses = new Set<number>();
  for (const path of paths) {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      sent += 1;
      statuses.add((await rawRequest(server.url, method, path, { authorization: `Bearer ${admin}` })).status);
    }
  }
  const bodies = [
    { realName: '日志测试', phone, idNumber: id18, birthDate: '1961-04-09', communityId: 1, groups: [] },
    { nested: { deeper: { contacts: [{ tel: `+86 ${spaced}`, note: `身份证 ${idX}` }], [phone]: id15 } } },
    { phone: Number(phone), idNumber: id15, extra: [hyphened, `0086${phone}`] },
  ];
  const targets = ['/api/me/profile', '/api/teacher/sessions/1/proxy-check-ins', '/api/offerings', `/api/admin/residents/${phone}/groups`, '/api/check-ins'];
  for (const target of targets) {
    for (const body of bodies) {
      for (const method of ['POST', 'PUT']) {
        sent += 1;
        const reply = await rawRequest(server.url, method, target, { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, JSON.stringify(body));
        statuses.add(reply.status);
      }
    }
  }
  await new Promise((r) => setTimeout(r, 500)); // the last lines reach the pipe
  const logs = server.output();
  const leaked = written.filter((w) => logs.includes(w) || logs.includes(encodeURIComponent(w)));
  const lines = logs.split('\n').filter((l) => l.includes('"path"')).length;
  process.stdout.write(
    `log redaction: ${written.length} written forms of a phone and an ID number in ${sent} requests (path, query, nested body, keys; statuses ${[...statuses].sort().join('/')}), ` +
      `${lines} request log lines at trace, ${leaked.length} forms found in the log\n`,
  );
  expect(lines).toBeGreaterThan(sent / 2); // the requests were logged, with their paths
  expect(logs).toContain('[phone]');
  expect(leaked).toEqual([]);
}, 120_000);
