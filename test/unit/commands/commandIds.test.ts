// The ids registered at activation (src/commands/commandIds.ts) are exactly the commands package.json contributes,
// so every palette entry and menu item has a handler and nothing is registered that the manifest does not declare.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS } from '../../../src/commands/commandIds';

const ROOT = join(__dirname, '..', '..', '..');

describe('(unit) commands/commandIds', () => {
  it('registers exactly the commands package.json contributes, once each', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { commands: Array<{ command: string }> };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.equal(new Set(COMMAND_IDS).size, COMMAND_IDS.length, 'no id twice');
    assert.deepEqual([...COMMAND_IDS].sort(), contributed);
  });

  it('has a handler for every id in the handler table', () => {
    const handlers = readFileSync(join(ROOT, 'src', 'commands', 'handlers.ts'), 'utf8');
    const keys = [...handlers.matchAll(/'(ecrExplorer\.[A-Za-z]+)':/g)].map((m) => m[1]).sort();
    assert.deepEqual(keys, [...COMMAND_IDS].sort());
  });
});
