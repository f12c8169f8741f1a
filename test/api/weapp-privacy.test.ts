import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * WeChat's privacy rules, checked without building: `npm run size:weapp` (run by CI after the tests)
 * builds the weapp and holds the build to them through test/tools/size-weapp.mjs; here that checker
 * is shown to refuse each kind of bad build, and the sources to declare every location API they call.
 */
const ROOT = resolve(__dirname, '..', '..');
const CHECKER = join(ROOT, 'test', 'tools', 'size-weapp.mjs');

interface FakeBuild {
  appJson: Record<string, unknown>;
  files: Record<string, string | number>;
}

const GOOD: FakeBuild = {
  appJson: { pages: ['pages/index/index'], subPackages: [{ root: 'subpackages/learn', pages: [] }], requiredPrivateInfos: ['getLocation'] },
  files: {
    'common.js': 'resolve({event:"exposureAuthorization"}); openType:"agreePrivacyAuthorization"',
    'base.wxml': '<button bindagreeprivacyauthorization="eh" bindgetphonenumber="eh"/>',
    'subpackages/learn/page.js': 'x',
  },
};

/** Writes the build to a scratch folder, runs the checker on it, and gives its exit code and output. */
async function check(build: FakeBuild): Promise<{ code: number; out: string; last: Record<string, unknown> | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-weapp-'));
  try {
    writeFileSync(join(dir, 'app.json'), JSON.stringify(build.appJson));
    for (const [path, content] of Object.entries(build.files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), typeof content === 'number' ? Buffer.alloc(content, 0x20) : content);
    }
    const result = await new Promise<{ code: number; out: string }>((done) =>
      execFile(process.execPath, [CHECKER, dir], (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr })),
    );
    const lastLine = result.out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
    return { ...result, last: lastLine ? (JSON.parse(lastLine) as Record<string, unknown>) : null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const withFiles = (files: Record<string, string | number>): FakeBuild => ({ ...GOOD, files: { ...GOOD.files, ...files } });

describe('the weapp build checker (npm run size:weapp)', () => {
  it('passes a build that declares requiredPrivateInfos, carries the privacy handling and keeps its main package small', async () => {
    const r = await check(GOOD);
    console.log(r.out);
    expect(r.code).toBe(0);
    expect(r.last).toMatchObject({ required_private_infos: ['getLocation'], privacy_ok: true });
  });

  it.each<[string, FakeBuild, RegExp]>([
    ['no requiredPrivateInfos', { ...GOOD, appJson: { ...GOOD.appJson, requiredPrivateInfos: undefined } }, /declares no requiredPrivateInfos/],
    ['a value WeChat refuses', { ...GOOD, appJson: { ...GOOD.appJson, requiredPrivateInfos: ['getLocation', 'chooseImage'] } }, /refuses: chooseImage/],
    ['no onNeedPrivacyAuthorization handler', withFiles({ 'common.js': 'openType:"agreePrivacyAuthorization"' }), /onNeedPrivacyAuthorization handler/],
    ['the agree event not bound', withFiles({ 'base.wxml': '<button bindgetphonenumber="eh"/>' }), /agree event/],
    [
      'the handling only in a subpackage',
      withFiles({ 'common.js': 'x', 'subpackages/learn/page.js': 'exposureAuthorization agreePrivacyAuthorization' }),
      /onNeedPrivacyAuthorization handler/,
    ],
    ['a main package over 600 KB', withFiles({ 'vendors.js': 601 * 1024 }), /over the 600 KB budget/],
  ])('refuses a build with %s', async (_name, build, said) => {
    const r = await check(build);
    console.log(r.out.split('\n').filter((l) => /PRIVACY|TOO LARGE/.test(l)).join('\n'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(said);
  });
});

describe('requiredPrivateInfos in app.config.ts', () => {
  it('names every location API the mini program calls, and nothing it does not call', () => {
    const config = readFileSync(join(ROOT, 'miniapp', 'src', 'app.config.ts'), 'utf8');
    const declared = [...(/requiredPrivateInfos:\s*\[([^\]]*)\]/.exec(config)?.[1] ?? '').matchAll(/'(\w+)'/g)].map((m) => m[1]).sort();
    const apis = ['getFuzzyLocation', 'getLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground', 'chooseLocation', 'choosePoi', 'chooseAddress'];
    const called = new Set<string>();
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) for (const api of apis) if (new RegExp(`Taro\\.${api}\\(`).test(readFileSync(path, 'utf8'))) called.add(api);
      }
    };
    walk(join(ROOT, 'miniapp', 'src'));
    console.log(`declared ${JSON.stringify(declared)}, called ${JSON.stringify([...called].sort())}`);
    expect(declared.length).toBeGreaterThan(0);
    expect(declared).toEqual([...called].sort());
  });
});
