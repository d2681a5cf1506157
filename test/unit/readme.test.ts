// README.md and README.ja.md stay true to the code: the settings tables list every `ecrExplorer.*` setting of
// package.json with its default, the IAM policies name exactly the ECR operations src/aws/ calls (plus what the
// Registry API and pulls need), the architecture sections name every folder under src/, the troubleshooting covers
// the known failures, and every picture they show exists (test/ui/vsix.test.ts keeps media/screenshots/ out of the .vsix).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
const manifest = JSON.parse(read('package.json')) as { contributes: { configuration: { properties: Record<string, Setting> } } };
const settings = manifest.contributes.configuration.properties;

/** ECR operations the data layer calls: SDK command classes and paginators imported from @aws-sdk/client-ecr. */
function ecrOperations(): string[] {
  const ops = new Set<string>();
  for (const file of readdirSync(join(ROOT, 'src', 'aws'))) {
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
const REGISTRY_API_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

function policyActions(markdown: string): { actions: string[]; policies: unknown[] } {
  const iam = section(markdown, markdown === read('README.md') ? 'IAM permissions' : 'IAM アクセス許可');
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

const READMES: Array<{ file: string; headings: { settings: string; architecture: string; troubleshooting: string } }> = [
  { file: 'README.md', headings: { settings: 'Settings', architecture: 'Architecture', troubleshooting: 'Troubleshooting' } },
  { file: 'README.ja.md', headings: { settings: '設定', architecture: 'アーキテクチャ', troubleshooting: 'トラブルシューティング' } },
];

describe('(unit) README and README.ja.md match the code', function () {
  for (const { file, headings } of READMES) {
    describe(file, () => {
      const text = read(file);

      it('keeps the two commands at the top (run, test)', () => {
        const top = text.slice(0, text.indexOf('\n## '));
        assert.match(top, /npm ci && npm start/);
        assert.match(top, /npm ci && npm test/);
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
        const { actions, policies } = policyActions(text);
        assert.ok(policies.length >= 5, 'one policy per feature');
        assert.deepEqual(actions, [...new Set([...used, ...REGISTRY_API_ACTIONS])].sort());
      });

      it('names every folder under src/ in the architecture section, and only folders that exist', () => {
        const arch = section(text, headings.architecture);
        const folders = readdirSync(join(ROOT, 'src')).filter((d) => statSync(join(ROOT, 'src', d)).isDirectory());
        assert.ok(folders.length >= 8);
        assert.deepEqual(
          folders.filter((d) => !arch.includes(`\`src/${d}/\``)),
          [],
          'folders missing from the architecture section',
        );
        const named = [...arch.matchAll(/`src\/([\w.-]+)\/?`/g)].map((m) => m[1]);
        assert.deepEqual(
          named.filter((n) => !existsSync(join(ROOT, 'src', n))),
          [],
          'the architecture section names files that do not exist',
        );
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

      it('shows only pictures that exist, from media/screenshots/', () => {
        const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
        assert.ok(images.length >= 1, 'no screenshot');
        for (const img of images) {
          assert.ok(existsSync(join(ROOT, img)), `${img} does not exist`);
          assert.match(img, /^media\/screenshots\/[\w.-]+\.png$/);
          assert.ok(statSync(join(ROOT, img)).size < 300_000, `${img} is large`);
        }
      });
    });
  }

  it('README.ja.md gives the same IAM policies as README.md', () => {
    assert.deepEqual(policyActions(read('README.ja.md')).policies, policyActions(read('README.md')).policies);
  });
});
