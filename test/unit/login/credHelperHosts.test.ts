import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readHelperState, servedBy } from '../../../src/login/credHelperHosts';
import { diagnoseHelper } from '../../../src/login/credHelperState';

const A = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const B = '210987654321.dkr.ecr.eu-west-1.amazonaws.com';

describe('(unit) login/credHelperState', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-credhelper-state-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    env = { DOCKER_CONFIG: dir, PATH: path.join(dir, 'bin'), HOME: dir };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = (data: unknown) => fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(data));
  const ids = (d: { findings: Array<{ message: { id: string } }> }) => d.findings.map((f) => f.message.id);

  it('lists the hosts served by ecr-login (credHelpers, or credsStore for all)', async () => {
    config({ credHelpers: { [A]: 'ecr-login', 'gcr.io': 'gcloud' } });
    const state = await readHelperState('docker', env);
    assert.equal(servedBy(state, `https://${A}`), 'credHelpers');
    assert.equal(servedBy(state, B), undefined);
    config({ credsStore: 'ecr-login' });
    assert.equal(servedBy(await readHelperState('docker', env), B), 'credsStore');
    assert.equal((await readHelperState('finch', env)).file, '', 'finch: no docker helper config');
  });

  it('an unparseable config is marked, not thrown; the diagnosis names the line', async () => {
    fs.writeFileSync(path.join(dir, 'config.json'), '{\n"credHelpers": {');
    const state = await readHelperState('docker', env);
    assert.equal(state.unreadable, true);
    assert.equal(state.hosts.size, 0);
    const d = await diagnoseHelper({ cli: 'docker', host: A, region: 'us-east-1', env, platform: { platform: 'linux' } });
    assert.equal(d.findings[0].message.id, 'chConfigSyntax');
    assert.equal(d.findings[0].message.args[1], 2);
  });

  it('diagnosis: served host, missing helper with install hints', async () => {
    config({ credHelpers: { [A]: 'ecr-login' }, auths: { [A]: { auth: 'QVdTOng=' } } });
    const d = await diagnoseHelper({ cli: 'docker', host: A, region: 'us-east-1', env, platform: { platform: 'darwin' } });
    assert.equal(d.served, true);
    assert.equal(d.helperPath, undefined);
    assert.deepEqual(ids(d), [
      'chHostServed',
      'chHelperMissing',
      'chInstallMac',
      'chInstallOther',
      'chHostStaleAuth',
      'chEnvProfileMatches',
    ]);
    assert.equal(d.findings[1].level, 'warning');
  });

  it('diagnosis: helper path and version, and a profile mismatch with how to fix it', async () => {
    config({ credHelpers: { [A]: 'ecr-login' } });
    const helper = path.join(dir, 'bin', 'docker-credential-ecr-login');
    fs.writeFileSync(helper, '#!/bin/sh\n[ "$1" = -v ] && printf "amazon-ecr-credential-helper\\nVersion:    1.2.3\\n"\n', { mode: 0o755 });
    const d = await diagnoseHelper({
      cli: 'docker',
      host: A,
      profile: 'dev',
      region: 'us-east-1',
      env: { ...env, AWS_PROFILE: 'prod', PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin` },
      platform: { platform: 'linux' },
    });
    assert.equal(d.helperPath, helper);
    assert.equal(d.version, '1.2.3');
    assert.deepEqual(ids(d), ['chHostServed', 'chHelperFound', 'chEnvProfileDiffers', 'chEnvHowToSetPosix']);
  });

  it('diagnosis of a host not served: no environment advice', async () => {
    config({});
    const d = await diagnoseHelper({ cli: 'docker', host: B, region: 'eu-west-1', env, platform: { platform: 'win32' } });
    assert.equal(d.served, false);
    assert.deepEqual(ids(d), ['chHelperMissing', 'chInstallWindows']);
  });
});
