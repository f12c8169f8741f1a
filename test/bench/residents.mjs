// bench:residents — the administrators' resident list (GET /api/admin/residents, POST …/search) with BENCH_RESIDENTS
// residents: the first pages of the district, a search by full name, a search by full phone number
// and a page filtered by community and group, each against the minimal SQL for the same page (the
// same rows straight from PostgreSQL, no HTTP, no decryption), measured in the same run on the same data.
// Residents are generated inside PostgreSQL (INSERT … SELECT generate_series); name and phone hashes
// are the server's HMAC computed by pgcrypto under the key the server is started with.
// The master-data tables are timed at the same data size: GET /api/admin/schools and /api/admin/venues
// (pages, a search, a street) with two schools and three venues per community, and GET /api/areas/manage.
// Last line: {"list_p95_ms":…,"name_p95_ms":…,"phone_p95_ms":…,"filtered_p95_ms":…,"schools_p95_ms":…,"venues_p95_ms":…,"areas_p95_ms":…,"target_ms":200,…}.
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { accessTokens, benchDatabase, round, seedDistrict, startServer, time } from './harness.mjs';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PAGE = 20;
const TARGET_MS = 200;
const STREETS = Math.max(2, Math.min(12, Math.round(RESIDENTS / 10_000)));
const PER_STREET = Math.max(2, Math.min(20, Math.round(RESIDENTS / STREETS / 1_000)));
const COMMUNITIES = STREETS * PER_STREET;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国玉梅红云飞鹏辉宇晨文斌志忠丹萍琳宁波凤春海燕慧雪琴立新德福';

const FIELD_KEY = randomBytes(32);
const LOOKUP_KEY = randomBytes(32).toString('hex');
const access = accessTokens();
/** The server's AES-256-GCM field format, for a pool of stored phones and ID numbers the list decrypts. */
function encrypt(plain) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', FIELD_KEY, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}
const POOL = 256;
const phonePool = Array.from({ length: POOL }, (_, i) => encrypt(`138${String(i).padStart(8, '0')}`));
const idPool = Array.from({ length: POOL }, (_, i) => encrypt(`330299195801${String(10000 + i).slice(-4)}${i % 10}X`.slice(0, 18)));

const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const step = (label) => {
  process.stdout.write(`${label}… `);
  const t = Date.now();
  return () => console.log(secs(t));
};
// resident n: a name made of a surname and two given characters (unique up to a million), phone 138 + n
const NAME = (n) => `substr($3, 1 + (${n}) % 100, 1) || substr($4, 1 + ((${n}) / 100) % 50, 1) || substr($4, 1 + ((${n}) / 5000) % 50, 1)`;
const nameOf = (n) => SURNAMES[n % 100] + GIVEN[Math.floor(n / 100) % 50] + GIVEN[Math.floor(n / 5000) % 50];
const phoneOf = (n) => `138${String(n).padStart(8, '0')}`;

const db = await benchDatabase('lp_bench_residents');
const client = new pg.Client({ connectionString: db.url });
await client.connect();
await client.query(`SET statement_timeout = 0`);
await client.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

let done = step(`district with ${STREETS} streets and ${COMMUNITIES} communities`);
await seedDistrict(client, COMMUNITIES, { perStreet: PER_STREET });
done();

