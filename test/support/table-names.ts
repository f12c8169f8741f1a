import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** A place where a feature names a table (or a read-model view) that another feature owns. */
export interface TableMention {
  file: string;
  line: number;
  feature: string;
  table: string;
  how: string;
}

/** SQL keywords that put a table name right after them: FROM x, JOIN x, INSERT INTO x, UPDATE x, DELETE FROM x, TRUNCATE x, LOCK TABLE x. */
const SQL_BEFORE_TABLE = /\b(FROM|JOIN|INTO|UPDATE|TRUNCATE|TABLE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/gi;
/** ORM calls whose string argument is a table: @Entity('x'), qb.from('x', 'a'), qb.innerJoin('x', …), qb.update('x'), qb.insert().into('x'). */
const ORM_TABLE_CALLS = new Set(['Entity', 'ViewEntity', 'from', 'into', 'update', 'delete', 'innerJoin', 'leftJoin', 'innerJoinAndSelect', 'leftJoinAndSelect', 'createQueryBuilder']);

/** server/src/<feature>/… → <feature>; undefined for files at the top of src. */
export function featureOf(srcRoot: string, file: string): string | undefined {
  const parts = relative(srcRoot, file).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

export function typescriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : typescriptFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The table an entity file maps (its `@Entity('x')`), for every entity file under src. */
export function entityTables(files: { path: string; text: string }[]): Map<string, string> {
  const tables = new Map<string, string>();
  for (const { path, text } of files) {
    const match = /@Entity\(\s*['"]([a-z_][a-z0-9_]*)['"]/.exec(text);
    if (match) tables.set(path.replace(/\.ts$/, ''), match[1]);
  }
  return tables;
}

/**
 * `import type { X }` or `import { type X, type Y }`: only the shape of what the owner's service
 * returns. A type cannot reach the table at run time (no query builder, repository or manager call
 * takes it), so only value imports of an entity or repository count as naming the owner's tables.
 */
function typeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.every((e) => e.isTypeOnly);
}

/**
 * Every mention of a known table in one source file, found by the TypeScript parser so comments do
 * not count: table names after SQL keywords inside string and template literals, string arguments
 * of the ORM's table calls, and imports of a file that maps a table (an entity) or queries tables
 * (a repository). `names` holds the tables and views looked for.
 */
export function tableMentions(
  path: string,
  text: string,
  names: ReadonlySet<string>,
  entityFiles: ReadonlyMap<string, string>,
): { line: number; table: string; how: string; importedFile?: string }[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: { line: number; table: string; how: string; importedFile?: string }[] = [];
  const lineOf = (node: ts.Node, offset = 0) => source.getLineAndCharacterOfPosition(node.getStart(source) + offset).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const raw = node.getText(source);
      for (const m of raw.matchAll(SQL_BEFORE_TABLE)) {
        if (names.has(m[2])) found.push({ line: lineOf(node, m.index ?? 0), table: m[2], how: `${m[1].toUpperCase()} ${m[2]}` });
      }
      const parent = node.parent;
      if (ts.isStringLiteral(node) && names.has(node.text) && ts.isCallExpression(parent) && parent.arguments[0] === node) {
        const callee = parent.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        if (ORM_TABLE_CALLS.has(name)) found.push({ line: lineOf(node), table: node.text, how: `${name}('${node.text}')` });
      }
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith('.') && !typeOnly(node)) {
      const target = resolve(dirname(path), node.moduleSpecifier.text);
      const table = entityFiles.get(target);
      if (table) found.push({ line: lineOf(node), table, how: `imports the entity ${relative(dirname(path), target)}`, importedFile: target });
      else if (/\.repository$/.test(target)) found.push({ line: lineOf(node), table: '', how: `imports the repository ${relative(dirname(path), target)}`, importedFile: target });
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

/**
 * The mentions, across `files`, of tables and views their feature does not own. `owners` maps each
 * table and view to its owning feature. A repository import names its folder's tables: it is
 * reported when the folder is another feature's.
 */
export function foreignMentions(
  srcRoot: string,
  files: { path: string; text: string }[],
  owners: ReadonlyMap<string, string>,
): TableMention[] {
  const names = new Set(owners.keys());
  const entities = entityTables(files);
  return files.flatMap(({ path, text }) => {
    const feature = featureOf(srcRoot, path);
    if (!feature) return [];
    return tableMentions(path, text, names, entities).flatMap((m) => {
      const owner = m.importedFile ? featureOf(srcRoot, m.importedFile) : owners.get(m.table);
      if (!owner || owner === feature) return [];
      return [{ file: relative(srcRoot, path), line: m.line, feature, table: m.table || `${owner}'s tables`, how: m.how }];
    });
  });
}

export function readSources(paths: string[]): { path: string; text: string }[] {
  return paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
