// docker itself consults a config written by the credential-helper edits: a recording stand-in named
// docker-credential-ecr-login, first on docker's PATH, answers `get` for Debian's docker-registry on 127.0.0.1
// (the real helper's `get` would call AWS). After the undo docker has no credentials and never asks the helper.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { credHelperTarget } from '../../../src/login/credHelperHosts';
import { applyUseHelper, planUseHelper, stopUsingHelper } from '../../../src/login/credHelperSetup';
import type { CredHelperMarker } from '../../../src/login/credHelperBase';
import { pushImage, startRegistry, type RegistryServer } from '../../servers';

describe('(unit) login/credHelper with docker and a registry on 127.0.0.1', function () {
  this.timeout(60_000);
  const password = 'credhelper-pw';
  let registry: RegistryServer;
  let dir: string;

  before(async () => {
    registry = await startRegistry({ password });
    await pushImage({ baseUrl: `http://${registry.host}`, username: 'AWS', password }, 'app', '1');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-credhelper-docker-'));
  });
  after(async () => {
    await registry?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('docker gets the credentials from the helper named in credHelpers, and stops after the undo', async () => {
    const bin = path.join(dir, 'bin');
    const record = path.join(dir, 'calls.log');
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, 'docker-credential-ecr-login'),
      [
        '#!/bin/sh',
        'input=$(cat)',
        `printf '%s %s\\n' "$1" "$input" >> '${record}'`,
        `if [ "$1" = get ] && [ "$input" = '${registry.host}' ]; then`,
        `  printf '{"ServerURL":"%s","Username":"AWS","Secret":"${password}"}' "$input"; exit 0`,
        'fi',
        'echo "credentials not found in native keychain"; exit 1',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const dockerConfig = path.join(dir, 'docker');
    fs.mkdirSync(dockerConfig);
    const original = JSON.stringify({ auths: { 'ghcr.io': { auth: 'dXNlcjpwYXNz' } }, psFormat: 'table' }, null, '\t');
    fs.writeFileSync(path.join(dockerConfig, 'config.json'), original, { mode: 0o600 });
    const env = { ...process.env, DOCKER_CONFIG: dockerConfig, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
    const calls = (): string[] => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').split('\n').filter(Boolean) : []);
    const inspect = () =>
      spawnSync('docker', ['manifest', 'inspect', '--insecure', `${registry.host}/app:1`], { env, encoding: 'utf8', timeout: 30_000 });

    assert.notEqual(inspect().status, 0, 'without the helper docker has no credentials');
    assert.deepEqual(calls(), []);

    const target = credHelperTarget('docker', env);
    assert.ok(target.supported);
    const result = await applyUseHelper(await planUseHelper(target, [registry.host]), {});
    const after = inspect();
    assert.equal(after.status, 0, `docker got the credentials from the helper: ${after.stderr}`);
    assert.match(after.stdout, /"schemaVersion"/);
    assert.ok(calls().includes(`get ${registry.host}`), calls().join('\n'));

    await stopUsingHelper(result.marker as CredHelperMarker);
    assert.equal(fs.readFileSync(path.join(dockerConfig, 'config.json'), 'utf8'), original);
    const count = calls().length;
    assert.notEqual(inspect().status, 0, 'after the undo docker has no credentials again');
    assert.equal(calls().length, count, 'and no longer asks the helper');
  });
});
