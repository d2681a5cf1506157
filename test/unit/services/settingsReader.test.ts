// The settings reader: numbers clamped to the ranges package.json documents, machine settings from the user only,
// and in Restricted Mode the account-choosing lists (profiles, regions, registry ids) from the user only.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NUMBER_RANGES, readSettingsFrom, type SettingsSource } from '../../../src/services/settingsReader';

/** A configuration with a user (global) and a workspace layer, like vscode.WorkspaceConfiguration. */
function source(user: Record<string, unknown>, workspace: Record<string, unknown> = {}): SettingsSource {
  return {
    get: <T>(key: string) => (key in workspace ? workspace[key] : user[key]) as T | undefined,
    inspect: <T>(key: string) => ({ globalValue: user[key] as T | undefined }),
  };
}

describe('(unit) services: settings reader', () => {
  it('clamps hostile numbers to the documented ranges', () => {
    const s = readSettingsFrom(
      source({
        requestTimeoutSeconds: 3e9,
        'login.timeoutSeconds': -4,
        'login.autoRenewMinutesBefore': 5000,
        'statusBar.warningMinutes': Number.POSITIVE_INFINITY,
      }),
      true,
    );
    assert.equal(s.requestTimeoutMs, 600_000);
    assert.equal(s.loginTimeoutMs, 5_000);
    assert.equal(s.autoRenewMinutesBefore, 360);
    assert.equal(s.warningMinutes, 30, 'not a finite number: the default');
  });

  it('the ranges are the ones package.json documents', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { minimum?: number; maximum?: number; default?: number }> } };
    };
    const props = pkg.contributes.configuration.properties;
    for (const [key, r] of Object.entries(NUMBER_RANGES)) {
      const p = props[`ecrExplorer.${key}`];
      assert.deepEqual([p?.minimum, p?.maximum, p?.default], [r.min, r.max, r.fallback], key);
    }
  });

  it('Restricted Mode: profiles, regions and registry ids come from the user only; regions must be ECR regions', () => {
    const user = { profiles: ['me'], regions: ['eu-west-1', 'mars-north-1'], registryIds: ['111122223333'] };
    const workspace = { profiles: ['--evil', 'attacker'], regions: ['ap-northeast-1'], registryIds: ['999999999999'] };
    const untrusted = readSettingsFrom(source(user, workspace), false);
    assert.deepEqual([untrusted.profiles, untrusted.regions, untrusted.registryIds], [['me'], ['eu-west-1'], ['111122223333']]);
    const trusted = readSettingsFrom(source(user, workspace), true);
    assert.deepEqual([trusted.profiles, trusted.regions, trusted.registryIds], [['attacker'], ['ap-northeast-1'], ['999999999999']]);
  });

  it('machine settings (endpoint, CLI path and arguments) never come from the workspace, trusted or not', () => {
    const ws = { endpoint: 'http://attacker.invalid', containerCliPath: '/tmp/evil', containerCliArgs: ['--config', '/tmp/x'] };
    for (const trusted of [true, false]) {
      const s = readSettingsFrom(source({}, ws), trusted);
      assert.deepEqual([s.endpoint, s.containerCliPath, s.containerCliArgs], [undefined, undefined, []]);
    }
  });
});
