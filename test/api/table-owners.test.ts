import { READ_MODELS, TABLE_OWNERS, TOOL_TABLES } from '@lp/server/dist/database/table-owners';
import { Client } from 'pg';
import { join, relative, resolve } from 'node:path';
import { foreignMentions, readSources, tableMentions, typescriptFiles } from '../support/table-names';

/**
 * One owner per table (STYLE.md): a table is named, in SQL or through the ORM, only inside the
 * feature folder that owns it (server/src/database/table-owners.ts); a read that joins several
 * features' tables goes through a read-model view whose owner is listed there too. No server is
 * started: the sources are read, and the database the migrations built is asked for its tables.
 */
const ROOT = resolve(__dirname, '..', '..');
const SRC = join(ROOT, 'server', 'src');

/**
 * Files that may name any table, each with the reason. Everything else under server/src is held to
 * its feature's tables.
 */
const EXEMPT: { pattern: RegExp; why: string }[] = [
  { pattern: /^database\/migrations\//, why: 'migrations create every table' },
  { pattern: /^database\/data-source\.ts$/, why: "TypeORM's list of every entity" },
  { pattern: /\.spec\.ts$/, why: 'specs check their rows in the database directly' },
  { pattern: /^database\/field-keys\.ts$/, why: 'key rotation re-encrypts and rehashes every encrypted column of every feature, as a migration would' },
  { pattern: /^test-support\//, why: 'the specs\' factories write rows of every feature to set up a test; no application code imports them' },
];

const owners = new Map<string, string>([
  ...Object.entries(TABLE_OWNERS),
  ...Object.entries(READ_MODELS).map(([view, model]) => [view, model.owner] as [string, string]),
]);

function checkedFiles(): string[] {
  return typescriptFiles(SRC).filter((path) => !EXEMPT.some((e) => e.pattern.test(relative(SRC, path).split('\\').join('/'))));
}

it('the scanner finds a table named in SQL, in an ORM call and through an entity import, and ignores comments', () => {
  const file = join(SRC, 'schools', 'planted.ts');
  const planted = [
    "import { Offering } from '../offerings/offering.entity';",
    "import { VenuesRepository } from '../venues/venues.repository';",
    "import type { Area } from '../areas/area.entity';",
    '// a comment about SELECT * FROM attendance is not SQL',
    'const a = `SELECT s.id FROM school s JOIN area a ON a.id = s.area_id`;',
    "const b = 'UPDATE offering_session SET closed_at = now()';",
    "const c = m.createQueryBuilder().select('x').from('enrollment', 'e');",
    'const d = `INSERT INTO resident_profile (user_id) VALUES (${id})`;',
  ].join('\n');
  const entities = [
    { path: join(SRC, 'offerings', 'offering.entity.ts'), text: "@Entity('offering')\nexport class Offering {}" },
    { path: join(SRC, 'areas', 'area.entity.ts'), text: "@Entity('area')\nexport class Area {}" },
  ];
  const found = foreignMentions(SRC, [{ path: file, text: planted }, ...entities], owners).map((m) => `${m.line} ${m.table}: ${m.how}`);
  expect(found).toEqual([
    '1 offering: imports the entity ../offerings/offering.entity',
    "2 venues's tables: imports the repository ../venues/venues.repository",
    '5 area: JOIN area',
    '6 offering_session: UPDATE offering_session',
    "7 enrollment: from('enrollment')",
    '8 resident_profile: INTO resident_profile',
  ]);
  // the feature's own table (school, line 5) is no violation, the comment on line 4 is not read, and a type-only import (line 3) is no use of the table
  expect(tableMentions(file, planted, new Set(['school', 'attendance']), new Map()).filter((m) => !m.importedFile).map((m) => m.table)).toEqual(['school']);
});

it('every table is named only by the feature that owns it', () => {
  const files = checkedFiles();
  const violations = foreignMentions(SRC, readSources(files), owners);
  const features = new Set(Object.values(TABLE_OWNERS));
  process.stdout.write(
    `table owners: ${Object.keys(TABLE_OWNERS).length} tables, ${features.size} features, ${Object.keys(READ_MODELS).length} views, ` +
      `${violations.length} violations in ${files.length} files of server/src\n`,
  );
  expect(files.length).toBeGreaterThan(100);
  expect(violations.map((v) => `server/src/${v.file}:${v.line} (${v.feature}) names ${v.table} of ${owners.get(v.table) ?? 'another feature'}: ${v.how}`)).toEqual([]);
});

it('every owner is a feature folder of server/src', () => {
  const folders = new Set(typescriptFiles(SRC).map((path) => relative(SRC, path).split(/[\\/]/)[0]));
  const owningFeatures = [...Object.values(TABLE_OWNERS), ...Object.values(READ_MODELS).map((m) => m.owner)];
  expect(owningFeatures.filter((feature) => !folders.has(feature))).toEqual([]);
});

describe('the database after the migrations', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db.end());

  it('has an owner for every table and every view, and each view reads the tables its entry lists', async () => {
    const { rows } = await db.query<{ name: string; type: string }>(
      // a yearly partition (learning_record_y2026 …) is part of its partitioned table, which is listed
      `SELECT table_name AS name, table_type AS type FROM information_schema.tables t
        WHERE table_schema = 'public' AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = t.table_name AND c.relispartition)
        ORDER BY table_name`,
    );
    const tables = rows.filter((r) => r.type === 'BASE TABLE').map((r) => r.name);
    const views = rows.filter((r) => r.type === 'VIEW').map((r) => r.name);
    process.stdout.write(`table owners: the database has ${tables.length} tables and ${views.length} views\n`);
    expect(tables.length).toBeGreaterThan(40);
    expect(tables.filter((t) => !(t in TABLE_OWNERS) && !(t in TOOL_TABLES))).toEqual([]);
    expect(Object.keys(TABLE_OWNERS).filter((t) => !tables.includes(t))).toEqual([]);
    expect(views.filter((v) => !(v in READ_MODELS))).toEqual([]);
    expect(Object.keys(READ_MODELS).filter((v) => !views.includes(v))).toEqual([]);

    const usage = await db.query<{ view: string; tables: string[] }>(
      `SELECT view_name AS view, array_agg(DISTINCT table_name::text ORDER BY table_name::text) AS tables
         FROM information_schema.view_table_usage WHERE view_schema = 'public' GROUP BY view_name`,
    );
    const read = Object.fromEntries(usage.rows.map((r) => [r.view, r.tables]));
    const declared = Object.fromEntries(Object.entries(READ_MODELS).map(([view, m]) => [view, [...m.reads].sort()]));
    expect(read).toEqual(declared);
  });
});
