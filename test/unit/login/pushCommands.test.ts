// Command lines of push, tag, build and images for every CLI (docker cannot run here: no daemon, so its command
// lines are checked as data), their validation, and the echo that masks build-argument secrets.
import { strict as assert } from 'node:assert';
import { CLI_KINDS } from '../../../src/login/cliBase';
import {
  buildBuildCommand,
  buildImagesCommand,
  buildPushCommand,
  buildTagCommand,
  checkPlatforms,
  displayCommandLine,
  PushError,
  pushedDigestFromOutput,
  secretBuildArgValues,
} from '../../../src/login/pushCommands';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const idOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PushError, String(err));
    return err.detail.id;
  }
  assert.fail('expected a PushError');
};

describe('(unit) push: command lines', () => {
  it('images: podman prints one JSON array; docker, finch and nerdctl one object per line (full ids)', () => {
    assert.deepEqual(buildImagesCommand({ cli: 'podman' }), { command: 'podman', args: ['images', '--format', 'json'] });
    for (const cli of ['docker', 'finch', 'nerdctl'] as const) {
      assert.deepEqual(buildImagesCommand({ cli }), { command: cli, args: ['images', '--no-trunc', '--format', '{{json .}}'] });
    }
    assert.deepEqual(buildImagesCommand({ cli: 'docker', executable: '/opt/bin/docker', extraArgs: ['--context', 'x'] }), {
      command: '/opt/bin/docker',
      args: ['--context', 'x', 'images', '--no-trunc', '--format', '{{json .}}'],
    });
  });

  it('tag and push for each CLI; plain-HTTP loopback registries get the CLI’s insecure flag, others never', () => {
    for (const cli of CLI_KINDS) {
      assert.deepEqual(buildTagCommand({ cli, source: 'localhost/app:1', target: `${ECR}/team/app:1` }).args, [
        'tag',
        'localhost/app:1',
        `${ECR}/team/app:1`,
      ]);
      assert.deepEqual(buildPushCommand({ cli, imageRef: `${ECR}/team/app:1`, plainHttp: true }).args, ['push', `${ECR}/team/app:1`]);
    }
    const local = '127.0.0.1:5000/team/app:1';
    assert.deepEqual(buildPushCommand({ cli: 'podman', imageRef: local, plainHttp: true }).args, ['push', '--tls-verify=false', local]);
    assert.deepEqual(buildPushCommand({ cli: 'nerdctl', imageRef: local, plainHttp: true }).args, ['--insecure-registry', 'push', local]);
    assert.deepEqual(buildPushCommand({ cli: 'docker', imageRef: local, plainHttp: true }).args, ['push', local]);
    assert.deepEqual(buildPushCommand({ cli: 'podman', imageRef: local, certDir: '/certs' }).args, ['push', '--cert-dir', '/certs', local]);
    // An image id is a valid tag source.
    assert.deepEqual(buildTagCommand({ cli: 'docker', source: 'a1b2c3d4e5f6', target: local }).args, ['tag', 'a1b2c3d4e5f6', local]);
  });

  it('build: -f, one -t per reference, --platform joined, --build-arg, the context last (docker, podman, finch, nerdctl)', () => {
    for (const cli of CLI_KINDS) {
      const cmd = buildBuildCommand({
        cli,
        file: '/work/app/Dockerfile',
        context: '/work/app',
        tags: [`${ECR}/team/app:abc1234`],
        platforms: ['linux/amd64', 'linux/arm64', 'linux/amd64'],
        buildArgs: { VERSION: '1.2', NPM_TOKEN: 'npm_secret' },
      });
      assert.equal(cmd.command, cli);
      assert.deepEqual(cmd.args, [
        'build',
        '-f',
        '/work/app/Dockerfile',
        '-t',
        `${ECR}/team/app:abc1234`,
        '--platform',
        'linux/amd64,linux/arm64',
        '--build-arg',
        'VERSION=1.2',
        '--build-arg',
        'NPM_TOKEN=npm_secret',
        '/work/app',
      ]);
    }
    // A folder with spaces is one argument (no shell anywhere).
    assert.deepEqual(buildBuildCommand({ cli: 'podman', file: '/my dir/Containerfile', context: '/my dir', tags: [`${ECR}/a:b`] }).args, [
      'build',
      '-f',
      '/my dir/Containerfile',
      '-t',
      `${ECR}/a:b`,
      '/my dir',
    ]);
  });

  it('refuses what could become an option or smuggle text: option-like refs, relative paths, odd platforms, bad build args', () => {
    assert.equal(
      idOf(() => buildTagCommand({ cli: 'docker', source: '--help', target: `${ECR}/a:b` })),
      'push.invalidImageRef',
    );
    assert.equal(
      idOf(() => buildPushCommand({ cli: 'docker', imageRef: 'no-host-here' })),
      'push.invalidImageRef',
    );
    assert.equal(
      idOf(() => buildPushCommand({ cli: 'docker', imageRef: `${ECR}/a:b c` })),
      'push.invalidImageRef',
    );
    assert.equal(
      idOf(() => buildPushCommand({ cli: 'docker', imageRef: `${ECR}/a:b\u001b[31m` })),
      'push.invalidImageRef',
    );
    assert.equal(
      idOf(() => buildBuildCommand({ cli: 'docker', file: 'Dockerfile', context: '/x', tags: [`${ECR}/a:b`] })),
      'push.invalidPath',
    );
    assert.equal(
      idOf(() => buildBuildCommand({ cli: 'docker', file: '/x/Dockerfile', context: '/x', tags: [] })),
      'push.noTags',
    );
    assert.equal(
      idOf(() => checkPlatforms(['linux/amd64', '--push'])),
      'push.invalidPlatform',
    );
    assert.equal(
      idOf(() => buildBuildCommand({ cli: 'docker', file: '/x/D', context: '/x', tags: [`${ECR}/a:b`], buildArgs: { 'A B': '1' } })),
      'push.invalidBuildArgName',
    );
    assert.equal(
      idOf(() => buildBuildCommand({ cli: 'docker', file: '/x/D', context: '/x', tags: [`${ECR}/a:b`], buildArgs: { A: 'x\ny' } })),
      'push.invalidBuildArgValue',
    );
  });

  it('the echoed command line masks secret build-argument values (by name and by shape) and quotes spaces', () => {
    const args = { VERSION: '1.2.3', NPM_TOKEN: 'short', GITHUB_PAT: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', MODE: 'a b' };
    const secrets = secretBuildArgValues(args);
    assert.deepEqual(secrets.sort(), ['ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'short'].sort());
    const cmd = buildBuildCommand({ cli: 'podman', file: '/w/Dockerfile', context: '/w', tags: [`${ECR}/a:b`], buildArgs: args });
    const shown = displayCommandLine(cmd, secrets);
    assert.match(shown, /--build-arg VERSION=1\.2\.3 /);
    assert.match(shown, /--build-arg NPM_TOKEN=\*\*\* /);
    assert.match(shown, /--build-arg GITHUB_PAT=\*\*\* /);
    assert.match(shown, /--build-arg 'MODE=a b' /);
    assert.ok(!shown.includes('short') && !shown.includes('ghp_'), shown);
  });

  it('reads the digest a docker/nerdctl push reports', () => {
    const d = 'sha256:' + 'ab'.repeat(32);
    assert.equal(pushedDigestFromOutput(`abc: Pushed\nv1: digest: ${d} size: 528\n`), d);
    assert.equal(pushedDigestFromOutput('Writing manifest to image destination\n'), undefined);
  });
});