done = step(`${RESIDENTS.toLocaleString()} residents`);
let t0 = Date.now();
await client.query(`SET session_replication_role = replica`); // bulk load: consistent by construction, skip per-row FK triggers
await client.query(
  `INSERT INTO app_user (id, role, display_name, wechat_openid)
   SELECT md5('r' || n)::uuid, 'resident', '居民', 'bench-' || n FROM generate_series(1, $1) n`,
  [RESIDENTS],
);
// half the residents gave an ID number; one in six of working age is unemployed; bindings spread over two years
await client.query(
  `INSERT INTO resident_profile (user_id, real_name, name_hash, phone_enc, phone_hash, id_number_enc, id_number_hash,
                                 birth_date, community_id, groups, bound_at)
   SELECT md5('r' || n)::uuid, nm, encode(hmac('name:' || nm, $5, 'sha256'), 'hex'),
          ($6::text[])[1 + n % ${POOL}], encode(hmac('138' || lpad(n::text, 8, '0'), $5, 'sha256'), 'hex'),
          CASE WHEN n % 2 = 0 THEN ($7::text[])[1 + n % ${POOL}] END, CASE WHEN n % 2 = 0 THEN md5('i' || n) || md5('j' || n) END,
          make_date(1940 + n % 60, 1 + n % 12, 1 + n % 28), 1000 + n % $2,
          CASE n % 6 WHEN 0 THEN ARRAY['employed'] WHEN 1 THEN ARRAY['unemployed'] WHEN 2 THEN ARRAY['employed', 'migrant_worker']
                     WHEN 3 THEN ARRAY['farmer'] ELSE ARRAY[]::text[] END,
          now() - make_interval(secs => ((n::bigint * 7919) % (730 * 86400))::double precision)
     FROM generate_series(1, $1) n, LATERAL (SELECT ${NAME('n')} AS nm) x`,
  [RESIDENTS, COMMUNITIES, SURNAMES, GIVEN, LOOKUP_KEY, phonePool, idPool],
);
// the master-data tables beside them: two schools and three venues (two rooms each) per community
await client.query(
  `INSERT INTO school (name, type, area_id, address)
   SELECT '基准学校' || n, (ARRAY['community_college', 'street_school', 'citizen_school', 'senior_university'])[1 + n % 4]::school_type, 1000 + n % $1, '基准路' || n || '号'
     FROM generate_series(0, $1 * 2 - 1) n`,
  [COMMUNITIES],
);
await client.query(
  `INSERT INTO venue (name, address, latitude, longitude, capacity, area_id, opening_hours)
   SELECT '基准场地' || n, '场地路' || n || '号', 29.6 + (n % 100) / 1000.0, 121.4 + (n % 97) / 1000.0, 100, 1000 + n % $1,
          '[{"weekday":1,"opens":"08:30","closes":"17:00"},{"weekday":3,"opens":"08:30","closes":"17:00"}]'::jsonb
     FROM generate_series(0, $1 * 3 - 1) n`,
  [COMMUNITIES],
);
await client.query(`INSERT INTO venue_room (venue_id, name, capacity) SELECT id, r, 40 FROM venue, unnest(ARRAY['一号教室', '二号教室']) r`);
await client.query(`SET session_replication_role = origin`);
await client.query(`VACUUM ANALYZE`);
done();
const generateSeconds = round((Date.now() - t0) / 1000);

const adminId = randomUUID();
await client.query(`INSERT INTO app_user (id, role, display_name, area_id, username, password_hash) VALUES ($1, 'super_admin', '基准管理员', 1, 'bench', 'x')`, [adminId]);
const token = access.sign(adminId, 'super_admin', { area: 1 });
const server = await startServer(db.url, {
  JWT_SECRET: access.secret,
  FIELD_ENCRYPTION_KEY: FIELD_KEY.toString('base64'),
  LOOKUP_HASH_KEY: LOOKUP_KEY,
});

