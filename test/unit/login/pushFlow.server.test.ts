// The push flow with real CLIs against the ECR emulator: podman builds a scratch image, the planned command lines
// tag and push it through the project's runner, and the bad inputs end with a clear error and nothing half-done:
// CLI missing, no Docker daemon, an invalid tag, an immutable tag, a connection dropped mid-push, a login that
// expired during the push (renewed once, then retried).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CliError } from '../../../src/login/cliBase';
import { runCli } from '../../../src/login/cliRunner';
import { buildImagesCommand, PushError } from '../../../src/login/pushCommands';
import { parseLocalImages } from '../../../src/login/localImages';
import { planPush, runPushFlow, type PushPlan, type PushStep } from '../../../src/login/pushFlow';
import { podmanSandbox, runCli as runTool, startEmulator, type EmulatorServer, type PodmanSandbox } from '../../servers';

describe('(unit) push flow with real podman against the ECR emulator', function () {
  this.timeout(120000);
  let server: EmulatorServer;
  let sandbox: PodmanSandbox;
  const transcript: string[] = [];

  const login = async (): Promise<boolean> => {
    const pw = server.emulator.passwordFor();
    const r = await sandbox.run(['login', '--username', 'AWS', '--password-stdin', '--tls-verify=false', server.host], pw);
    return r.code === 0;
  };
  const podmanPlan = (o: { targetRef: string; localRef?: string; build?: Parameters<typeof planPush>[0]['build'] }): PushPlan =>
    planPush({ cli: 'podman', executable: sandbox.podman, extraArgs: sandbox.globalArgs, plainHttp: true, ...o });
  const run = (step: PushStep) => {
    transcript.push(`$ ${step.display}`);
    return runCli(step.command, undefined, { cli: 'podman', env: sandbox.env, timeoutMs: 60000, onOutput: (t) => transcript.push(t) });
  };

  before(async () => {
    server = await startEmulator();
    sandbox = await podmanSandbox();
    server.emulator.createRepository('team/app');
    server.emulator.createRepository('team/locked', { tagMutability: 'IMMUTABLE' });
    assert.ok(await login());
  });
  after(async () => {
    sandbox?.dispose();
    await server?.stop();
  });
  beforeEach(() => {
    transcript.length = 0;
    server.emulator.clearFaults();
  });

  it('lists the local images with the planned command, then tags and pushes one; the emulator has it', async () => {
    await sandbox.buildScratch('localhost/app:dev', 'one\n');
    const listed = await runCli(
      buildImagesCommand({ cli: 'podman', executable: sandbox.podman, extraArgs: sandbox.globalArgs }),
      undefined,
      {
        env: sandbox.env,
        timeoutMs: 30000,
      },
    );
    const images = parseLocalImages('podman', listed.output);
    const dev = images.find((i) => i.ref === 'localhost/app:dev');
    assert.ok(dev, listed.output);
    const plan = podmanPlan({ targetRef: `${server.host}/team/app:dev`, localRef: dev.ref });
    assert.deepEqual(
      plan.steps.map((s) => s.kind),
      ['tag', 'push'],
    );
    const result = await runPushFlow(plan, { run, renewLogin: () => Promise.resolve(false) });
    assert.equal(result.renewed, false);
    assert.deepEqual(server.emulator.tagsOf('team/app'), ['dev']);
    assert.ok(transcript.some((t) => t.includes(`push --tls-verify=false ${server.host}/team/app:dev`)));
  });

  it('builds with masked build arguments and pushes in one flow', async () => {
    const ctx = sandbox.context('built', 'two\n', 'app.dockerfile');
    const secret = 'tok_9f8e7d6c5b4a39281706';
    const plan = podmanPlan({
      targetRef: `${server.host}/team/app:abc1234`,
      build: { file: ctx.file, context: path.dirname(ctx.file), buildArgs: { NPM_TOKEN: secret, VERSION: '1' } },
    });
    assert.deepEqual(
      plan.steps.map((s) => s.kind),
      ['build', 'push'],
    );
    assert.ok(!plan.steps[0].display.includes(secret));
    assert.match(plan.steps[0].display, /--build-arg NPM_TOKEN=\*\*\* --build-arg VERSION=1 /);
    await runPushFlow(plan, {
      run: (step) => {
        transcript.push(`$ ${step.display}`);
        return runCli(step.command, undefined, {
          cli: 'podman',
          env: sandbox.env,
          timeoutMs: 60000,
          redact: plan.secrets,
          onOutput: (t) => transcript.push(t),
        });
      },
      renewLogin: () => Promise.resolve(false),
    });
    assert.ok(server.emulator.tagsOf('team/app').includes('abc1234'));
    assert.ok(!transcript.join('').includes(secret), 'the secret never reaches the terminal');
  });

  it('an invalid tag is refused before anything runs', () => {
    assert.throws(
      () => podmanPlan({ targetRef: `${server.host}/team/app:bad tag`, localRef: 'localhost/app:dev' }),
      (e: unknown) => e instanceof PushError && e.detail.id === 'push.invalidImageRef',
    );
  });

  it('pushing another image to an immutable tag fails with the registry’s reason and leaves the tag alone', async () => {
    await sandbox.buildScratch('localhost/locked:a', 'a\n');
    await runPushFlow(podmanPlan({ targetRef: `${server.host}/team/locked:prod`, localRef: 'localhost/locked:a' }), {
      run,
      renewLogin: () => Promise.resolve(false),
    });
    const before = server.emulator.tagsOf('team/locked');
    await sandbox.buildScratch('localhost/locked:b', 'b\n');
    const err = await runPushFlow(podmanPlan({ targetRef: `${server.host}/team/locked:prod`, localRef: 'localhost/locked:b' }), {
      run,
      renewLogin: () => Promise.resolve(false),
    }).catch((e: unknown) => e);
    assert.ok(err instanceof CliError, String(err));
    assert.match(transcript.join(''), /immutable/);
    assert.deepEqual(server.emulator.tagsOf('team/locked'), before);
  });

  it('a connection dropped mid-push fails the push and no tag points at a partial upload', async () => {
    await sandbox.buildScratch('localhost/drop:1', 'drop\n');
    server.emulator.fault({ operation: 'v2.upload', kind: 'drop' });
    const err = await runPushFlow(podmanPlan({ targetRef: `${server.host}/team/app:dropped`, localRef: 'localhost/drop:1' }), {
      run,
      renewLogin: () => Promise.resolve(false),
    }).catch((e: unknown) => e);
    assert.ok(err instanceof CliError, String(err));
    assert.ok(!server.emulator.tagsOf('team/app').includes('dropped'));
  });

  it('a login that expired during the push is renewed once and the push retried', async () => {
    await sandbox.buildScratch('localhost/renew:1', 'renew\n');
    server.emulator.setTokenLifetime(-1000);
    server.emulator.passwordFor(); // the stored login is now expired
    server.emulator.setTokenLifetime(12 * 3600_000);
    let renewals = 0;
    const result = await runPushFlow(podmanPlan({ targetRef: `${server.host}/team/app:renewed`, localRef: 'localhost/renew:1' }), {
      run,
      renewLogin: async (e) => {
        renewals++;
        assert.equal(e.code, 'unauthorized');
        return login();
      },
    });
    assert.equal(renewals, 1);
    assert.equal(result.renewed, true);
    assert.ok(server.emulator.tagsOf('team/app').includes('renewed'));
  });

  it('a missing CLI and a Docker CLI without a daemon are explained (notFound, daemon)', async () => {
    const missing = planPush({ cli: 'podman', executable: '/nonexistent/podman', targetRef: `${server.host}/team/app:x`, localRef: 'a:b' });
    const e1 = await runPushFlow(missing, {
      run: (s) => runCli(s.command, undefined, { timeoutMs: 10000 }),
      renewLogin: () => Promise.resolve(false),
    }).catch((e: unknown) => e);
    assert.ok(e1 instanceof CliError && e1.code === 'notFound', String(e1));
    const docker = await runTool('which', ['docker'], '', process.env);
    assert.equal(docker.code, 0, 'the docker CLI is on PATH (the machine image ships it)');
    const dockerPlan = planPush({ cli: 'docker', targetRef: `${server.host}/team/app:x`, localRef: 'a:b' });
    const e2 = await runPushFlow(dockerPlan, {
      run: (s) =>
        runCli(s.command, undefined, { cli: 'docker', timeoutMs: 20000, env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' } }),
      renewLogin: () => Promise.resolve(false),
    }).catch((e: unknown) => e);
    assert.ok(e2 instanceof CliError && e2.code === 'daemon', String(e2));
  });
});
