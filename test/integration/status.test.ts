// The token-expiry status bar item in a real extension host, driven by real logins against the project's ECR
// emulator (docker CLI, temp DOCKER_CONFIG) and by login records with near expiries (instead of waiting hours).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { EcrRegistry, LoginRecord } from '../../src/model/types';
import { activateExtension, waitFor } from './helpers';

const MIN = 60_000;
const CONTROL = process.env.ECR_EXPLORER_EMULATOR_CONTROL ?? '';

async function api(): Promise<ExtensionApi> {
  return (await activateExtension()).exports as ExtensionApi;
}

async function control(route: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${CONTROL}/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `emulator control ${route}`);
  return res.json();
}

let n = 0;
function fakeRecord(expiresIn: number, over: Partial<LoginRecord> = {}): LoginRecord {
  n++;
  const registryId = String(210000000000 + n);
  return {
    key: `ecr:default:us-east-1:${registryId}`,
    registryId,
    host: `${registryId}.dkr.ecr.us-east-1.amazonaws.com`,
    region: 'us-east-1',
    expiresAt: Date.now() + expiresIn,
    loggedInAt: Date.now(),
    cli: 'docker',
    ...over,
  };
}

async function clearLogins(a: ExtensionApi): Promise<void> {
  for (const r of a.services.logins.all()) await a.services.logins.remove(r.key);
}

