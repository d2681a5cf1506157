import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorServer } from '../servers';
import { Workbench } from './workbench';

describe('(ui) ECR Explorer view', function () {
  let emulator: EmulatorServer;
  let wb: Workbench;
  let awsDir: string;

  before(async function () {
    emulator = await startEmulator({ seed: 'demo' });
    // Empty AWS config files: the extension must see only the emulator credentials below, never ~/.aws.
    awsDir = mkdtempSync(join(tmpdir(), 'ecr-ui-aws-'));
    writeFileSync(join(awsDir, 'config'), '');
    writeFileSync(join(awsDir, 'credentials'), '');
    wb = await Workbench.start({
      env: {
        AWS_ENDPOINT_URL_ECR: emulator.url,
        AWS_ACCESS_KEY_ID: 'AKIAEMULATORPROD0001',
        AWS_SECRET_ACCESS_KEY: 'emulator-secret',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: join(awsDir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'),
      },
      userSettings: { 'ecrExplorer.regions': ['us-east-1'] },
    });
  });

  after(async function () {
    await wb?.close();
    await emulator?.stop();
    if (awsDir) rmSync(awsDir, { recursive: true, force: true });
  });

  it('opens from the activity bar and lists the emulator registry', async function () {
    const sidebar = await wb.openViewContainer('ECR Explorer');
    // A container with a single view shows the view's name in the sidebar title ("ECR Explorer: Registries").
    assert.match(await sidebar.locator('.composite.title').first().innerText(), /ECR Explorer/i);
    const registry = wb.treeItems().filter({ hasText: '123456789012' }).first();
    await registry.waitFor({ timeout: 60_000 });
    const shot = await wb.screenshot('ui-ecr-view');
    assert.match(await registry.innerText(), /123456789012/);
    assert.ok(shot.endsWith('ui-ecr-view.png'));
  });

  it('runs a command from the palette: ECR: Show Log opens the ECR Explorer output', async function () {
    await wb.runCommand('ECR: Show Log');
    const panel = wb.page.locator('#workbench\\.parts\\.panel');
    await panel.waitFor({ state: 'visible' });
    const channel = panel.locator('select.monaco-select-box').first();
    await wb.waitUntil(
      'the output panel shows the ECR Explorer channel',
      async () =>
        (await channel
          .evaluate((el) => (el as unknown as { selectedOptions: ArrayLike<{ text: string }> }).selectedOptions[0]?.text ?? '')
          .catch(() => '')) === 'ECR Explorer',
    );
    await wb.screenshot('ui-show-log');
  });
});
