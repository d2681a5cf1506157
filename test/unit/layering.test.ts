// The layers in eslint.config.mjs match the imports in src/ (the lists live in eslint.layers.mjs): ESLint forbids
// `vscode` only in the files listed as pure, so a pure file left off the list, or a listed file that reaches
// vscode through another module, would go unnoticed there. Imports are read with the TypeScript parser. A file
// listed pure must not load vscode at run time (type-only imports are erased); a file that does not reach vscode
// even through types must be listed pure. Between the two (a command file that only names the Services type, say)
// the lists decide.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

interface Layers {
  PURE_FOLDERS: string[];
  PURE_FILES: Record<string, string[]>;
  FEATURE_VSCODE: Record<string, string[]>;
}

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The module specifiers a file imports or re-exports; with `runtimeOnly`, those it loads at run time. */
function importsOf(file: string, runtimeOnly: boolean): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause?.isTypeOnly === true ||
        (clause !== undefined &&
          !clause.name &&
          bindings !== undefined &&
          ts.isNamedImports(bindings) &&
          bindings.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes || !runtimeOnly) out.push(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.exportClause;
      const onlyTypes = st.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes || !runtimeOnly) out.push(st.moduleSpecifier.text);
    }
  }
  return out;
}

/** A relative specifier's file in src/, or undefined (packages, Node built-ins, assets such as CSS). */
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base.replace(/\.js$/, '.ts')].find((p) => p.endsWith('.ts') && fs.existsSync(p));
}

const rel = (file: string): string => path.relative(SRC, file).split(path.sep).join('/');

/** For each file that reaches `vscode` through its imports (run-time ones only, or all), the chain that does. */
function vscodeChains(files: string[], runtimeOnly: boolean): Map<string, string[]> {
  const imports = new Map(files.map((f) => [f, importsOf(f, runtimeOnly)]));
  const chains = new Map<string, string[]>();
  for (const [f, specs] of imports) if (specs.includes('vscode')) chains.set(f, [rel(f), 'vscode']);
  // Fixed point: a file reaches vscode when one of its local imports does.
  for (let changed = true; changed;) {
    changed = false;
    for (const [f, specs] of imports) {
      if (chains.has(f)) continue;
      for (const spec of specs) {
        const target = resolveLocal(f, spec);
        const chain = target && chains.get(target);
        if (chain) {
          chains.set(f, [rel(f), ...chain]);
          changed = true;
          break;
        }
      }
    }
  }
  return chains;
}

/** Whether `file` (relative to src/, without `.ts`) matches a list entry (a name, or a glob ending in `**\/*`). */
function matches(file: string, entry: string): boolean {
  return entry.endsWith('/**/*') ? file.startsWith(entry.slice(0, -'**/*'.length)) : file === entry;
}

describe('(unit) layering: the pure files listed for ESLint', () => {
  let layers: Layers;
  const files = sourceFiles(SRC);
  const chains = vscodeChains(files, true);
  const typeChains = vscodeChains(files, false);

  before(async () => {
    // A variable specifier keeps the .mjs out of the type check and the CommonJS transform.
    const url = pathToFileURL(path.join(ROOT, 'eslint.layers.mjs')).href;
    layers = (await import(url)) as Layers;
  });

  const isListedPure = (file: string): boolean => {
    const [folder = '', ...restParts] = rel(file).replace(/\.ts$/, '').split('/');
    const rest = restParts.join('/');
    return layers.PURE_FOLDERS.includes(folder) || (layers.PURE_FILES[folder] ?? []).some((entry) => matches(rest, entry));
  };

  it('finds the vscode side by its imports (the check can fail)', () => {
    assert.ok(chains.has(path.join(SRC, 'extension.ts')));
    assert.ok(chains.has(path.join(SRC, 'tree/registryTree.ts')));
    assert.ok(!typeChains.has(path.join(SRC, 'model/types.ts')));
    // services.ts names vscode's types only; settingsReader.ts names services.ts's types only.
    assert.ok(!chains.has(path.join(SRC, 'services/settingsReader.ts')));
    assert.ok(typeChains.has(path.join(SRC, 'services/settingsReader.ts')));
    assert.ok(files.length > 100, `only ${files.length} files found under src/`);
  });

  it('every entry of the lists names a file in src/', () => {
    const names = files.map((f) => rel(f).replace(/\.ts$/, ''));
    const missing: string[] = [];
    for (const folder of layers.PURE_FOLDERS) if (!names.some((n) => n.startsWith(`${folder}/`))) missing.push(`${folder}/`);
    for (const [folder, entries] of [...Object.entries(layers.PURE_FILES), ...Object.entries(layers.FEATURE_VSCODE)]) {
      for (const entry of entries) if (!names.some((n) => matches(n, `${folder}/${entry}`))) missing.push(`${folder}/${entry}`);
    }
    assert.deepEqual(missing, [], 'listed in eslint.layers.mjs but not in src/');
  });

  it('no file listed pure reaches vscode through its imports', () => {
    const impure = files.filter((f) => isListedPure(f) && chains.has(f)).map((f) => chains.get(f)!.join(' → '));
    assert.deepEqual(impure, []);
  });

  it('every file that never reaches vscode, not even through types, is listed pure', () => {
    const unlisted = files.filter((f) => !typeChains.has(f) && !isListedPure(f)).map(rel);
    assert.deepEqual(unlisted, [], 'add these to PURE_FILES in eslint.layers.mjs');
  });

  it('no file listed as a feature folder’s vscode side is listed pure', () => {
    const both = Object.entries(layers.FEATURE_VSCODE).flatMap(([folder, names]) =>
      names.filter((n) => (layers.PURE_FILES[folder] ?? []).includes(n)).map((n) => `${folder}/${n}`),
    );
    assert.deepEqual(both, []);
  });
});
