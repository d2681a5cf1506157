// The documents stay true to the code. README.md and README.ja.md (for users): the settings tables list every
// `ecrExplorer.*` setting of package.json with its default, the IAM policies name exactly the ECR operations src/aws/
// calls (plus what the Registry API and pulls need), the troubleshooting covers the known failures, every picture
// is a screenshot that ships in the .vsix (test/ui/vsix.test.ts checks the package itself), and development stays
// in CONTRIBUTING.md. docs/ARCHITECTURE.md names every folder under src/; docs/PERFORMANCE.md every bench metric;
// CONTRIBUTING.md the scripts and test host knobs that exist. Every relative link and every src/, test/ or bench/
// path the documents name exists.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');

/** The text of a `## heading` section (up to the next `## `). */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `no "## ${heading}" section`);
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

interface Setting {
  default: unknown;
}
const manifest = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  contributes: { configuration: { properties: Record<string, Setting> } };
};
const settings = manifest.contributes.configuration.properties;

/** ECR operations the data layer calls: SDK command classes and paginators imported from @aws-sdk/client-ecr. */
function ecrOperations(): string[] {
  const ops = new Set<string>();
  for (const file of readdirSync(join(ROOT, 'src', 'aws'), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const text = read(join('src', 'aws', file));
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-ecr'/g)) {
      for (const name of m[1].split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
        const command = /^(\w+)Command$/.exec(name);
        const paginator = /^paginate(\w+)$/.exec(name);
        if (command && name !== 'Command') ops.add(`ecr:${command[1]}`);
        if (paginator) ops.add(`ecr:${paginator[1]}`);
      }
    }
  }
  return [...ops].sort();
}

/** Manifests through the Registry API need BatchGetImage; `docker pull` also GetDownloadUrlForLayer. */
// Actions the Registry API (pull, manifests) and a CLI's push need, which the code never calls through the SDK.
const REGISTRY_API_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];

function policyActions(markdown: string, heading: string): { actions: string[]; policies: unknown[] } {
  const iam = section(markdown, heading);
  const policies = [...iam.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as unknown);
  const actions = new Set<string>();
  for (const p of policies as Array<{ Version: string; Statement: Array<{ Effect: string; Action: string[]; Resource: string }> }>) {
    assert.equal(p.Version, '2012-10-17');
    for (const st of p.Statement) {
      assert.equal(st.Effect, 'Allow');
      for (const a of st.Action) actions.add(a);
      // Account-wide actions cannot be scoped to a repository.
      if (st.Action.some((a) => a === 'ecr:GetAuthorizationToken' || a === 'ecr:DescribeRegistry')) assert.equal(st.Resource, '*');
    }
  }
  return { actions: [...actions].sort(), policies };
}

