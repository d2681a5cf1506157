// The shipped translations are complete: every key of l10n/bundle.l10n.json and of package.nls.json has a
// Japanese translation with the same placeholders, every %key% of package.json exists, and the source keeps to
// the forms l10n-dev can extract (that the bundle is current runs the l10n-dev CLI: bundleExport.server.test.ts).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const readJson = (rel: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, rel), 'utf8')) as Record<string, unknown>;
const strings = (rel: string): Record<string, string> => {
  const json = readJson(rel);
  for (const [k, v] of Object.entries(json)) assert.equal(typeof v, 'string', `${rel}: "${k}" is not a string`);
  return json as Record<string, string>;
};

/** {0}, {1}, {name} — sorted, with repeats (what vscode.l10n.t and the manifest fill in). */
function placeholders(s: string): string[] {
  return (s.match(/\{[\w.]+\}/g) ?? []).sort();
}

/** Markdown link targets and `code` spans: commands, URLs and setting names must survive translation. */
function fixedParts(s: string): string[] {
  return [...(s.match(/\]\([^)]+\)/g) ?? []), ...(s.match(/`[^`]+`/g) ?? []), ...(s.match(/#[\w.]+#/g) ?? [])].sort();
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/** Keys whose Japanese is rightly the English text (names, codes, formats). */
const SAME_IN_JAPANESE = new Set([
  'ECR {0}',
  'CLI: {0}',
  '{0}: {1}',
  'ARN',
  'IAM Identity Center (SSO)',
  'Docker (https://docs.docker.com/get-docker/)',
  'ECR Explorer',
]);

/**
 * AWS's Japanese documentation terms: an English key using the term (outside `code` and "quotes") has a
 * translation using the Japanese term.
 */
const GLOSSARY: Array<[RegExp, RegExp]> = [
  [/\bregistr(y|ies)\b/i, /レジストリ/],
  [/\brepositor(y|ies)\b/i, /リポジトリ/],
  [/\bimages?\b/i, /イメージ/],
  [/\btags?\b/i, /タグ/],
  [/\bauthorization token\b/i, /認証トークン/],
  [/\bexpir(y|es|ed|ation)\b/i, /期限/],
  [/\blog(ged)? ?in\b/i, /ログイン/],
  [/\bprofiles?\b/i, /プロファイル/],
  [/\bregions?\b/i, /リージョン/],
  [/\bcredentials?\b/i, /認証情報|資格情報/],
];
const WRONG_TERMS = /レポジトリ|プロフィール|リジョン|コンテナー|ログオン|認可トークン|承認トークン/;

function glossaryProblems(file: string, en: Record<string, string>, ja: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, english] of Object.entries(en)) {
    const translated = ja[key];
    if (translated === undefined) continue;
    // Terms inside code, quotes, links, paths, formats and command lines are names, not prose.
    const prose = english
      .replace(/`[^`]*`/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\]\([^)]*\)/g, '')
      .replace(/\S*[/[]\S*/g, '')
      .replace(/\b[\w.]+\.[\w.]+\b/g, '')
      .replace(/\b(docker|podman|aws) \w+/g, '');
    for (const [term, japanese] of GLOSSARY) {
      if (term.test(prose) && !japanese.test(translated)) problems.push(`${file} "${key}": "${translated}" lacks ${japanese.source}`);
    }
    if (WRONG_TERMS.test(translated)) problems.push(`${file} "${key}": "${translated}" uses ${WRONG_TERMS.exec(translated)?.[0]}`);
  }
  return problems;
}

function translationProblems(file: string, en: Record<string, string>, ja: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(en)) {
    const translated = ja[key];
    if (translated === undefined) {
      problems.push(`${file}: no Japanese for "${key}"`);
      continue;
    }
    if (translated.trim() === '') problems.push(`${file}: empty Japanese for "${key}"`);
    if (placeholders(en[key]).join() !== placeholders(translated).join()) {
      problems.push(
        `${file}: placeholders differ for "${key}": ${placeholders(en[key]).join(' ')} ≠ ${placeholders(translated).join(' ')}`,
      );
    }
    if (fixedParts(en[key]).join('\n') !== fixedParts(translated).join('\n')) {
      problems.push(`${file}: links, \`code\` or #settings# differ for "${key}"`);
    }
    if (!JAPANESE.test(translated) && !SAME_IN_JAPANESE.has(en[key]))
      problems.push(`${file}: "${key}" is not translated ("${translated}")`);
  }
  for (const key of Object.keys(ja)) if (!(key in en)) problems.push(`${file}: stale key "${key}" (not in the English file)`);
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('(unit) l10n bundle and manifest translations', function () {
  const bundle = strings('l10n/bundle.l10n.json');
  const bundleJa = strings('l10n/bundle.l10n.ja.json');
  const nls = strings('package.nls.json');
  const nlsJa = strings('package.nls.ja.json');
  const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');

  it('every bundle key has a Japanese translation with the same placeholders, and no stale keys', () => {
    assert.ok(Object.keys(bundle).length > 100, 'the bundle looks empty');
    assert.deepEqual(translationProblems('bundle.l10n.ja.json', bundle, bundleJa), []);
  });

  it('every package.nls.json key has a Japanese translation with the same placeholders, links and code', () => {
    assert.deepEqual(translationProblems('package.nls.ja.json', nls, nlsJa), []);
  });

  it("the Japanese uses the terms of AWS's Japanese documentation", () => {
    assert.deepEqual(
      [...glossaryProblems('bundle.l10n.ja.json', bundle, bundleJa), ...glossaryProblems('package.nls.ja.json', nls, nlsJa)],
      [],
    );
  });

  it('every %key% in package.json is in package.nls.json, and every package.nls.json key is used', () => {
    const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    assert.ok(used.size > 20);
    assert.deepEqual(
      [...used].filter((k) => !(k in nls)),
      [],
      'package.json names keys package.nls.json lacks',
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'package.nls.json has keys package.json never uses',
    );
  });

  it('commands keep the palette category "ECR" and take their titles from package.nls.json', () => {
    const commands = (JSON.parse(manifest) as { contributes: { commands: Array<{ command: string; title: string; category?: string }> } })
      .contributes.commands;
    for (const c of commands) {
      assert.equal(c.category, 'ECR', c.command);
      assert.match(c.title, /^%command\.[\w.]+%$/, `${c.command}: title is not localised`);
    }
  });

  it('the source calls vscode.l10n.t so that l10n-dev sees every string', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file);
      const text = readFileSync(file, 'utf8');
      // l10n-dev only extracts `l10n.t('…')` / `vscode.l10n.t('…')`: an alias (`const t = vscode.l10n.t`) hides strings.
      if (/=\s*vscode\.l10n\.t\b(?!\()/.test(text)) problems.push(`${rel}: aliases vscode.l10n.t`);
      // A computed message is not extracted (src/l10n/localize.ts translates templates that are bundle keys by design).
      if (rel !== join('src', 'l10n', 'localize.ts')) {
        for (const m of text.matchAll(/\bl10n\.t\(\s*([^'"`\s{])/g)) problems.push(`${rel}: l10n.t(${m[1]}… is not a string literal`);
      }
      for (const m of text.matchAll(/l10n\.t\(\s*`[^`]*\$\{/g)) problems.push(`${rel}: template literal with \${} in l10n.t: ${m[0]}`);
      // User-visible strings handed straight to VS Code.
      for (const m of text.matchAll(
        /\b(show(?:Information|Warning|Error)Message|setStatusBarMessage|showInputBox|showQuickPick)\(\s*['"`]/g,
      )) {
        problems.push(`${rel}: ${m[1]} with a literal string`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
