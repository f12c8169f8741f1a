// bench:catalogue — list and search latency with 50,000 published activities, against a plain
// indexed SQL query for the same page in the same run. Last line: JSON.
//   BENCH_OFFERINGS (default 50000)  BENCH_REQUESTS (default 300 per case)
import pg from 'pg';
import { benchDatabase, round, startServer, time } from './harness.mjs';

const OFFERINGS = Number(process.env.BENCH_OFFERINGS ?? 50_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);

const db = await benchDatabase('lp_bench_catalogue');
const client = new pg.Client({ connectionString: db.url });
await client.connect();

process.stdout.write(`generating ${OFFERINGS} published activities… `);
let t0 = Date.now();
await client.query(`
  INSERT INTO area (id, code, name, level, parent_id, path) VALUES (1, 'B', '基准区', 'district', NULL, '/1/');
  INSERT INTO area (id, code, name, level, parent_id, path)
    SELECT 1 + s, 'B' || s, '街道' || s, 'street', 1, '/1/' || (1 + s) || '/' FROM generate_series(1, 4) s;
  INSERT INTO area (id, code, name, level, parent_id, path)
    SELECT 10 + s, 'B' || s || 'C', '社区' || s, 'community', 2 + (s % 4), '/1/' || (2 + (s % 4)) || '/' || (10 + s) || '/' FROM generate_series(1, 20) s;
  SELECT setval(pg_get_serial_sequence('area', 'id'), 100);
  INSERT INTO school (id, name, type, area_id) VALUES (1, '基准学校', 'community_college', 1);
  INSERT INTO venue (id, name, address, latitude, longitude, capacity, area_id)
    SELECT s, '场地' || s, '地址' || s, 29.60 + (s % 10) * 0.01, 121.35 + (s / 10) * 0.01, 100, 10 + 1 + (s % 20) FROM generate_series(1, 100) s;
  INSERT INTO app_user (id, role, display_name, username, password_hash, school_id)
    VALUES ('00000000-0000-4000-8000-00000000b001', 'teacher', '基准老师', 'bench', 'x', 1);
`);
const words = ['智能手机', '书法', '太极拳', '合唱', '烘焙', '电工', '直播', '防诈骗', '绘本', '读书会', '高血压', '急救', '广场舞', '摄影', '茶艺', '编织', '英语', '法律', '垃圾分类', '围棋'];
const categories = ['senior_education', 'vocational_skills', 'family_education', 'traditional_culture', 'popular_science', 'health', 'arts_sports', 'digital_literacy', 'theory'];
await client.query(
  `INSERT INTO offering (kind, title, description, category, area_id, school_id, venue_id, author_id, capacity, enrolled_count,
                         enroll_opens_at, enroll_closes_at, starts_at, ends_at, session_count, status, published_at)
   SELECT 'activity',
          ($2::text[])[1 + s % 20] || '讲座第' || s || '期',
          '面向社区居民的' || ($2::text[])[1 + (s * 7) % 20] || '学习活动，欢迎参加。',
          ($3::text[])[1 + s % 9]::offering_category,
          10 + 1 + (s % 20), 1, 1 + (s % 100), '00000000-0000-4000-8000-00000000b001', 30, s % 31,
          now() - interval '1 day', now() + (s % 90) * interval '1 day' + interval '1 day',
          now() + (s % 90) * interval '1 day' + interval '2 days' + (s % 600) * interval '1 minute',
          now() + (s % 90) * interval '1 day' + interval '2 days' + (s % 600) * interval '1 minute' + interval '2 hours',
          1, 'published', now()
   FROM generate_series(1, $1) s`,
  [OFFERINGS, words, categories],
);
await client.query(`INSERT INTO offering_session (offering_id, seq, starts_at, ends_at, minutes) SELECT id, 1, starts_at, ends_at, 90 FROM offering`);
await client.query('ANALYZE');
console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);

const server = await startServer(db.url);
const get = async (path) => {
  const res = await fetch(server.url + path);
  if (res.status !== 200) throw new Error(`${path} → ${res.status}`);
  return res.json();
};