async function page(query) {
  const res = await fetch(`${server.url}/api/admin/residents?${new URLSearchParams({ limit: String(PAGE), ...query })}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`list ${JSON.stringify(query)}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A search goes in a POST body: a phone number never sits in a URL. */
async function search(q) {
  const res = await fetch(`${server.url}/api/admin/residents/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ q, limit: PAGE }),
  });
  if (res.status !== 200) throw new Error(`search: ${res.status} ${await res.text()}`);
  return res.json();
}

// the district's first ten pages, walked once for their cursors, then asked for in turn
const cursors = [undefined];
for (let i = 1; i < 10; i++) cursors.push((await page(cursors[i - 1] ? { cursor: cursors[i - 1] } : {})).nextCursor);
const targets = Array.from({ length: 50 }, (_, i) => 1 + ((i + 1) * 104_729) % RESIDENTS);
const community = 1000 + Math.min(3, COMMUNITIES - 1);
const filtered = { areaId: String(community), group: 'unemployed' };

// every search finds exactly its resident; a partial name finds nobody
const problems = [];
for (const n of targets.slice(0, 5)) {
  const byName = await search(nameOf(n));
  const byPhone = await search(phoneOf(n));
  if (byName.items.length !== 1 || byPhone.items.length !== 1 || byName.items[0].userId !== byPhone.items[0].userId) {
    problems.push(`resident ${n}: ${byName.items.length} by name, ${byPhone.items.length} by phone`);
  }
}
if ((await search(nameOf(targets[0]).slice(0, 2))).items.length) problems.push('a partial name found someone');

const health = await time(REQUESTS, 10, () => fetch(`${server.url}/api/health`).then((r) => r.arrayBuffer()));
const list = await time(REQUESTS, 10, (i) => page(cursors[i % 10] ? { cursor: cursors[i % 10] } : {}));
const byName = await time(REQUESTS, 10, (i) => search(nameOf(targets[i % 50])));
const byPhone = await time(REQUESTS, 10, (i) => search(phoneOf(targets[i % 50])));
const filteredPage = await time(REQUESTS, 10, () => page(filtered));
// the master-data tables at the same data size: schools and venues (first pages, a search, a street), the area tree
async function admin(path) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
const placeQueries = (i) => ['', `?page=${1 + (i % 5)}`, `?q=${encodeURIComponent(String(i % 9))}`, `?areaId=${2 + (i % STREETS)}&active=true`][i % 4];
const schools = await time(REQUESTS, 10, (i) => admin(`/api/admin/schools${placeQueries(i)}`));
const venues = await time(REQUESTS, 10, (i) => admin(`/api/admin/venues${placeQueries(i)}`));
const areaTree = await time(REQUESTS, 10, () => admin('/api/areas/manage'));
const firstSchools = await admin('/api/admin/schools');
if (firstSchools.total !== COMMUNITIES * 2 || firstSchools.items.length !== Math.min(PAGE, COMMUNITIES * 2)) problems.push(`schools table: ${firstSchools.total} in all, ${firstSchools.items.length} on page 1`);
await server.stop();

// --- the minimal SQL for the same pages: the rows and nothing else, hashes given, no HTTP
const SQL = (where) => `
  SELECT p.user_id, p.real_name, p.phone_enc, p.id_number_enc, p.birth_date, p.groups, p.bound_at, a.id, a.name
    FROM resident_profile p JOIN area a ON a.id = p.community_id
   WHERE a.path LIKE $1 ${where} ORDER BY p.bound_at DESC, p.user_id DESC LIMIT ${PAGE + 1}`;
const hmac = async (value) => (await client.query(`SELECT encode(hmac($1, $2, 'sha256'), 'hex') AS h`, [value, LOOKUP_KEY])).rows[0].h;
const nameHashes = [];
const phoneHashes = [];
for (const n of targets) {
  nameHashes.push(await hmac(`name:${nameOf(n)}`));
  phoneHashes.push(await hmac(phoneOf(n)));
}
const communityPath = (await client.query(`SELECT path FROM area WHERE id = $1`, [community])).rows[0].path;
const sql = (text, params) => client.query(text, params);
const sqlList = await time(REQUESTS, 10, () => sql(SQL(''), ['/1/%']));
const sqlName = await time(REQUESTS, 10, (i) => sql(SQL('AND p.name_hash = $2'), ['/1/%', nameHashes[i % 50]]));
const sqlPhone = await time(REQUESTS, 10, (i) => sql(SQL('AND p.phone_hash = $2'), ['/1/%', phoneHashes[i % 50]]));
const sqlFiltered = await time(REQUESTS, 10, () => sql(SQL(`AND p.groups @> ARRAY['unemployed']`), [`${communityPath}%`]));
await client.end();
await db.close();

if (problems.length) console.warn(`wrong answers:\n  ${problems.join('\n  ')}`);
const row = (label, api, base) =>
  `${label.padEnd(30)}${String(api.p50).padStart(8)} ${String(api.p95).padStart(8)}${base ? `${String(base.p50).padStart(10)} ${String(base.p95).padStart(8)}` : ''}`;
const worst = Math.max(list.p95, byName.p95, byPhone.p95, filteredPage.p95, schools.p95, venues.p95, areaTree.p95);
console.log(`
${RESIDENTS.toLocaleString()} residents in ${COMMUNITIES} communities, generated in ${generateSeconds} s; ${REQUESTS} requests each, one at a time
                                  endpoint (ms)      minimal SQL (ms)
                                   p50      p95       p50      p95
${row('district, first 10 pages', list, sqlList)}
${row('search by full name', byName, sqlName)}
${row('search by full phone', byPhone, sqlPhone)}
${row('community + group filter', filteredPage, sqlFiltered)}
${row('schools table', schools)}
${row('venues table', venues)}
${row('area tree (manage)', areaTree)}
${row('GET /api/health (floor)', health)}
slowest p95 ${worst} ms (target: ≤ ${TARGET_MS} ms)`);
console.log(
  JSON.stringify({
    list_p95_ms: list.p95,
    name_p95_ms: byName.p95,
    phone_p95_ms: byPhone.p95,
    filtered_p95_ms: filteredPage.p95,
    schools_p95_ms: schools.p95,
    venues_p95_ms: venues.p95,
    areas_p95_ms: areaTree.p95,
    target_ms: TARGET_MS,
    within_target: worst <= TARGET_MS,
    searches_exact: problems.length === 0,
    list_p50_ms: list.p50,
    name_p50_ms: byName.p50,
    phone_p50_ms: byPhone.p50,
    filtered_p50_ms: filteredPage.p50,
    sql_list_p95_ms: sqlList.p95,
    sql_name_p95_ms: sqlName.p95,
    sql_phone_p95_ms: sqlPhone.p95,
    sql_filtered_p95_ms: sqlFiltered.p95,
    health_p95_ms: health.p95,
    residents: RESIDENTS,
  }),
);
if (problems.length) process.exitCode = 1;
