import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, manifest } from './helpers';

describe('(integration) activation and contributions', () => {
  it('activates, and returns its test API only because this is ExtensionMode.Test', async () => {
    const ext = await activateExtension();
    assert.equal(ext.isActive, true);
    const api = ext.exports as { services?: unknown; useUi?: unknown } | undefined;
    assert.equal(typeof api?.useUi, 'function', 'the test API (production activations return undefined: src/extension.ts)');
  });

  it('opens the registries view through the commands VS Code derives from the contribution', async () => {
    await activateExtension();
    // VS Code registers `<viewId>.focus` only for a view it actually loaded from the manifest.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('workbench.view.extension.ecrExplorer'), 'view container command missing');
    assert.ok(commands.includes('ecrExplorer.registries.focus'), 'view focus command missing');
    await vscode.commands.executeCommand('ecrExplorer.registries.focus');
  });

  it('registers every command that package.json contributes, and no undeclared ecrExplorer.* command', async () => {
    await activateExtension();
    const declared = manifest()
      .contributes.commands.map((c) => c.command)
      .sort();
    assert.ok(declared.length > 0, 'package.json contributes no commands');
    const registered = (await vscode.commands.getCommands(true))
      .filter(
        (c) =>
          c.startsWith('ecrExplorer.') && !/^ecrExplorer\.registries\.(focus|resetViewLocation|toggleVisibility|removeView|open)$/.test(c),
      )
      .sort();
    const missing = declared.filter((c) => !registered.includes(c));
    const undeclared = registered.filter((c) => !declared.includes(c));
    assert.deepEqual({ missing, undeclared }, { missing: [], undeclared: [] }, 'package.json commands and registered commands differ');
  });

  it('gives every contributed command a title and the ECR category', () => {
    for (const c of manifest().contributes.commands) {
      assert.ok(c.title && !c.title.startsWith('%'), `${c.command} has no localised title (${c.title})`);
      assert.equal(c.category, 'ECR', `${c.command} category`);
    }
  });
});
