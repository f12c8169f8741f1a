import { CheckInDisplay, OfferingDetail, TokenPair } from '@lp/shared';
import { Client } from 'pg';
import { Http } from '../support/api';
import { activityInput } from '../support/catalogue';
import { idNumberFor, uniquePhone } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';

/**
 * Phone and ID numbers of known residents go through the API (binding, lists, searches, rosters, 代签 by
 * phone and by ID, the sign-in sheet); afterwards neither appears in any log line, in any
 * response in full, or in plain text in any column of any table.
 */
let server: ServerProcess;
let dbUrl: string;

beforeAll(async () => {
  dbUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_personal_data');
  server = await startServerProcess(dbUrl, { LOG_LEVEL: 'trace' });
}, 120_000);
afterAll(() => server?.stop());

it('phone and ID numbers appear in no log, no response and no column in plain text', async () => {
  const http = new Http(server.url);
  const responses: string[] = [];
  const keep = async <T>(p: Promise<{ status: number; body: T }>) => {
    const r = await p;
    responses.push(JSON.stringify(r.body));
    return r;
  };
  const login = async (username: string) =>
    (await keep(http.post<TokenPair>('/api/auth/password/login', { username, password: 'demo12345' }))).body.accessToken;
  const teacher = http.as(await login('teacher_demo'));
  const admin = http.as(await login('admin_district'));
  const tree = (await http.get<{ children: { children: { id: number }[] }[] }>('/api/areas/tree')).body;
  const community = tree.children[0].children[0].id;

  const people = [];
  for (let i = 0; i < 3; i++) {
    const birthDate = `19${50 + i}-0${i + 1}-1${i}`;
    const person = { phone: uniquePhone(), idNumber: idNumberFor(birthDate), birthDate };
    const tokens = (await http.post<TokenPair>('/api/auth/demo/login', { userId: 'new-resident' })).body;
    const as = http.as(tokens.accessToken);
    await keep(as.put('/api/me/profile', { realName: `隐私测试${'一二三'[i]}`, phone: person.phone, idNumber: person.idNumber, birthDate, communityId: community, groups: [] }));
    await keep(as.get('/api/me/profile'));
    people.push({ ...person, as });
  }
  const offering = (await keep(teacher.post<OfferingDetail>('/api/teacher/offerings', activityInput(null, { title: '隐私测试活动', allowWalkIn: true }, 0.2)))).body;
  await teacher.post(`/api/teacher/offerings/${offering.id}/submit`);
  await keep(admin.post(`/api/admin/offerings/${offering.id}/approve`));
  await keep(people[0].as.post(`/api/offerings/${offering.id}/enrollments`));
  const session = offering.sessions[0].id;
  const qr = (await teacher.get<CheckInDisplay>(`/api/teacher/sessions/${session}/qr`)).body;
  expect(qr.state).toBe('open');
  await keep(teacher.post(`/api/teacher/sessions/${session}/proxy-check-ins`, { phone: people[1].phone }));
  await keep(teacher.post(`/api/teacher/sessions/${session}/proxy-check-ins`, { idNumber: people[2].idNumber }));
  await keep(teacher.get(`/api/teacher/sessions/${session}/roster`));
  await keep(admin.get('/api/admin/residents?limit=100'));
  const found = await keep(admin.post<{ items: unknown[] }>('/api/admin/residents/search', { q: people[1].phone }));
  expect(found.body.items).toHaveLength(1); // the search did find someone, and still shows nothing in full
  await keep(admin.post('/api/admin/residents/search', { q: '隐私测试三' }));
  await keep(admin.post('/api/admin/residents/search', { q: people[2].phone.slice(0, 7) })); // refused: a partial phone
  await keep(admin.get('/api/admin/proxy-check-ins'));
  const sheet = await fetch(`${server.url}/api/teacher/sessions/${session}/sign-in-sheet`, { headers: { authorization: `Bearer ${await login('teacher_demo')}` } });
  responses.push(Buffer.from(await sheet.arrayBuffer()).toString('latin1'));

  // the database, every column of every row, as text
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  let everything = '';
  try {
    const tables = (await db.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows;
    for (const { tablename } of tables) everything += JSON.stringify((await db.query(`SELECT * FROM "${tablename}"`)).rows);
  } finally {
    await db.end();
  }
  const logs = server.output();
  expect(logs).toContain('/api/teacher/sessions'); // the logs did record the requests
  for (const p of people) {
    for (const secret of [p.phone, p.idNumber, p.idNumber.slice(6, 14) + p.idNumber.slice(14)]) {
      expect({ secret, inLogs: logs.includes(secret) }).toEqual({ secret, inLogs: false });
      expect({ secret, inResponses: responses.some((r) => r.includes(secret)) }).toEqual({ secret, inResponses: false });
      expect({ secret, inDatabase: everything.includes(secret) }).toEqual({ secret, inDatabase: false });
    }
  }
  process.stdout.write(`personal data: ${people.length} residents, ${responses.length} responses, ${logs.split('\n').length} log lines, 0 leaks\n`);
});
