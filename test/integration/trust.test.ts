import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, manifest, readProbe } from './helpers';

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
});
