// ExplorerSettings as the extension reads them: settings that choose a program, its arguments, an endpoint or
// where a password goes come from the user level only, whatever the workspace says; Restricted Mode turns
// automatic renewal off. Runs in a trusted run ("tree") and in the untrusted run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { activateExtension, readProbe } from './helpers';

describe('(integration) settings with workspace trust applied', () => {
  let api: ExtensionApi;

  before(async () => {
    api = (await activateExtension()).exports as ExtensionApi;
  });

  it('ignores workspace values of the CLI, its arguments, the endpoint and the generic registries', async () => {
    const probe = await readProbe();
    const attempted = Object.keys(probe.workspaceSettings);
    assert.ok(attempted.includes('ecrExplorer.containerCliArgs'), 'this run sets the CLI arguments in the workspace');
    const s = api.services.settings();
    const user = vscode.workspace.getConfiguration('ecrExplorer');
    assert.deepStrictEqual(
      { cliPath: s.containerCliPath, cliArgs: s.containerCliArgs, generic: s.genericRegistries },
      { cliPath: undefined, cliArgs: [], generic: [] },
    );
    // The endpoint is the user's (the tree run points it at the emulator at user level) or none.
    assert.equal(s.endpoint, user.inspect<string>('endpoint')?.globalValue || undefined);
    assert.notEqual(s.endpoint, probe.workspaceSettings['ecrExplorer.endpoint']);
  });

  it('Restricted Mode: the regions are the user’s own (the untrusted run sets ap-northeast-1 in the workspace)', async () => {
    const probe = await readProbe();
    const s = api.services.settings();
    const user = vscode.workspace.getConfiguration('ecrExplorer').inspect<string[]>('regions')?.globalValue ?? [];
    if (vscode.workspace.isTrusted) {
      assert.equal(probe.run, 'tree');
      return;
    }
    assert.deepEqual(probe.workspaceSettings['ecrExplorer.regions'], ['ap-northeast-1']);
    assert.deepEqual(s.regions, user);
  });

  it('turns automatic renewal off in Restricted Mode even when the user enabled it', async () => {
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    await config.update('login.autoRenew', true, vscode.ConfigurationTarget.Global);
    try {
      assert.equal(api.services.settings().autoRenew, vscode.workspace.isTrusted);
    } finally {
      await config.update('login.autoRenew', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
