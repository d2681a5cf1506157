import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkHelperEnvironment,
  findEcrLoginHelper,
  helperVersion,
  installHints,
  parseHelperVersion,
  trustedPath,
} from '../../../src/login/credHelperTool';

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describe('(unit) login/credHelperTool', () => {
  describe('finding the helper', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-credhelper-path-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const fake = (sub: string): string => {
      fs.mkdirSync(path.join(dir, sub), { recursive: true });
      const file = path.join(dir, sub, 'docker-credential-ecr-login');
      fs.writeFileSync(file, '#!/bin/sh\necho "Version: 9.9.9"\n', { mode: 0o755 });
      return file;
    };

    it('skips empty and relative PATH entries and directories inside workspace folders', () => {
      const p = ['', 'bin', '/usr/bin', '/work/repo/tools', '/work/repository'].join(path.delimiter);
      assert.equal(trustedPath({ PATH: p }, ['/work/repo'], 'linux'), ['/usr/bin', '/work/repository'].join(path.delimiter));
    });

    it('returns the absolute path of the first trusted match, never one from the workspace', async () => {
      const inWorkspace = fake(path.join('ws', 'bin'));
      const trusted = fake('tools');
      const env = { PATH: [path.dirname(inWorkspace), path.dirname(trusted)].join(path.delimiter) };
      assert.equal(await findEcrLoginHelper(env, [path.join(dir, 'ws')]), trusted);
      assert.equal(await findEcrLoginHelper(env), inWorkspace, 'without workspace folders the first one wins');
      assert.equal(await findEcrLoginHelper({ PATH: path.join(dir, 'nothing') }), undefined);
    });

    it('reads the version of a helper by running it', async () => {
      assert.deepEqual(await helperVersion(fake('v'), { PATH: '/usr/bin:/bin' }), { version: '9.9.9' });
    });
  });

  it('parses both version outputs, preferring the helper’s own', () => {
    assert.deepEqual(parseHelperVersion('amazon-ecr-credential-helper\nVersion:    0.6.0\nGit commit: 69c85dc\n'), {
      version: '0.6.0',
      commit: '69c85dc',
    });
    assert.deepEqual(parseHelperVersion('0.6.4\n'), { version: '0.6.4' });
    assert.deepEqual(parseHelperVersion('docker-credential-ecr-login (github.com/awslabs/…) v0.9.1\n'), { version: '0.9.1' });
    assert.equal(parseHelperVersion('Usage: docker-credential-ecr-login <store|get|erase|list|version>'), undefined);
    assert.equal(parseHelperVersion('Version: \u001b]8;;evil\u0007'), undefined);
  });

  it('the real helper from amazon-ecr-credential-helper reports its version (when installed)', async function () {
    const found = await findEcrLoginHelper(process.env);
    if (!found) {
      if (process.env.CI) assert.fail('.ci/run installs amazon-ecr-credential-helper');
      this.skip();
    }
    const v = await helperVersion(found as string, process.env);
    assert.match(v?.version ?? '', /^\d+\.\d+\.\d+/);
  });

  it('install hints fit the platform and always offer the release binaries', () => {
    const ids = (ms: Array<{ id: string }>) => ms.map((m) => m.id);
    assert.deepEqual(ids(installHints({ platform: 'linux', osIds: ['ubuntu', 'debian'] })), [
      'chInstallDebian',
      'chInstallMac',
      'chInstallOther',
    ]);
    assert.deepEqual(ids(installHints({ platform: 'linux', osIds: ['amzn', 'fedora'] })), [
      'chInstallFedora',
      'chInstallMac',
      'chInstallOther',
    ]);
    assert.deepEqual(ids(installHints({ platform: 'darwin' })), ['chInstallMac', 'chInstallOther']);
    assert.deepEqual(ids(installHints({ platform: 'win32' })), ['chInstallWindows']);
    assert.equal(installHints({ platform: 'win32' })[0].args[1], 'https://github.com/awslabs/amazon-ecr-credential-helper/releases');
  });

  describe('the environment the helper will see', () => {
    const reg = { profile: 'dev', region: 'us-east-1', host: HOST };
    it('matches when AWS_PROFILE names the registry profile, or the registry uses the default chain', () => {
      assert.equal(checkHelperEnvironment({ AWS_PROFILE: 'dev' }, reg).matches, true);
      assert.equal(checkHelperEnvironment({}, { ...reg, profile: undefined }).matches, true);
      assert.equal(checkHelperEnvironment({}, { ...reg, profile: 'default' }).matches, true);
    });
    it('differs when AWS_PROFILE is another profile or unset, and says how to set it for the shell', () => {
      const other = checkHelperEnvironment({ AWS_PROFILE: 'prod' }, reg, 'linux');
      assert.equal(other.matches, false);
      assert.deepEqual(
        other.findings.map((f) => [f.id, ...f.args]),
        [
          ['chEnvProfileDiffers', HOST, 'prod', 'dev'],
          ['chEnvHowToSetPosix', 'export AWS_PROFILE=dev', 'terminal.integrated.env.linux'],
        ],
      );
      const unset = checkHelperEnvironment({}, reg, 'win32');
      assert.deepEqual(
        unset.findings.map((f) => f.id),
        ['chEnvProfileUnset', 'chEnvHowToSetWindows'],
      );
    });
    it('notes a different AWS_REGION as harmless (the region comes from the host)', () => {
      const r = checkHelperEnvironment({ AWS_PROFILE: 'dev', AWS_REGION: 'eu-west-1' }, reg);
      assert.equal(r.matches, true);
      assert.deepEqual(
        r.findings.map((f) => f.id),
        ['chEnvProfileMatches', 'chEnvRegionNote'],
      );
    });
  });
});
