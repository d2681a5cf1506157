// The shipped l10n/bundle.l10n.json is current: what `npm run l10n` (the l10n-dev CLI) exports from src/ today.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..', '..');

describe('(unit) l10n bundle export', function () {
  const bundle = JSON.parse(readFileSync(join(ROOT, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');

  it('l10n/bundle.l10n.json is current: a fresh `vscode-l10n-dev export` of src/ gives the same keys and texts', async function () {
    this.timeout(60_000);
    const script = (JSON.parse(manifest) as { scripts: Record<string, string> }).scripts.l10n;
    assert.equal(script, 'vscode-l10n-dev export --outDir ./l10n ./src', 'the l10n npm script changed; update this test');
    const out = mkdtempSync(join(tmpdir(), 'ecr-l10n-export-'));
    try {
      const cli = join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
      await promisify(execFile)(process.execPath, [cli, 'export', '--outDir', out, './src'], { cwd: ROOT, timeout: 60_000 });
      const fresh = JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
      const added = Object.keys(fresh).filter((k) => !(k in bundle));
      const removed = Object.keys(bundle).filter((k) => !(k in fresh));
      assert.deepEqual(
        { added, removed },
        { added: [], removed: [] },
        'l10n/bundle.l10n.json is stale: run `npm run l10n` and translate the new keys',
      );
      assert.deepEqual(fresh, bundle);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
