// Persistence across a window reload: phase 1 records a login and reloads the window; phase 2 (the same suite,
// run again by the reloaded window, told apart by a marker file in the workspace) checks that the item is back
// from globalState alone, without any API call and without the AWS SDK bundle loaded.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { LoginRecord } from '../../src/model/types';
import { activateExtension, testLog, waitFor } from './helpers';

const HOUR = 3_600_000;
/** The restored item: the login recorded in phase 1 with 5 h to go, seconds to minutes earlier. */
const RESTORED_TEXT = /^\$\(key\) ECR 4h 5\dm$/;

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

/** What `npm run bench` reads from test-results/activation.json (bench/run.ts): activate() in a real extension host. */
interface HostActivation {
  activationMs: number;
  activationSteps: Readonly<Record<string, number>>;
  awsLoaded: boolean;
  /** The runner's host (ECR_EXPLORER_TEST_HOST_KIND): code-server, electron or custom. */
  host: string;
  restoredStatusBar: boolean;
}

/** Writes the record to the path the run passes in ECR_EXPLORER_ACTIVATION_FILE (none: nothing is written). */
function recordActivation(rec: HostActivation): void {
  const file = process.env.ECR_EXPLORER_ACTIVATION_FILE;
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(rec, null, 2)}\n`);
  testLog(`(integration) status reload: wrote ${file}`);
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
    const awsLoaded = api.awsLoaded;
    // Recorded for `npm run bench` whatever the outcome (a failed restore is recorded as such), then asserted.
    const restored = await waitFor('the restored status bar item', () => api.status.visible && api.status).catch(() => undefined);
    recordActivation({
      activationMs: api.activationMs,
      activationSteps: api.activationSteps,
      awsLoaded,
      host: process.env.ECR_EXPLORER_TEST_HOST_KIND ?? 'unknown',
      restoredStatusBar: restored !== undefined && RESTORED_TEXT.test(restored.text),
    });
    assert.equal(awsLoaded, false, 'the AWS SDK bundle was loaded although only the status bar was restored');
    assert.ok(restored, 'timed out waiting for the restored status bar item');
    const status = restored;
    assert.match(status.text, RESTORED_TEXT);
    assert.equal(status.backgroundId, undefined);
    assert.ok(status.tooltip.includes('123456789012\\.dkr\\.ecr\\.eu\\-west\\-1\\.amazonaws\\.com'), status.tooltip);
    assert.deepEqual(api.services.logins.get(record.key), record);
    assert.equal(api.awsLoaded, false, 'reading the restored item loaded the AWS SDK');
    testLog(`(integration) status reload: activate() took ${api.activationMs.toFixed(2)} ms with the status bar restored`);
  });
});