// the same pages, asked of the API and of PostgreSQL directly
const listSql = `SELECT id, title, category, starts_at, capacity - enrolled_count AS places FROM offering
                 WHERE status = 'published' AND ends_at > now() ORDER BY starts_at, id LIMIT 20`;
const searchSql = `SELECT id, title, category, starts_at, capacity - enrolled_count AS places FROM offering
                   WHERE status = 'published' AND ends_at > now() AND search @@ plainto_tsquery('simple', lp_bigrams($1))
                   ORDER BY starts_at, id LIMIT 20`;
const queries = ['手机', '书法', '太极', '急救', '茶艺', '围棋'];

const apiList = await time(REQUESTS, 20, () => get('/api/offerings?limit=20'));
const apiSearch = await time(REQUESTS, 20, (i) => get(`/api/offerings?limit=20&q=${encodeURIComponent(queries[i % queries.length])}`));
const apiNear = await time(REQUESTS, 20, (i) => get(`/api/offerings?limit=20&lat=${29.6 + (i % 10) * 0.01}&lng=121.4&withinMeters=3000`));
const apiFiltered = await time(REQUESTS, 20, (i) => get(`/api/offerings?limit=20&category=${categories[i % 9]}&areaId=${2 + (i % 4)}&hasPlaces=true`));
const sqlList = await time(REQUESTS, 20, () => client.query(listSql));
const sqlSearch = await time(REQUESTS, 20, (i) => client.query(searchSql, [queries[i % queries.length]]));

// the two answer the same page
const [apiPage, sqlPage] = [await get('/api/offerings?limit=20'), (await client.query(listSql)).rows];
const samePage = JSON.stringify(apiPage.items.map((o) => o.id)) === JSON.stringify(sqlPage.map((r) => r.id));
const apiFound = await get(`/api/offerings?limit=20&q=${encodeURIComponent('手机')}`);
const sqlFound = (await client.query(searchSql, ['手机'])).rows;
const sameSearch = JSON.stringify(apiFound.items.map((o) => o.id)) === JSON.stringify(sqlFound.map((r) => r.id));

await server.stop();
await client.end();
await db.close();

console.log(`
offerings: ${OFFERINGS}, requests per case: ${REQUESTS} (one at a time, after 20 warm-up)
                                  p50 ms   p99 ms
API   list (first page)         ${String(apiList.p50).padStart(8)} ${String(apiList.p99).padStart(8)}
API   search (keyword)          ${String(apiSearch.p50).padStart(8)} ${String(apiSearch.p99).padStart(8)}
API   near me (3 km, by distance)${String(apiNear.p50).padStart(7)} ${String(apiNear.p99).padStart(8)}
API   category + area + places  ${String(apiFiltered.p50).padStart(8)} ${String(apiFiltered.p99).padStart(8)}
SQL   list, same page           ${String(sqlList.p50).padStart(8)} ${String(sqlList.p99).padStart(8)}
SQL   search, same page         ${String(sqlSearch.p50).padStart(8)} ${String(sqlSearch.p99).padStart(8)}
same page from API and SQL: list ${samePage}, search ${sameSearch}`);
console.log(JSON.stringify({
  offerings: OFFERINGS,
  list_p50_ms: apiList.p50, list_p99_ms: apiList.p99,
  search_p50_ms: apiSearch.p50, search_p99_ms: apiSearch.p99,
  near_p50_ms: apiNear.p50, near_p99_ms: apiNear.p99,
  filtered_p50_ms: apiFiltered.p50, filtered_p99_ms: apiFiltered.p99,
  sql_list_p50_ms: sqlList.p50, sql_list_p99_ms: sqlList.p99,
  sql_search_p50_ms: sqlSearch.p50, sql_search_p99_ms: sqlSearch.p99,
  list_overhead_p50_ms: round(apiList.p50 - sqlList.p50),
  same_page: samePage && sameSearch,
}));