function settingsRows(markdown: string, heading: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of section(markdown, heading).matchAll(/^\| `(ecrExplorer\.[\w.]+)` \| `([^`]*)` \|/gm)) {
    assert.ok(!rows.has(m[1]), `${m[1]} is listed twice`);
    rows.set(m[1], m[2]);
  }
  return rows;
}

/** Markdown images `![alt](src)` and `<img src>` of a document. */
function images(markdown: string): string[] {
  return [
    ...[...markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...markdown.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1]),
  ];
}

/** Relative link targets (no scheme, no pure #anchor) of a document, without their #fragment. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?\s*\)/g)]
    .map((m) => m[1])
    .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('#'))
    .map((href) => href.replace(/#.*$/, ''));
}

/** `.vscodeignore` decides what ships: `**` excludes everything, each `!pattern` brings files back in. */
function shippedByVscodeignore(path: string): boolean {
  const patterns = read('.vscodeignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1));
  const toRegex = (glob: string) =>
    new RegExp(
      '^' +
        glob
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .split('**')
          .map((part) => part.replace(/\*/g, '[^/]*'))
          .join('.*') +
        '$',
    );
  return patterns.some((p) => toRegex(p).test(path));
}

const READMES: Array<{
  file: string;
  headings: { settings: string; iam: string; troubleshooting: string; security: string };
}> = [
  {
    file: 'README.md',
    headings: { settings: 'Settings', iam: 'IAM permissions', troubleshooting: 'Troubleshooting', security: 'Security' },
  },
  {
    file: 'README.ja.md',
    headings: { settings: '設定', iam: 'IAM アクセス許可', troubleshooting: 'トラブルシューティング', security: 'セキュリティ' },
  },
];

const DOCS = ['README.md', 'README.ja.md', 'CONTRIBUTING.md', 'docs/ARCHITECTURE.md', 'docs/SECURITY.md', 'docs/PERFORMANCE.md'];

describe('(unit) README and README.ja.md match the code', function () {
  for (const { file, headings } of READMES) {
    describe(file, () => {
      const text = read(file);

      it('keeps the two commands (run, test) near the top, pointing at CONTRIBUTING.md', () => {
        const top = text.slice(0, text.indexOf('\n## '));
        assert.match(top, /npm ci && npm start/);
        assert.match(top, /npm ci && npm test/);
        assert.match(top, /\(CONTRIBUTING\.md\)/);
      });

      it('is for users: development, test tiers and the architecture live in CONTRIBUTING.md and docs/', () => {
        for (const devOnly of [
          /ECR_EXPLORER_/,
          /npm run test:/,
          /test\/(unit|integration|ui)\//,
          /src\//,
          /^## (Test tiers|Architecture|Performance)/m,
        ]) {
          assert.doesNotMatch(text, devOnly);
        }
      });

      it('lists every ecrExplorer.* setting with its package.json default, and no others', () => {
        const rows = settingsRows(text, headings.settings);
        const expected = new Map(Object.entries(settings).map(([k, v]) => [k, JSON.stringify(v.default)]));
        assert.deepEqual([...rows.keys()].sort(), [...expected.keys()].sort());
        for (const [k, v] of expected) assert.equal(rows.get(k), v, `${file}: default of ${k}`);
      });

      it('gives IAM policies for exactly the ECR operations the code calls', () => {
        const used = ecrOperations();
        assert.ok(
          used.includes('ecr:DescribeImages') && used.includes('ecr:GetAuthorizationToken'),
          `operations found: ${used.join(', ')}`,
        );
        const { actions, policies } = policyActions(text, headings.iam);
        assert.ok(policies.length >= 5, 'one policy per feature');
        assert.deepEqual(actions, [...new Set([...used, ...REGISTRY_API_ACTIONS])].sort());
      });

      it('covers the known failures in troubleshooting', () => {
        const t = section(text, headings.troubleshooting);
        for (const topic of [
          /no basic auth credentials/,
          /SSO/,
          /12/,
          /403/,
          /daemon|デーモン/i,
          /credHelpers/,
          /The stub received bad data/,
          /wincred/,
        ]) {
          assert.match(t, topic);
        }
      });

      it('says how the password is protected and links docs/SECURITY.md', () => {
        const s = section(text, headings.security);
        assert.match(s, /\(docs\/SECURITY\.md\)/);
        assert.match(s, /stdin|standard input|標準入力/);
      });

      it('shows only small screenshots from media/screenshots/ that the .vsix ships (relative paths)', () => {
        const shown = images(text);
        assert.ok(shown.length >= 1, 'no screenshot');
        for (const img of shown) {
          assert.match(img, /^media\/screenshots\/[\w.-]+\.png$/, `${img}: not a relative path to media/screenshots/`);
          assert.ok(existsSync(join(ROOT, img)), `${img} does not exist`);
          assert.ok(statSync(join(ROOT, img)).size < 150_000, `${img} is large: optimise it (CONTRIBUTING.md, "Screenshots")`);
          assert.ok(shippedByVscodeignore(img), `${img} is not shipped: .vscodeignore leaves it out of the .vsix`);
        }
      });
    });
  }

  it('README.ja.md gives the same IAM policies as README.md', () => {
    assert.deepEqual(
      policyActions(read('README.ja.md'), 'IAM アクセス許可').policies,
      policyActions(read('README.md'), 'IAM permissions').policies,
    );
  });

  it('keeps no screenshot that no README shows', () => {
    const shown = new Set(READMES.flatMap(({ file }) => images(read(file))));
    const files = readdirSync(join(ROOT, 'media', 'screenshots')).map((f) => `media/screenshots/${f}`);
    assert.deepEqual(
      files.filter((f) => !shown.has(f)),
      [],
      'screenshots no README shows (delete them)',
    );
  });
});

describe('(unit) CONTRIBUTING.md and docs/ match the code', () => {
  it('docs/ARCHITECTURE.md names every folder under src/, and only paths that exist or are marked as being added', () => {
    const arch = read('docs/ARCHITECTURE.md');
    const folders = readdirSync(join(ROOT, 'src')).filter((d) => statSync(join(ROOT, 'src', d)).isDirectory());
    assert.ok(folders.length >= 8);
    assert.deepEqual(
      folders.filter((d) => !arch.includes(`\`src/${d}/\``)),
      [],
      'folders missing from docs/ARCHITECTURE.md',
    );
    const beingAddedLine = /^Being added by work in progress[^\n]*(?:\n(?!\n)[^\n]*)*/m.exec(arch)?.[0] ?? '';
    const beingAdded: string[] = beingAddedLine.match(/`src\/[^`]+`/g) ?? [];
    const named = [...arch.matchAll(/`(src\/[\w./-]+)`/g)].map((m) => m[1]);
    assert.deepEqual(
      [...new Set(named.filter((n) => !existsSync(join(ROOT, n)) && !beingAdded.includes(`\`${n}\``)))],
      [],
      'docs/ARCHITECTURE.md names paths that do not exist (add them to the "Being added" line while they are in progress)',
    );
  });

  it('docs/ARCHITECTURE.md covers the data flows, bundles, messages and where to add things', () => {
    const arch = read('docs/ARCHITECTURE.md');
    for (const heading of [
      'The dependency rules',
      'Bundles',
      'From an AWS call to a tree row',
      "From GetAuthorizationToken to the CLI's stdin",
      'Messages',
      'Where to add…',
    ]) {
      section(arch, heading);
    }
    for (const bundle of ['dist/extension.js', 'dist/aws.js', 'dist/registry.js']) assert.ok(arch.includes(bundle), bundle);
    for (const thing of ['A command.', 'A data source', 'A message.', 'A setting.']) assert.ok(arch.includes(`**${thing}`), thing);
  });

  it('docs/PERFORMANCE.md lists every metric the bench reports, and the metrics of the features being added', () => {
    const perf = read('docs/PERFORMANCE.md');
    const listed = new Set([...perf.matchAll(/`([a-z][a-z0-9_]+)`/g)].map((m) => m[1]));
    const bench = readdirSync(join(ROOT, 'bench'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => read(join('bench', f)))
      .join('\n');
    const reported = [...bench.matchAll(/\badd\(\s*['`]([a-z][\w${}]*)['`]/g)].map((m) => m[1]);
    assert.ok(reported.length >= 20, `metrics found in bench/: ${reported.length}`);
    const missing = reported.filter((name) => {
      const pattern = new RegExp(`^${name.replace(/\$\{\w+\}/g, '[a-z0-9]+')}$`);
      return ![...listed].some((l) => pattern.test(l));
    });
    assert.deepEqual(missing, [], 'bench metrics missing from docs/PERFORMANCE.md');
    for (const coming of [
      'sorted_100k_first_rows_calls',
      'sorted_100k_complete_calls',
      'sorted_100k_complete_vs_floor',
      'sorted_100k_heap_mb',
      'find_tag_100k_calls',
      'findings_5k_calls',
      'findings_5k_model_ms',
      'report_bundle_kb',
      'retag_calls',
      'push_overhead_vs_cli',
      'refs_scan_1k_lines_ms',
      'refs_resolve_100_calls',
      'refs_hover_cached_ms',
      'lifecycle_preview_10k_ms',
    ]) {
      const row = new RegExp(`^\\| \`${coming}\` \\|.*\\| (measured|not yet measured) \\|$`, 'm');
      assert.match(perf, row, `${coming}: a row with its status (measured / not yet measured)`);
      // A metric the bench reports is measured, not "not yet measured".
      if (reported.includes(coming)) assert.doesNotMatch(perf, new RegExp(`^\\| \`${coming}\` \\|.*not yet measured`, 'm'));
    }
  });

  it('CONTRIBUTING.md gives the two commands and names only npm scripts and test host knobs that exist', () => {
    const text = read('CONTRIBUTING.md');
    assert.match(text, /npm ci && npm start/);
    assert.match(text, /npm ci && npm test/);
    const scripts = [...text.matchAll(/`npm run ([\w:-]+)/g)].map((m) => m[1]);
    for (const tier of ['test:pure', 'test:unit', 'test:integration', 'test:ui'])
      assert.ok(scripts.includes(tier), `CONTRIBUTING.md: npm run ${tier}`);
    assert.deepEqual(
      scripts.filter((s) => !(s in manifest.scripts)),
      [],
      'CONTRIBUTING.md names npm scripts that package.json does not have',
    );
    const code = ['test/host', 'test/integration', 'test/ui', 'test/demo']
      .flatMap((dir) => readdirSync(join(ROOT, dir)).map((f) => join(dir, f)))
      .filter((f) => /\.(ts|mjs)$/.test(f))
      .map((f) => read(f))
      .join('\n');
    const knobs = [...new Set([...text.matchAll(/\b(ECR_EXPLORER_[A-Z_]+)\b/g)].map((m) => m[1]))];
    assert.ok(knobs.includes('ECR_EXPLORER_TEST_HOST'));
    assert.deepEqual(
      knobs.filter((k) => !code.includes(k)),
      [],
      'CONTRIBUTING.md names environment variables nothing reads',
    );
  });

  for (const doc of DOCS) {
    it(`${doc}: every relative link and every src/, test/, bench/ file it names exists`, () => {
      const text = read(doc);
      const base = dirname(doc);
      assert.deepEqual(
        relativeLinks(text).filter((href) => !existsSync(join(ROOT, normalize(join(base, decodeURI(href)))))),
        [],
        'broken relative links',
      );
      if (doc === 'docs/ARCHITECTURE.md') return; // its src/ paths are checked above, with the "being added" line
      // Files the tools write (bench/results.json, test-results/…) are gitignored, not missing.
      const generated = read('.gitignore')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.includes('*'));
      const paths = [...text.matchAll(/`((?:src|test|bench)\/[\w./-]+)`/g)]
        .map((m) => m[1])
        .filter((p) => !generated.some((g) => p === g || p.startsWith(g.endsWith('/') ? g : `${g}/`)));
      assert.deepEqual([...new Set(paths.filter((p) => !existsSync(join(ROOT, p))))], [], 'paths that do not exist');
    });
  }
});
