import { ClientError, SERVER_ERROR_ENUMS } from '@lp/shared';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Error codes are written once, in packages/shared's enums (one per feature): the server throws the
 * enum members, the mini program and the tests compare with them. No server is started; the sources
 * are read. Comments may name a code; a string literal may not.
 */
const ROOT = resolve(__dirname, '..', '..');
const SEARCHED = ['server/src', 'miniapp/src', 'test'];
/** Written by `npm run api:types`, not by hand. */
const GENERATED = new Set(['miniapp/src/services/api/schema.ts']);
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'artifacts']);
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;

const ENUMS: Record<string, Record<string, string>> = { ...SERVER_ERROR_ENUMS, ClientError };

/** Every code with the enum that holds it, e.g. enrollment_closed → EnrollmentError.Closed. */
function codeOwners(): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [enumName, members] of Object.entries(ENUMS)) {
    for (const [member, code] of Object.entries(members)) owners.set(code, [...(owners.get(code) ?? []), `${enumName}.${member}`]);
  }
  return owners;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : sourceFiles(path);
    return SOURCE.test(name) && !GENERATED.has(relative(ROOT, path)) ? [path] : [];
  });
}

/** The string literals of one file ('…', "…" and `…` without substitutions), found by the TypeScript parser, so comments do not count. */
function stringLiterals(path: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

it('every error code belongs to exactly one shared enum', () => {
  const shared = [...codeOwners()].filter(([, owners]) => owners.length > 1).map(([code, owners]) => `${code}: ${owners.join(', ')}`);
  expect(shared).toEqual([]);
  expect([...codeOwners().keys()].filter((code) => !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(code))).toEqual([]);
});

it('no error code is written as a string literal in the server, the mini program or the tests', () => {
  const owners = codeOwners();
  const files = SEARCHED.flatMap((dir) => sourceFiles(resolve(ROOT, dir)));
  const literals = files.flatMap((path) =>
    stringLiterals(path)
      .filter((s) => owners.has(s.text))
      .map((s) => `${relative(ROOT, path)}:${s.line} '${s.text}' (use ${owners.get(s.text)!.join(' or ')})`),
  );
  process.stdout.write(`error codes: ${owners.size} codes looked for in ${files.length} files of ${SEARCHED.join(', ')}\n`);
  expect(files.length).toBeGreaterThan(100);
  expect(literals).toEqual([]);
});

it('AppError takes only the codes of the shared enums: the compiler refuses any other string', () => {
  const serverCodes = new Set(Object.values(SERVER_ERROR_ENUMS).flatMap((members) => Object.values<string>(members)));
  const file = resolve(ROOT, 'server/src/common/app-error.ts');
  const { config } = ts.readConfigFile(resolve(ROOT, 'server/tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, resolve(ROOT, 'server'));
  const program = ts.createProgram([file], options);
  const checker = program.getTypeChecker();
  const appError = program
    .getSourceFile(file)!
    .statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'AppError');
  expect(appError).toBeDefined();

  // the constructor and every static helper (badRequest, conflict…) that has a `code` parameter
  const codeParameters = appError!.members.flatMap((member) =>
    ts.isConstructorDeclaration(member) || (ts.isMethodDeclaration(member) && ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static)
      ? member.parameters.filter((p) => p.name.getText() === 'code').map((p) => ({ where: ts.isConstructorDeclaration(member) ? 'constructor' : member.name.getText(), p }))
      : [],
  );
  expect(codeParameters.map((c) => c.where)).toContain('constructor');
  for (const { where, p } of codeParameters) {
    const type = checker.getNonNullableType(checker.getTypeAtLocation(p));
    const accepted = (type.isUnion() ? type.types : [type]).map((t) => (t.isStringLiteral() ? t.value : checker.typeToString(t)));
    expect({ where, takesAnyString: checker.isTypeAssignableTo(checker.getStringType(), type) }).toEqual({ where, takesAnyString: false });
    expect({ where, accepted: new Set(accepted) }).toEqual({ where, accepted: serverCodes });
  }
});
