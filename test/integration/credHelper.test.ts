// The Amazon ECR credential helper in a real extension host: Diagnose Docker Login reports the real helper from
// Debian's amazon-ecr-credential-helper (path and `-v` version; its `get` is never run), two emulator registries
// are switched to the helper from the palette and back (the tree, the status bar and Log In say so; config.json
// ends byte for byte as it was). That docker itself consults the written config is proved against a registry on
// 127.0.0.1 in test/unit/login/credHelperDocker.server.test.ts. Nothing leaves 127.0.0.1.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { EcrRegistry } from '../../src/model/types';
import type { Ui } from '../../src/services/ui';
import { ScriptedUi, type Recorded } from './scriptedUi';
import { startEmulator } from '../servers';
import { activateExtension, waitFor } from './helpers';

const REGION = 'us-east-1';
const ALPHA = '111111111111';
const BETA = '222222222222';
const REAL_HELPER = '/usr/bin/docker-credential-ecr-login';

describe('(integration) credential helper', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let dir: string;
  let configFile: string;
  let realUi: Ui;
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let registries: EcrRegistry[];
  // The user accepts every pick as offered (all items) and dismisses messages.
  let ui: ScriptedUi;
  const shown = (): Recorded[] => ui.shown.filter((r) => r.kind === 'info' || r.kind === 'warn' || r.kind === 'error');
  const everything = (r: Recorded): string[] => r.choices;
  const saved = { ...process.env };
  // What docker wrote: tab indentation, no final newline, an unrelated login and unknown keys.
  const original = JSON.stringify(
    { auths: { 'ghcr.io': { auth: 'dXNlcjpwYXNz' } }, psFormat: 'table {{.ID}}', currentContext: 'default' },
    null,
    '\t',
  );

  before(async () => {
    api = (await activateExtension()).exports as ExtensionApi;
    dir = mkdtempSync(join(tmpdir(), 'ecr-credhelper-it-'));
    configFile = join(dir, 'docker', 'config.json');
    mkdirSync(join(dir, 'docker'));
    writeFileSync(configFile, original, { mode: 0o600 });
    writeFileSync(join(dir, 'config'), `[profile alpha]\nregion = ${REGION}\n\n[profile beta]\nregion = ${REGION}\n`);
    writeFileSync(
      join(dir, 'credentials'),
      '[alpha]\naws_access_key_id = AKIACREDHELPALPHA001\naws_secret_access_key = a\n\n[beta]\naws_access_key_id = AKIACREDHELPBETA0002\naws_secret_access_key = b\n',
    );
    emulator = await startEmulator({ defaultRegion: REGION, defaultAccountId: ALPHA });
    emulator.emulator.mapAccessKey('AKIACREDHELPALPHA001', ALPHA);
    emulator.emulator.mapAccessKey('AKIACREDHELPBETA0002', BETA);
    emulator.emulator.seed({
      repositories: [
        { accountId: ALPHA, name: 'alpha/api', images: [{ tags: ['1.0'] }] },
        { accountId: BETA, name: 'beta/svc', images: [{ tags: ['b1'] }] },
      ],
    });
    Object.assign(process.env, {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      DOCKER_CONFIG: join(dir, 'docker'),
    });
    for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_ECR'])
      delete process.env[k];
    ui = new ScriptedUi();
    realUi = api.useUi(ui);
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    await config.update('endpoint', emulator.url, vscode.ConfigurationTarget.Global);
    await config.update('profiles', ['alpha', 'beta'], vscode.ConfigurationTarget.Global);
    await config.update('regions', [REGION], vscode.ConfigurationTarget.Global);
    await config.update('containerCli', 'docker', vscode.ConfigurationTarget.Global);
    await waitFor('the settings to reach the extension', () => api.services.settings().profiles.length === 2);
    api.tree.refresh();
    registries = await waitFor('both emulator registries', async () => {
      const list = (await api.services.tree.registries()).filter((r): r is EcrRegistry => r.type === 'ecr');
      return list.length === 2 ? list : undefined;
    });
    await api.services.credHelpers.refresh();
  });

  after(async () => {
    api.useUi(realUi);
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    for (const key of ['endpoint', 'profiles', 'regions', 'containerCli'])
      await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    await emulator.stop();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  });

  it('Diagnose Docker Login reports the real helper: its absolute path and version (from -v, never get)', async () => {
    assert.ok(existsSync(REAL_HELPER), '.ci/run installs amazon-ecr-credential-helper');
    const own = /Version:\s*(\S+)/.exec(spawnSync(REAL_HELPER, ['-v'], { encoding: 'utf8' }).stdout)?.[1];
    assert.ok(own, 'the helper prints its version with -v');
    const findings = (await vscode.commands.executeCommand<Array<{ text: string }>>('ecrExplorer.diagnoseLogin', registries[0])) ?? [];
    const line = findings.map((f) => f.text).find((m) => m.includes(REAL_HELPER));
    assert.ok(line, `the helper's path is reported: ${JSON.stringify(findings)}`);
    assert.ok(line.includes(own), `its version ${own} is reported: ${line}`);
  });

  it('two registries switched from the palette, shown in the tree and status bar, and switched back byte for byte', async () => {
    const [a, b] = registries;
    ui.answer('pickMany', everything);
    await vscode.commands.executeCommand('ecrExplorer.useCredentialHelper');
    const written = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(written.credHelpers, { [a.host]: 'ecr-login', [b.host]: 'ecr-login' });
    assert.deepEqual(written.auths, { 'ghcr.io': { auth: 'dXNlcjpwYXNz' } }, 'other logins are kept');
    assert.equal(readFileSync(`${configFile}.ecr-explorer.bak`, 'utf8'), original, 'a backup of the original');
    const done = shown().find((s) => s.text.includes('Amazon ECR credential helper'));
    assert.ok(done, `the user is told: ${JSON.stringify(shown())}`);
    assert.equal(done.kind, 'warn', 'AWS_PROFILE is unset while the registries use profiles: a warning');
    assert.ok(done.text.includes('export AWS_PROFILE='), `it says how to set AWS_PROFILE: ${done.text}`);

    for (const r of [a, b]) {
      const item = await waitFor(`the ${r.host} row to show the helper`, () => {
        const it = api.tree.getTreeItem(r);
        return typeof it.description === 'string' && it.description.includes('credential helper') ? it : undefined;
      });
      assert.match(String(item.contextValue), /(^|;)credHelper(;|$)/);
    }
    await waitFor('the status bar to show the helper', () => api.status.visible && api.status.text.includes('ECR helper'));
    assert.ok(!api.status.tooltip.includes('command:'), 'no renew link for helper registries');

    ui.shown.length = 0;
    const outcomes = await vscode.commands.executeCommand<unknown[]>('ecrExplorer.login', a);
    assert.deepEqual(outcomes, [], 'no login is run');
    const why = await waitFor('Log In to explain', () => shown().find((s) => s.text.includes('No login needed')));
    assert.ok(why.text.includes(REAL_HELPER), `with the diagnosis: ${why.text}`);

    ui.answer('pickMany', everything);
    await vscode.commands.executeCommand('ecrExplorer.stopCredentialHelper');
    assert.equal(readFileSync(configFile, 'utf8'), original, 'config.json is byte for byte as it was');
    assert.deepEqual(api.services.credHelpers.markers(), {});
    await waitFor('the rows to drop the helper', () => !String(api.tree.getTreeItem(a).description).includes('credential helper'));
  });
});
