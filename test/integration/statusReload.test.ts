// Persistence across a window reload: phase 1 records a login and reloads the window; phase 2 (the same suite,
// run again by the reloaded window, told apart by a marker file in the workspace) checks that the item is back
// from globalState alone, without any API call and without the AWS SDK bundle loaded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { LoginRecord } from '../../src/model/types';
import { activateExtension, testLog, waitFor } from './helpers';

const HOUR = 3_600_000;

function markerUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'ecr-status-phase2.json');
}

async function readMarker(): Promise<{ record: LoginRecord } | undefined> {
  try {
    return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(markerUri()))) as { record: LoginRecord };
  } catch {
    return undefined;
  }
}

describe('(integration) status bar after a window reload', function () {
  this.timeout(120_000);

  it('phase 1 records a login and reloads; phase 2 shows it again without loading the AWS SDK', async function () {
    const ext = await activateExtension();
    const api = ext.exports as ExtensionApi;
    const marker = await readMarker();
    if (!marker) {
      const record: LoginRecord = {
        key: 'ecr:dev:eu-west-1:123456789012',
        registryId: '123456789012',
        host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        profile: 'dev',
        region: 'eu-west-1',
        expiresAt: Date.now() + 5 * HOUR,
        loggedInAt: Date.now(),
        cli: 'docker',
      };
      await api.services.logins.record(record);
      assert.equal(api.status.visible, true);
      await vscode.workspace.fs.writeFile(markerUri(), new TextEncoder().encode(JSON.stringify({ record })));
      testLog('(integration) status reload: phase 1 done, reloading the window');
      // The reloaded window runs this suite again and reports the outcome; this host is killed by the reload.
      this.timeout(0);
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      await new Promise(() => undefined);
    }
    testLog('(integration) status reload: phase 2');
    const { record } = marker as { record: LoginRecord };
    assert.equal(api.awsLoaded, false, 'the AWS SDK bundle was loaded although only the status bar was restored');
    const status = await waitFor('the restored status bar item', () => api.status.visible && api.status);
    assert.match(status.text, /^\$\(key\) ECR 4h 5\dm$/);
    assert.equal(status.backgroundId, undefined);
    assert.ok(status.tooltip.includes('123456789012\\.dkr\\.ecr\\.eu\\-west\\-1\\.amazonaws\\.com'), status.tooltip);
    assert.deepEqual(api.services.logins.get(record.key), record);
    assert.equal(api.awsLoaded, false, 'reading the restored item loaded the AWS SDK');
    testLog(`(integration) status reload: activate() took ${api.activationMs.toFixed(2)} ms with the status bar restored`);
  });
});
