import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readProbe } from './helpers';

describe('(integration) test host environment', () => {
  it('passes the run environment to the extension host process', async () => {
    const probe = await readProbe();
    assert.equal(process.env.ECR_EXPLORER_TEST_RUN, probe.run);
    assert.equal(process.env.ECR_EXPLORER_ENV_PROBE, probe.env);
  });

  it('opens the run workspace folder with its .vscode/settings.json applied', async () => {
    const probe = await readProbe();
    const wanted = probe.workspaceSettings['ecrExplorer.regions'];
    assert.ok(Array.isArray(wanted), 'the default run sets ecrExplorer.regions in the workspace');
    assert.deepEqual(vscode.workspace.getConfiguration('ecrExplorer').get('regions'), wanted);
  });

  it('runs trusted unless the run asks otherwise', () => {
    assert.equal(vscode.workspace.isTrusted, process.env.ECR_EXPLORER_WORKSPACE_TRUST !== 'untrusted');
  });
});