describe('(integration) token expiry status bar', function () {
  this.timeout(120_000);
  let registry: EcrRegistry;

  before(async () => {
    assert.ok(CONTROL, 'the status run starts the ECR emulator (ECR_EXPLORER_EMULATOR_CONTROL)');
    const a = await api();
    const registries = await a.services.tree.registries();
    const ecr = registries.find((r): r is EcrRegistry => r.type === 'ecr');
    assert.ok(ecr, `the emulator's registry is listed (got ${registries.map((r) => r.id).join(', ')})`);
    registry = ecr;
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('ecrExplorer').update('statusBar.warningMinutes', undefined, vscode.ConfigurationTarget.Global);
    await control('token', { lifetimeMs: 12 * 60 * MIN });
    await clearLogins(await api());
  });

  it('is hidden while nobody is logged in and is wired to the renew command', async () => {
    const a = await api();
    assert.deepEqual(a.services.logins.all(), []);
    assert.equal(a.status.visible, false);
    assert.equal(a.status.command, 'ecrExplorer.renewLogin');
  });

  it('after a real login shows the time left, a tooltip with the registry and a renew link, and no warning', async () => {
    const a = await api();
    await vscode.commands.executeCommand('ecrExplorer.renewLogin', registry);
    const status = await waitFor('the status bar item after login', () => a.status.visible && a.status, 60_000);
    assert.match(status.text, /^\$\(key\) ECR 11h 5[89]m$/);
    assert.equal(status.backgroundId, undefined);
    assert.match(status.ariaLabel, /expires in 11h 5[89]m/);
    const [rec] = a.services.logins.all();
    assert.ok(rec, 'the login was recorded');
    assert.deepEqual(
      Object.keys(rec).filter((k) => !['key', 'registryId', 'host', 'profile', 'region', 'expiresAt', 'loggedInAt', 'cli'].includes(k)),
      [],
    );
    const encodedKey = encodeURIComponent(JSON.stringify([rec.key]));
    assert.ok(status.tooltip.includes(`(command:ecrExplorer.renewLogin?${encodedKey})`), status.tooltip);
    assert.ok(status.tooltip.includes(rec.host.replace(/[.:]/g, (c) => `\\${c}`)), status.tooltip);
    assert.ok(status.tooltip.includes('us\\-east\\-1'), status.tooltip);
  });

  it('a real token issued with a 2-minute lifetime shows the warning background', async () => {
    const a = await api();
    await control('token', { lifetimeMs: 2 * MIN });
    await vscode.commands.executeCommand('ecrExplorer.renewLogin', registry);
    const status = await waitFor(
      'the warning after a 2-minute token',
      () => a.status.backgroundId === 'statusBarItem.warningBackground' && a.status,
      60_000,
    );
    assert.match(status.text, /^\$\(key\) ECR (1m|<1m)$/);
    const [rec] = a.services.logins.all();
    assert.ok(rec.expiresAt - rec.loggedInAt <= 2 * MIN + 5000, 'the recorded expiry is the token expiry');
  });

  it('turns from warning to expired by itself when the expiry passes (timer, no other event)', async () => {
    const a = await api();
    await a.services.logins.record(fakeRecord(4000));
    assert.equal(a.status.text, '$(key) ECR <1m');
    assert.equal(a.status.backgroundId, 'statusBarItem.warningBackground');
    const expired = await waitFor(
      'the item to show expired',
      () => a.status.backgroundId === 'statusBarItem.errorBackground' && a.status,
      15_000,
    );
    assert.equal(expired.text, '$(key) ECR expired');
  });

  it('names the soonest of several logins and lists every one in the tooltip, soonest first', async () => {
    const a = await api();
    const late = fakeRecord(9 * 60 * MIN, { profile: 'prod' });
    const soon = fakeRecord(3 * 60 * MIN + 30_000, { profile: 'dev', region: 'eu-west-1' });
    const mid = fakeRecord(6 * 60 * MIN);
    for (const r of [late, soon, mid]) await a.services.logins.record(r);
    assert.equal(a.status.text, '$(key) ECR 3h');
    const rows = a.status.tooltip.split('\n').filter((l) => l.includes('command:'));
    assert.deepEqual(
      rows.map((r) => [soon, mid, late].findIndex((x) => r.includes(encodeURIComponent(JSON.stringify([x.key]))))),
      [0, 1, 2],
    );
    assert.ok(rows[0].includes('| dev | eu\\-west\\-1 |'), rows[0]);
  });

  it('follows ecrExplorer.statusBar.warningMinutes', async () => {
    const a = await api();
    await a.services.logins.record(fakeRecord(90 * MIN));
    assert.equal(a.status.backgroundId, undefined);
    await vscode.workspace.getConfiguration('ecrExplorer').update('statusBar.warningMinutes', 120, vscode.ConfigurationTarget.Global);
    await waitFor('the warning after raising the threshold', () => a.status.backgroundId === 'statusBarItem.warningBackground');
  });

  it('picks up logins another window wrote to globalState when it reloads the store', async () => {
    const a = await api();
    const other = fakeRecord(5 * 60 * MIN);
    await a.services.context.globalState.update('ecrExplorer.logins', [other]);
    a.services.logins.reload();
    assert.equal(a.status.visible, true);
    assert.match(a.status.text, /^\$\(key\) ECR 4h 59m$/);
    await a.services.context.globalState.update('ecrExplorer.logins', []);
    a.services.logins.reload();
    assert.equal(a.status.visible, false);
  });

  it('auto-renews a login that is within ecrExplorer.login.autoRenewMinutesBefore of expiry (trusted workspace)', async () => {
    const a = await api();
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    try {
      // A login made 11 h 50 m ago: 10 minutes left, inside the default 30-minute renew window.
      await a.services.logins.record({
        key: registry.id,
        registryId: registry.registryId,
        host: new URL(CONTROL).host,
        profile: registry.source.profile,
        region: registry.source.region,
        expiresAt: Date.now() + 10 * MIN,
        loggedInAt: Date.now() - 710 * MIN,
        cli: 'docker',
      });
      assert.equal(a.status.backgroundId, 'statusBarItem.warningBackground');
      await config.update('login.autoRenew', true, vscode.ConfigurationTarget.Global);
      // Renewal starts after a random delay of up to 15 s (two windows must not renew at the same instant).
      const renewed = await waitFor(
        'the automatic renewal',
        () => {
          const rec = a.services.logins.get(registry.id);
          return rec && rec.expiresAt > Date.now() + 11 * 60 * MIN && rec;
        },
        60_000,
      );
      assert.equal(renewed.cli, 'docker');
      await waitFor('the normal background after renewal', () => a.status.backgroundId === undefined);
      assert.match(a.status.text, /^\$\(key\) ECR 11h 5[89]m$/);
    } finally {
      await config.update('login.autoRenew', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('clicking the item (renewLogin without arguments) renews the one expired login, leaving the others', async () => {
    const a = await api();
    const other = fakeRecord(8 * 60 * MIN);
    await a.services.logins.record(other);
    await a.services.logins.record({
      key: registry.id,
      registryId: registry.registryId,
      host: new URL(CONTROL).host,
      region: registry.source.region,
      expiresAt: Date.now() - MIN,
      loggedInAt: Date.now() - 721 * MIN,
      cli: 'docker',
    });
    assert.equal(a.status.text, '$(key) ECR expired');
    await vscode.commands.executeCommand(a.status.command ?? '');
    const renewed = a.services.logins.get(registry.id);
    assert.ok(renewed && renewed.expiresAt > Date.now() + 11 * 60 * MIN, 'the expired login was renewed');
    assert.deepEqual(a.services.logins.get(other.key), other);
    assert.equal(a.status.backgroundId, undefined);
  });

  it('escapes untrusted registry text in the tooltip', async () => {
    const a = await api();
    await a.services.logins.record(
      fakeRecord(2 * 60 * MIN, { host: 'evil](command:workbench.action.terminal.new) <b>x</b>', profile: '$(bug)' }),
    );
    const tip = a.status.tooltip;
    const links = [...tip.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
    assert.equal(links.length, 1);
    assert.ok(links[0].startsWith('command:ecrExplorer.renewLogin?'), links[0]);
    assert.ok(!/(?<!\\)<b>/.test(tip));
    assert.ok(tip.includes('\\$\\(bug\\)'));
  });
});
