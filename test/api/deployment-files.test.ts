import { loadConfig } from '@lp/server/dist/config/app-config';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/*
 * There is no Docker engine on the machines that run the tests: the image and the compose file are
 * checked by reading them, against the rules a district's deployment depends on.
 */
const ROOT = resolve(__dirname, '..', '..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

interface Stage {
  from: string;
  name: string | null;
  lines: string[];
}

/** The Dockerfile's stages, each with its instructions (continuation lines joined). */
function stages(text: string): Stage[] {
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const out: Stage[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ from: from[1], name: from[2] ?? null, lines: [] });
    else out[out.length - 1]?.lines.push(line);
  }
  return out;
}

interface Service {
  image?: string;
  profiles?: string[];
  command?: string[];
  entrypoint?: string[];
  deploy?: { replicas?: string | number };
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const SECRETS = ['JWT_SECRET', 'FIELD_ENCRYPTION_KEY', 'LOOKUP_HASH_KEY', 'CHECKIN_SIGNING_KEY', 'TRANSCRIPT_SIGNING_KEY', 'WECHAT_APP_SECRET'];
/** The PostgreSQL major versions the tests run against: CI's 15 and the quick start's embedded 18. */
const TESTED_POSTGRES = ['15', '18'];

it('the image is multi-stage, runs the production entry as a non-root user on Node 22 with a health check and production dependencies only', () => {
  const all = stages(read('server/Dockerfile'));
  const final = all[all.length - 1];
  const user = final.lines.filter((l) => /^USER\s/i.test(l)).pop()?.split(/\s+/)[1] ?? 'root';
  const cmd = final.lines.filter((l) => /^CMD\s/i.test(l)).pop() ?? '';
  const healthcheck = final.lines.find((l) => /^HEALTHCHECK\s/i.test(l)) ?? '';
  // what the final stage takes from the others: built output and installed dependencies, never sources
  const copied = final.lines.filter((l) => /^COPY\s/i.test(l));
  const fromBuild = copied.filter((l) => /--from=build\b/.test(l)).map((l) => l.split(/\s+/).slice(-2)[0]);
  const depsStage = all.find((s) => final.lines.some((l) => new RegExp(`--from=${s.name}\\b`).test(l) && /node_modules/.test(l)));
  const install = depsStage?.lines.find((l) => /npm ci/.test(l)) ?? '';
  process.stdout.write(
    `image: ${all.length} stages (${all.map((s) => `${s.name ?? 'final'} ${s.from}`).join(', ')}); runs as ${user}; ${cmd}; ` +
      `health check ${healthcheck ? 'yes' : 'no'}; dependencies from "${install}"; from the build: ${fromBuild.join(' ')}\n`,
  );
  expect(all.length).toBeGreaterThanOrEqual(2);
  expect(final.from).toMatch(/^node:22(\.|-|$)/);
  expect(['root', '0']).not.toContain(user);
  expect(cmd).toMatch(/server\/dist\/main\.js/);
  expect(cmd).not.toMatch(/portal/);
  expect(healthcheck).toMatch(/\/api\/health/);
  expect(install).toMatch(/--omit=dev/);
  // nothing but compiled output, package manifests, the H5 build and the portal's own media
  // (the demo's lesson videos) comes from the build stage
  for (const path of fromBuild) expect(path).toMatch(/(\/dist(\/h5)?|\/openapi|\/server\/assets|package\.json)$/);
  expect(copied.filter((l) => !/--from=/.test(l))).toEqual([]);
});

it('.dockerignore keeps local data, dependencies, secrets and git out of the build context', () => {
  const ignored = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  process.stdout.write(`.dockerignore: ${ignored.join(' ')}\n`);
  for (const rule of ['server/.data', '**/node_modules', '.git', '.env']) expect(ignored).toContain(rule);
});

it('compose: a production profile that migrates once and then runs the production entry, with no default secrets; a trial beside it', () => {
  const services = Object.entries(compose.services);
  const production = services.filter(([, s]) => s.profiles?.includes('production'));
  const [apiName, api] = production.find(([, s]) => s.image === 'lifelong-portal' && (!s.command || s.command.join(' ').includes('main.js'))) ?? [];
  const [migrateName, migrate] = production.find(([, s]) => (s.command ?? []).join(' ').includes('migrate')) ?? [];
  const postgres = compose.services.postgres;
  const env = api?.environment ?? {};
  const withDefaults = SECRETS.filter((name) => !/^\$\{\w+:\?/.test(String(env[name] ?? '')));
  process.stdout.write(
    `compose: profiles ${[...new Set(services.flatMap(([, s]) => s.profiles ?? []))].join(', ')}; production runs ${migrateName} (${migrate?.command?.join(' ')}) ` +
      `then ${apiName} after ${JSON.stringify(api?.depends_on?.[migrateName ?? ''])}; secrets without a required value: ${withDefaults.length}; ${postgres.image}\n`,
  );
  expect(api).toBeDefined();
  expect(migrate).toBeDefined();
  expect(api!.depends_on?.[migrateName!]?.condition).toBe('service_completed_successfully');
  expect(String(env.NODE_ENV)).toBe('production');
  expect(String(env.DEMO_MODE ?? 'false')).toBe('false');
  expect(withDefaults).toEqual([]);
  expect(String(env.DATABASE_URL)).toMatch(/\$\{POSTGRES_PASSWORD:\?/);
  expect(TESTED_POSTGRES).toContain(/^postgres:(\d+)/.exec(postgres.image ?? '')?.[1]);
  // the trial is its own profile, so a production start never brings up the demo
  const trial = services.filter(([, s]) => String(s.environment?.DEMO_MODE) === 'true');
  expect(trial.every(([, s]) => s.profiles?.includes('trial') && !s.profiles.includes('production'))).toBe(true);
});

it("production refuses every secret the trial publishes, and the trial's public address", () => {
  const trialEnv = Object.fromEntries(Object.entries(compose.services.server.environment ?? {}).map(([k, v]) => [k, String(v)]));
  let message = '';
  try {
    loadConfig({ ...trialEnv, NODE_ENV: 'production', DEMO_MODE: 'false' });
  } catch (err) {
    message = (err as Error).message;
  }
  const named = [...SECRETS, 'DATABASE_URL', 'PUBLIC_BASE_URL'].filter((name) => new RegExp(`- ${name}: `).test(message));
  process.stdout.write(`trial values under NODE_ENV=production: refused, naming ${named.join(', ')}\n`);
  expect(named).toEqual([...SECRETS, 'DATABASE_URL', 'PUBLIC_BASE_URL']);
});

it('compose: production runs several api nodes behind one entry, and a streaming replica they read from', () => {
  const { api, entry, postgres } = compose.services;
  const replica = compose.services['postgres-replica'];
  // "${API_NODES:-3}": the number of nodes unless the district says otherwise
  const nodes = Number(/^\$\{API_NODES:-(\d+)\}$/.exec(String(api.deploy?.replicas))?.[1] ?? api.deploy?.replicas);
  const mounted = (s: Service, target: string) => (s.volumes ?? []).find((v) => v.split(':')[1] === target)?.split(':')[0] ?? '';
  const nginx = read(mounted(entry, '/etc/nginx/conf.d/default.conf'));
  const scripts = [mounted(postgres, '/docker-entrypoint-initdb.d/10-replication.sh'), mounted(replica, '/deploy/replica-entrypoint.sh')];
  process.stdout.write(`compose: ${nodes} api nodes behind ${entry.image} (${entry.ports?.join(', ')}); replica ${replica.image} from ${scripts.join(', ')}\n`);

  expect(nodes).toBeGreaterThanOrEqual(2);
  // nodes publish no port of their own: the entry is the one address, and finds every node by name
  expect(api.ports ?? []).toEqual([]);
  expect(entry.profiles).toContain('production');
  expect(entry.ports).toEqual(['${PORT:-3000}:80']);
  expect(nginx).toMatch(/resolver 127\.0\.0\.11 valid=\d+s/);
  expect(nginx).toMatch(/set \$api http:\/\/api:3000;\s*proxy_pass \$api;/);
  // server-sent events (live rosters) must not sit in the entry's buffer
  expect(nginx).toMatch(/proxy_buffering off;/);
  // each node is one of several: migrations are the migrate service's, once per deployment
  expect(api.depends_on?.migrate?.condition).toBe('service_completed_successfully');
  expect(String(api.environment?.REDIS_URL)).toMatch(/^redis:\/\/redis:/);

  // the replica: a copy of the primary made by pg_basebackup -R, which the api reads from
  expect(postgres.command?.join(' ')).toMatch(/wal_level=replica/);
  expect(replica.profiles).toContain('production');
  expect(replica.image).toBe(postgres.image);
  expect(String(api.environment?.DATABASE_REPLICA_URL)).toMatch(/@postgres-replica:5432\//);
  expect(String(replica.environment?.REPLICATION_PASSWORD)).toMatch(/^\$\{REPLICATION_PASSWORD:\?/);
  expect(read(scripts[1])).toMatch(/pg_basebackup -h postgres .*-R -X stream/);
  expect(read(scripts[0])).toMatch(/CREATE ROLE replicator WITH REPLICATION LOGIN/);
  for (const script of scripts) {
    expect(statSync(resolve(ROOT, script)).mode & 0o111).not.toBe(0);
    // a syntax error would only show on the district's machine: sh reads them here
    execFileSync('sh', ['-n', resolve(ROOT, script)]);
  }
});
