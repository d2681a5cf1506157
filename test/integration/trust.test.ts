import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { activateExtension, manifest, overrideUi, readProbe } from './helpers';

describe('(integration) untrusted workspace', () => {
  it('opens the folder in Restricted Mode', () => {
    assert.equal(process.env.ECR_EXPLORER_WORKSPACE_TRUST, 'untrusted');
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still activates (limited support)', async () => {
    const ext = await activateExtension();
    assert.equal(ext.isActive, true);
  });

  it('ignores workspace values of settings that choose an endpoint, executable or arguments', async () => {
    const probe = await readProbe();
    const props = manifest().contributes.configuration.properties;
    const config = vscode.workspace.getConfiguration();
    const attempted = Object.keys(probe.workspaceSettings).filter((k) => props[k]?.scope === 'machine');
    assert.ok(attempted.length >= 3, 'the untrusted run sets machine-scoped settings in the workspace');
    for (const key of attempted) {
      assert.deepEqual(config.get(key), props[key].default, `${key} took the workspace value`);
    }
  });

  it('disables Build and Push with a message that says why, and uses no build arguments', async () => {
    const api = (await activateExtension()).exports as ExtensionApi;
    const warnings: string[] = [];
    const restoreUi = overrideUi(api, () => ({
      warn: (m: string) => Promise.resolve(void warnings.push(m)).then(() => undefined),
    }));
    try {
      assert.equal(await vscode.commands.executeCommand('ecrExplorer.buildAndPush'), false);
    } finally {
      restoreUi();
    }
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /Restricted Mode/);
    assert.deepEqual(api.services.settings().buildArgs, {});
  });
});
