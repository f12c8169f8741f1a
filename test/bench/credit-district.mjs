// The credit district the account and reconciliation benchmarks share, generated inside PostgreSQL,
// set-based (INSERT … SELECT generate_series): `residents` residents over communities of ~3,300
// (at most 300), four in five of whom have about `perResident` learning records each a year over the
// last `years` years (1 unless told); resident 1 (the one bench:account reads) has `targetRecords` over five years, two approved
// certificates, a pending one and a conversion; one record in a thousand is voided. Then every grant
// the conversion rules make of them (rounding and the yearly caps by category and overall, in record
// id order, as window sums), the reversals of voided records, and the ledger's two entries per
// transfer with their balance chains and versions (running sums and counts per account). The bulk
// load runs with session_replication_role = replica (no per-row FK or deferred balance triggers);
// `ledger:reconcile` proves it sound and equal to a replay of the records through the rules.
import pg from 'pg';
import { seedDistrict } from './harness.mjs';

export const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
/** Prints a step's label; the function it returns prints how long the step took. */
export const step = (label) => {
  process.stdout.write(`${label}… `);
  const t = Date.now();
  return () => console.log(secs(t));
};

const TARGET_YEARS = 5;
const CHUNK = 2_000_000;
const CATEGORIES = `(ARRAY['senior_education', 'vocational_skills', 'family_education', 'traditional_culture', 'popular_science',
                           'health', 'arts_sports', 'digital_literacy', 'theory'])`;
const AGE = (n) => `(18 + ((${n})::bigint * 37) % 70)`;

/** Fills the (freshly migrated) database behind `client`; returns the resident read and the sizes. */
export async function generateCreditDistrict(client, { residents, perResident, targetRecords, years = 1 }) {
  const RESIDENTS = residents;
  const TARGET_RECORDS = targetRecords;
  // `perResident` records a year, over the last `years` years
  const RECORDS = Math.round(RESIDENTS * perResident * years);
  const SPAN_SECONDS = years * 365 * 86400;
  // ~3,300 residents a community (at most 300 communities), 20 communities a street
  const COMMUNITIES = Math.max(2, Math.min(300, Math.round(RESIDENTS / 3_300)));
  const STREETS = Math.ceil(COMMUNITIES / 20);
  // four residents in five learn; resident 1 is the one whose account is read, and gets only its own records
  const ACTIVE = Math.max(2, Math.floor(RESIDENTS * 0.8));
  await client.query(`SET statement_timeout = 0`);
  await client.query(`SET work_mem = '256MB'`);
  let done;
  let t0;
  // --- the district: 1 → streets → communities; the conversion rules the demo district starts with
  done = step(`district with ${STREETS} streets and ${COMMUNITIES} communities, default conversion rules`);
  await seedDistrict(client, COMMUNITIES);
  done();

  // --- residents: resident n has id md5('r' || n), lives in community 1000 + n % COMMUNITIES; one in 50 opted out of rankings
  done = step(`${RESIDENTS.toLocaleString()} residents`);
  await client.query(`SET session_replication_role = replica`); // bulk load, consistent by construction; proven below
  // the big tables' secondary indexes and unique constraints are built once after the load (a sort
  // each) rather than row by row in random order; rebuilding the unique ones proves them again
  const secondary = (
    await client.query(
      `SELECT i.indexrelid::regclass::text AS name, c.relname AS tab, con.conname AS constraint_name,
              CASE WHEN con.conname IS NOT NULL THEN pg_get_constraintdef(con.oid) ELSE pg_get_indexdef(i.indexrelid) END AS def
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('u', 'x')
        WHERE c.relname IN ('learning_record', 'ledger_transfer', 'ledger_entry') AND NOT i.indisprimary`,
    )
  ).rows;
  for (const x of secondary) {
    await client.query(x.constraint_name ? `ALTER TABLE ${x.tab} DROP CONSTRAINT ${x.constraint_name}` : `DROP INDEX ${x.name}`);
  }
  await client.query(
    `INSERT INTO app_user (id, role, display_name, is_demo)
     SELECT md5('r' || n)::uuid, 'resident', '居民' || n, true FROM generate_series(1, $1) n`,
    [RESIDENTS],
  );
  await client.query(
    // name_hash filled, as on a deployed portal (bench:stats and bench:checkin do the same): a NULL one is hashed
    // by the server before it listens, which at a million residents outlasts the benchmark's wait for it
    `INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, name_hash, birth_date, community_id, ranking_opt_out)
     SELECT md5('r' || n)::uuid, '居民' || n, 'v1.bench', md5('p' || n) || md5('q' || n), md5('n' || n) || md5('m' || n),
            make_date(2026 - ${AGE('n')}::int, 1 + n % 12, 1 + n % 28), 1000 + n % $2, n % 50 = 0 AND n > 1
       FROM generate_series(1, $1) n`,
    [RESIDENTS, COMMUNITIES],
  );
  done();
  const target = (await client.query(`SELECT md5('r1')::uuid AS id, 1000 + 1 % $1 AS community`, [COMMUNITIES])).rows[0];

  // --- learning records. The district's: residents 2…ACTIVE, about PER_RESIDENT each, over the last 365 days.
  // The resident read (resident 1): TARGET_RECORDS over five years, oldest first, half of them 老年教育 (so the
  // category cap binds as well as the overall one), from all three sources. Its records are interleaved with
  // everyone else's, as they are written in production, so they lie on as many heap pages as they would there.
  const targetRows = `
    SELECT (1 + ((i - 1)::bigint * $4) / $5) AS pos, 1 AS k, $6::uuid AS resident_id,
           (ARRAY['attendance', 'online_lesson', 'admin_import'])[1 + i % 3]::learning_source AS source, 'bench-target:' || i AS source_ref,
           CASE WHEN i % 2 = 0 THEN 'senior_education' ELSE ${CATEGORIES}[1 + i % 9] END::offering_category AS category,
           30 + (i * 37) % 151 AS minutes,
           now() - make_interval(secs => (($5 - i)::double precision * ${TARGET_YEARS} * 365 * 86400 / $5 + (i * 3301) % 3600)) AS occurred_at,
           $7::int AS area_id, ${AGE(1)} AS age_years, '社区课程第' || i || '讲' AS title
      FROM generate_series(1, $5) i WHERE 1 + ((i - 1)::bigint * $4) / $5 BETWEEN $1 AND $2`;
  t0 = Date.now();
  for (let from = 1; from <= RECORDS; from += CHUNK) {
    const to = Math.min(RECORDS, from + CHUNK - 1);
    process.stdout.write(`\rlearning records ${to.toLocaleString()} / ${RECORDS.toLocaleString()} (${secs(t0)})`);
    await client.query(
      `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, title)
       SELECT resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, title FROM (
         SELECT s AS pos, 0 AS k, md5('r' || n)::uuid AS resident_id, 'admin_import'::learning_source AS source, 'bench:' || s AS source_ref,
                ${CATEGORIES}[1 + (s * 7 + n) % 9]::offering_category AS category, 30 + s % 91 AS minutes,
                now() - make_interval(secs => ((s * 7919) % ${SPAN_SECONDS})::double precision) AS occurred_at,
                1000 + n % $3 AS area_id, ${AGE('n')} AS age_years, NULL AS title
           FROM generate_series($1::bigint, $2::bigint) s, LATERAL (SELECT 2 + (s * 2654435761) % (${ACTIVE} - 1) AS n) r
         UNION ALL ${targetRows}) x
       ORDER BY pos, k`,
      [from, to, COMMUNITIES, RECORDS, TARGET_RECORDS, target.id, target.community],
    );
  }
  console.log('');

  done = step('3 certificates, voided records and a conversion for the resident read');
  // three certificates: two approved (a record of 0 minutes each, credited from the achievement table), one pending
  await client.query(
    `INSERT INTO upload (owner_id, content_type, size_bytes, sha256, data)
     SELECT $1, 'image/png', 8, encode(sha256(decode('89504e470d0a1a0a', 'hex')), 'hex'), decode('89504e470d0a1a0a', 'hex')
       FROM generate_series(1, 3)`,
    [target.id],
  );
  await client.query(
    `WITH c(n, code, issued) AS (VALUES (1, 'skill_level_middle', date '2024-06-01'), (2, 'award_city_first', date '2025-10-15'))
     INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, title, evidence)
     SELECT $1, 'certification', 'certification:' || c.n, a.category, 0, (c.issued::timestamp AT TIME ZONE 'Asia/Shanghai'), $2, ${AGE(1)},
            a.name || '（' || a.level || '）', 'certificate:BENCH' || c.n
       FROM c JOIN credit_achievement a ON a.rule_set_id = 1 AND a.code = c.code ORDER BY c.n`,
    [target.id, target.community],
  );
  await client.query(
    `WITH c(n, code, issued, status) AS (VALUES (1, 'skill_level_middle', date '2024-06-01', 'approved'),
                                                (2, 'award_city_first', date '2025-10-15', 'approved'),
                                                (3, 'open_university_course', date '2026-03-01', 'pending')),
          u AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM upload WHERE owner_id = $1)
     INSERT INTO credit_certification (id, resident_id, area_id, rule_set_id, achievement_code, certificate_no, certificate_key, issuer, issued_on,
                                       evidence_upload_id, status, reviewed_at, learning_record_id, created_at)
     SELECT c.n, $1, $2, 1, c.code, 'BENCH-' || c.n, 'BENCH' || c.n, '基准发证机构', c.issued, u.id, c.status::certification_status,
            CASE WHEN c.status = 'approved' THEN c.issued + 30 END,
            (SELECT r.id FROM learning_record r WHERE r.source = 'certification' AND r.source_ref = 'certification:' || c.n),
            c.issued + 1
       FROM c JOIN u ON u.n = c.n`,
    [target.id, target.community],
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('credit_certification', 'id'), 3)`);
  // one record in a thousand voided (as the service does: a reversing record with the negated minutes, written last)
  await client.query(
    `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, resident_groups,
                                  title, voids_id, void_reason)
     SELECT resident_id, source, 'void:' || id, category, -minutes, occurred_at, area_id, age_years, resident_groups, title, id, '基准作废'
       FROM learning_record WHERE id % 1000 = 0 AND source <> 'certification' ORDER BY id`,
  );
  done();

  // --- the grants, exactly as the rules make them: worth = minutes × 1000 / minutes_per_credit rounded to
  // the rule's step; then, per resident and Shanghai year in record id order, held to the category cap
  // (running sum capped) and then to the overall cap (running sum of what the category caps let through,
  // capped). Once the overall cap is reached nothing more is granted that year, so this is exact.
  done = step('grants, reversals and the ledger');
  await client.query(`
    CREATE TEMP TABLE bench_grant AS
    WITH r AS (
      SELECT r.id, r.resident_id, r.category, date_part('year', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
             ((r.minutes * 1000) / (c.minutes_per_credit * c.rounding_step_milli)
              + CASE WHEN c.rounding = 'up' AND (r.minutes * 1000) % (c.minutes_per_credit * c.rounding_step_milli) > 0 THEN 1
                     WHEN c.rounding = 'nearest' AND 2 * ((r.minutes * 1000) % (c.minutes_per_credit * c.rounding_step_milli))
                                                     >= c.minutes_per_credit * c.rounding_step_milli THEN 1
                     ELSE 0 END) * c.rounding_step_milli AS worth,
             c.yearly_cap_milli AS category_cap, s.overall_yearly_cap_milli AS overall_cap
        FROM learning_record r
        JOIN credit_rule_set s ON s.id = 1
        JOIN credit_rule c ON c.rule_set_id = s.id AND c.category = r.category
       WHERE r.voids_id IS NULL AND r.source <> 'certification' AND r.minutes > 0),
    by_category AS (
      SELECT *, least(sum(worth) OVER w, category_cap) - least(sum(worth) OVER w - worth, category_cap) AS within_category
        FROM r WINDOW w AS (PARTITION BY resident_id, year, category ORDER BY id)),
    overall AS (
      SELECT *, least(sum(within_category) OVER w, overall_cap) - least(sum(within_category) OVER w - within_category, overall_cap) AS amount
        FROM by_category WINDOW w AS (PARTITION BY resident_id, year ORDER BY id))
    SELECT id AS record_id, resident_id, category, year, amount::bigint, true AS counts_against_caps FROM overall WHERE amount > 0
    UNION ALL
    -- approved certificates: the achievement's credits, outside the caps
    SELECT r.id, r.resident_id, a.category, date_part('year', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::int, a.credits_milli, false
      FROM credit_certification c
      JOIN learning_record r ON r.id = c.learning_record_id
      JOIN credit_achievement a ON a.rule_set_id = c.rule_set_id AND a.code = c.achievement_code`);
  // account ids: the issuer 1, the partner 2, then one per resident and category that was granted something
  await client.query(`
    CREATE TEMP TABLE bench_account AS
    SELECT 2 + row_number() OVER (ORDER BY resident_id, category) AS id, resident_id, category
      FROM (SELECT DISTINCT resident_id, category FROM bench_grant) x`);
  await client.query(`CREATE INDEX ON bench_account (resident_id, category)`);
  // transfers in this order: grants by record, then reversals of voided records' grants, then the conversion
  await client.query(`
    CREATE TEMP TABLE bench_transfer AS
    SELECT row_number() OVER (ORDER BY g.record_id) AS id, 'grant'::ledger_transfer_kind AS kind, 1::bigint AS from_account_id,
           a.id AS to_account_id, g.amount AS amount_milli, 'grant:' || g.record_id AS idempotency_key, g.record_id AS learning_record_id,
           1 AS rule_set_id, g.year::smallint AS cap_year, g.category AS cap_category, NULL::bigint AS conversion_id,
           NULL::bigint AS reverses_transfer_id, ''::varchar(200) AS memo, g.counts_against_caps, g.resident_id
      FROM bench_grant g JOIN bench_account a ON a.resident_id = g.resident_id AND a.category = g.category`);
  await client.query(`CREATE INDEX ON bench_transfer (learning_record_id)`);
  await client.query(`
    INSERT INTO bench_transfer
    SELECT (SELECT max(id) FROM bench_transfer) + row_number() OVER (ORDER BY v.id), 'reversal', t.to_account_id, t.from_account_id,
           t.amount_milli, 'reverse:' || t.id, v.id, NULL, NULL, NULL, NULL, t.id, v.void_reason, t.counts_against_caps, t.resident_id
      FROM learning_record v JOIN bench_transfer t ON t.learning_record_id = v.voids_id AND t.kind = 'grant'
     WHERE v.voids_id IS NOT NULL`);
  // the conversion: an 开放大学 course exemption of 5 credits, drawn from the resident's accounts in category order
  await client.query(`
    INSERT INTO partner (id, name, district_id) VALUES (1, '基准开放大学', 1);
    INSERT INTO partner_offer (id, partner_id, title, credits_milli) VALUES (1, 1, '开放大学课程免修', 5000);
    INSERT INTO credit_conversion (id, resident_id, offer_id, credits_milli, receipt_no, request_key, created_at)
      VALUES (1, '${target.id}', 1, 5000, 'BENCH-0001', 'bench-1', now() - interval '3 days');
    SELECT setval(pg_get_serial_sequence('partner', 'id'), 1);
    SELECT setval(pg_get_serial_sequence('partner_offer', 'id'), 1);
    SELECT setval(pg_get_serial_sequence('credit_conversion', 'id'), 1);`);
  await client.query(
    `WITH held AS (
       SELECT a.id, a.category, sum(CASE WHEN t.to_account_id = a.id THEN t.amount_milli ELSE -t.amount_milli END) AS balance
         FROM bench_account a JOIN bench_transfer t ON a.id IN (t.from_account_id, t.to_account_id)
        WHERE a.resident_id = $1 AND t.resident_id = $1 GROUP BY a.id, a.category),
     drawn AS (
       SELECT id, category, least(balance, 5000 - (sum(balance) OVER (ORDER BY category) - balance)) AS take FROM held)
     INSERT INTO bench_transfer
     SELECT (SELECT max(id) FROM bench_transfer) + row_number() OVER (ORDER BY category), 'conversion', id, 2, take,
            'conversion:1:' || category, NULL, NULL, NULL, NULL, 1, NULL, '开放大学课程免修', false, $1
       FROM drawn WHERE take > 0`,
    [target.id],
  );
  // the two entries of each transfer, each account's chain in transfer order: balance_after is the running sum
  await client.query(`
    CREATE TEMP TABLE bench_entry AS
    -- transfer ids run 1, 2, 3 … and each has two entries: the entries' ids in (transfer, side) order without a sort
    SELECT 2 * transfer_id - 1 + side AS id, transfer_id, account_id, amount_milli,
           sum(amount_milli) OVER w - amount_milli AS balance_before, sum(amount_milli) OVER w AS balance_after,
           row_number() OVER w AS version
      FROM (SELECT id AS transfer_id, 0 AS side, from_account_id AS account_id, -amount_milli AS amount_milli FROM bench_transfer
            UNION ALL
            SELECT id, 1, to_account_id, amount_milli FROM bench_transfer) e
    WINDOW w AS (PARTITION BY account_id ORDER BY transfer_id)`);
  await client.query(`
    CREATE TEMP TABLE bench_held AS SELECT account_id, sum(amount_milli) AS balance, count(*) AS version FROM bench_entry GROUP BY 1;
    INSERT INTO ledger_account (id, kind, district_id, balance_milli, version)
      SELECT 1, 'issuer', 1, COALESCE((SELECT balance FROM bench_held WHERE account_id = 1), 0), COALESCE((SELECT version FROM bench_held WHERE account_id = 1), 0);
    INSERT INTO ledger_account (id, kind, partner_id, balance_milli, version)
      SELECT 2, 'partner', 1, COALESCE((SELECT balance FROM bench_held WHERE account_id = 2), 0), COALESCE((SELECT version FROM bench_held WHERE account_id = 2), 0);
    INSERT INTO ledger_account (id, kind, resident_id, category, balance_milli, version)
      SELECT a.id, 'resident', a.resident_id, a.category, b.balance, b.version
        FROM bench_account a JOIN bench_held b ON b.account_id = a.id
       ORDER BY a.id;
    SELECT setval(pg_get_serial_sequence('ledger_account', 'id'), (SELECT max(id) FROM ledger_account));
    INSERT INTO ledger_transfer (id, kind, from_account_id, to_account_id, amount_milli, idempotency_key, learning_record_id, rule_set_id,
                                 cap_year, cap_category, conversion_id, reverses_transfer_id, memo)
      SELECT id, kind, from_account_id, to_account_id, amount_milli, idempotency_key, learning_record_id, rule_set_id,
             cap_year, cap_category, conversion_id, reverses_transfer_id, memo
        FROM bench_transfer ORDER BY id;
    SELECT setval(pg_get_serial_sequence('ledger_transfer', 'id'), (SELECT max(id) FROM ledger_transfer));
    INSERT INTO ledger_entry (id, transfer_id, account_id, amount_milli, balance_before, balance_after, version)
      SELECT id, transfer_id, account_id, amount_milli, balance_before, balance_after, version FROM bench_entry ORDER BY id;
    SELECT setval(pg_get_serial_sequence('ledger_entry', 'id'), (SELECT max(id) FROM ledger_entry));
    -- what counts against the yearly caps: hours grants less their reversals
    INSERT INTO credit_year_total (resident_id, year, category, granted_milli)
      SELECT resident_id, cap_year, cap_category, sum(CASE WHEN kind = 'grant' THEN amount_milli ELSE -amount_milli END)
        FROM (SELECT t.kind, t.amount_milli, t.resident_id, COALESCE(t.cap_year, g.cap_year) AS cap_year,
                     COALESCE(t.cap_category, g.cap_category) AS cap_category
                FROM bench_transfer t LEFT JOIN bench_transfer g ON g.id = t.reverses_transfer_id
               WHERE t.counts_against_caps AND t.kind IN ('grant', 'reversal')) x
       GROUP BY 1, 2, 3;
    DROP TABLE bench_entry, bench_held, bench_transfer, bench_account, bench_grant;`);
  await client.query(`SET session_replication_role = origin`);
  done();
  done = step(`${secondary.length} indexes of learning_record, ledger_transfer and ledger_entry`);
  await client.query(`SET maintenance_work_mem = '1GB'`);
  for (const x of secondary) {
    // an index of a partitioned table is defined `ON ONLY` the parent; built on the parent, it covers every partition
    await client.query(x.constraint_name ? `ALTER TABLE ${x.tab} ADD CONSTRAINT ${x.constraint_name} ${x.def}` : x.def.replace(' ON ONLY ', ' ON '));
  }
  done();
  done = step('VACUUM ANALYZE');
  await client.query(`VACUUM ANALYZE`);
  done();
  return { target, records: RECORDS, communities: COMMUNITIES, active: ACTIVE };
}

/**
 * A district kept by an earlier run in database `name` on the server of `adminUrl`: its URL, its
 * residents and the highest record id (the records it was made with), or null when there is none.
 */
export async function keptDistrict(adminUrl, name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const probe = new pg.Client({ connectionString: url.toString() });
  return probe
    .connect()
    .then(async () => {
      const [{ residents, records }] = (
        await probe.query(`SELECT (SELECT count(*) FROM resident_profile)::int AS residents, (SELECT max(id) FROM learning_record)::bigint AS records`)
      ).rows;
      return { url: url.toString(), residents, records: Number(records) };
    })
    .catch(() => null)
    .finally(() => probe.end().catch(() => undefined));
}
