// Real docker and podman CLIs logging in to Debian's docker-registry on 127.0.0.1, plus stand-in scripts for
// hangs and cancellation. While each login runs, every readable /proc/*/cmdline and /proc/*/environ is sampled.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError, type CliKind } from '../../../src/login/cliBase';
import { runCli, type CliRunOptions } from '../../../src/login/cliRunner';
import { buildLoginCommand, buildLogoutCommand, loginTarget } from '../../../src/login/commandLines';
import type { EcrRegistry } from '../../../src/model/types';
import { freePort, startEmulator, startRegistry, type RegistryServer } from '../../servers/index';
import { EMULATOR_KEYS, localEcrService, makeSandbox, withProcessEnv } from '../helpers/awsHelpers';
import { startProcSampler, waitGroupGone, type SampleReport } from '../helpers/loginProcSampler';
import { message } from '../../../src/model/message';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('(unit) login: real CLIs against docker-registry', function () {
  this.timeout(60000);
  // Long and random, like an ECR password (which is base64 JSON of ~2 KB).
  const password = `pw-${randomBytes(24).toString('hex')}`;
  const needles = [password, b64(password), b64(`AWS:${password}`)];
  let registry: RegistryServer;
  let tls: RegistryServer;
  let dir: string;
  const timings: string[] = [];
  /** Per login: whether the sampler read the CLI's own /proc files (it exits quickly, so not always). */
  const sampledPids: boolean[] = [];

  before(async () => {
    registry = await startRegistry({ password });
    tls = await startRegistry({ password, tls: true });
  });
  after(async () => {
    await Promise.all([registry?.stop(), tls?.stop()]);
    if (timings.length) console.log(`      login times: ${timings.join(', ')}`);
    console.log(`      sampler read the CLI's own /proc entry in ${sampledPids.filter(Boolean).length} of ${sampledPids.length} logins`);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-loginrun-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Environment with the CLI's credential files in the temp dir; plus secret-looking variables that must not reach the child. */
  function cliEnv(): NodeJS.ProcessEnv {
    fs.mkdirSync(path.join(dir, 'xdg'), { recursive: true, mode: 0o700 });
    fs.mkdirSync(path.join(dir, 'home'), { recursive: true });
    return {
      ...process.env,
      DOCKER_CONFIG: path.join(dir, 'docker'),
      REGISTRY_AUTH_FILE: path.join(dir, 'auth.json'),
      XDG_RUNTIME_DIR: path.join(dir, 'xdg'),
      HOME: path.join(dir, 'home'),
      AWS_SECRET_ACCESS_KEY: 'must-not-reach-the-child',
    };
  }

  /** Runs a login with the /proc sampler on; returns the result or the CliError, and the sample report. */
  async function sampledLogin(
    cli: CliKind,
    host: string,
    secret: string,
    extra: Partial<CliRunOptions> & { plainHttp?: boolean; certDir?: string } = {},
  ) {
    const env = extra.env ?? cliEnv();
    const cmd = buildLoginCommand({ cli, host, username: 'AWS', plainHttp: extra.plainHttp, certDir: extra.certDir });
    assert.ok(!cmd.args.join(' ').includes(secret));
    const sampler = await startProcSampler(needles);
    let pid: number | undefined;
    const output: string[] = [];
    const started = Date.now();
    let error: CliError | undefined;
    let exitCode: number | undefined;
    try {
      exitCode = (
        await runCli(cmd, secret, { timeoutMs: 30000, ...extra, env, onSpawn: (p) => (pid = p), onOutput: (t) => output.push(t) })
      ).exitCode;
    } catch (e) {
      error = e as CliError;
    }
    const ms = Date.now() - started;
    const report: SampleReport = await sampler.stop();
    assert.deepEqual(report.hits, [], `the password showed up in ${report.hits.join('; ')}`);
    assert.ok(report.passes > 1, 'the sampler made passes while the CLI ran');
    if (pid !== undefined) sampledPids.push(report.seen(pid));
    if (pid !== undefined) assert.deepEqual(await waitGroupGone(pid), [], 'no process of the CLI group is left');
    assert.ok(!output.join('').includes(secret), 'the relayed output never contains the password');
    if (error) assert.ok(!error.message.includes(secret), 'the error message never contains the password');
    return { exitCode, error, ms, pid, report, output: output.join(''), env };
  }

  it('the /proc sampler does catch a password in a command line (so the checks below can fail)', async () => {
    const sampler = await startProcSampler(needles);
    await runCli({ command: 'sh', args: ['-c', 'sleep 0.3', 'x', password] }, undefined, { timeoutMs: 5000 });
    const report = await sampler.stop();
    assert.equal(report.hits.length > 0, true, 'the sampler saw the password in argv');
  });

  it('docker logs in, writes the auths entry to DOCKER_CONFIG, and logs out', async () => {
    const r = await sampledLogin('docker', registry.url, password);
    assert.equal(r.error, undefined, `${r.error?.message} | ${r.output}`);
    assert.equal(r.exitCode, 0);
    assert.match(r.output, /Login Succeeded/);
    timings.push(`docker ${r.ms} ms`);
    const config = JSON.parse(fs.readFileSync(path.join(r.env.DOCKER_CONFIG as string, 'config.json'), 'utf8'));
    assert.equal(config.auths[registry.host].auth, b64(`AWS:${password}`));
    await runCli(buildLogoutCommand({ cli: 'docker', host: registry.host }), undefined, { timeoutMs: 10000, env: r.env });
    const after = JSON.parse(fs.readFileSync(path.join(r.env.DOCKER_CONFIG as string, 'config.json'), 'utf8'));
    assert.equal(after.auths?.[registry.host], undefined);
  });

  it('podman logs in (plain HTTP loopback) and writes the auths entry to REGISTRY_AUTH_FILE', async () => {
    const r = await sampledLogin('podman', registry.url, password, { plainHttp: true });
    assert.equal(r.error, undefined, `${r.error?.message} | ${r.output}`);
    assert.equal(r.exitCode, 0);
    timings.push(`podman ${r.ms} ms`);
    const auth = JSON.parse(fs.readFileSync(r.env.REGISTRY_AUTH_FILE as string, 'utf8'));
    assert.equal(auth.auths[registry.host].auth, b64(`AWS:${password}`));
    // A second run (podman is slow only the first time).
    const again = await sampledLogin('podman', registry.url, password, { plainHttp: true, env: r.env });
    assert.equal(again.exitCode, 0);
    timings.push(`podman again ${again.ms} ms`);
  });

  it('podman logs in to a TLS registry with --cert-dir', async () => {
    const certDir = path.join(dir, 'certs');
    fs.mkdirSync(certDir);
    fs.copyFileSync(tls.caCertPath as string, path.join(certDir, 'ca.crt'));
    const r = await sampledLogin('podman', tls.url, password, { certDir });
    assert.equal(r.error, undefined, `${r.error?.message} | ${r.output}`);
    const auth = JSON.parse(fs.readFileSync(r.env.REGISTRY_AUTH_FILE as string, 'utf8'));
    assert.equal(auth.auths[tls.host].auth, b64(`AWS:${password}`));
  });

  it('docker logs in to a TLS loopback registry (insecure by default for loopback)', async () => {
    const r = await sampledLogin('docker', tls.url, password);
    assert.equal(r.error, undefined, `${r.error?.message} | ${r.output}`);
    assert.equal(r.exitCode, 0);
  });

  for (const cli of ['docker', 'podman'] as const) {
    it(`${cli}: a wrong password ends as 'unauthorized' and writes no entry`, async () => {
      const wrong = `${password}-wrong`;
      const r = await sampledLogin(cli, registry.url, wrong, { plainHttp: true });
      assert.ok(r.error instanceof CliError, 'fails');
      assert.equal(r.error.code, 'unauthorized', r.error.message);
      assert.equal(r.error.exitCode, cli === 'podman' ? 125 : 1);
      assert.deepStrictEqual(r.error.userMessage, message('login.unauthorized', cli));
      assert.equal(
        fs.existsSync(path.join(dir, 'docker', 'config.json')) &&
          JSON.parse(fs.readFileSync(path.join(dir, 'docker', 'config.json'), 'utf8')).auths?.[registry.host] !== undefined,
        false,
      );
    });

    it(`${cli}: a registry that is down ends as 'unreachable'`, async () => {
      const port = await freePort();
      const r = await sampledLogin(cli, `http://127.0.0.1:${port}`, password, { plainHttp: true });
      assert.ok(r.error instanceof CliError, 'fails');
      assert.equal(r.error.code, 'unreachable', r.error.message);
      assert.match(r.error.detail ?? '', /connection refused/);
    });
  }

  it('docker against TLS with a wrong password is still unauthorized', async () => {
    const r = await sampledLogin('docker', tls.url, `${password}-wrong`);
    assert.equal(r.error?.code, 'unauthorized', r.error?.message);
  });

  it('a CLI that is missing (custom path) ends as notFound naming the settings', async () => {
    const missing = path.join(dir, 'no-such-docker');
    const err = await runCli({ command: missing, args: ['login'] }, password, { timeoutMs: 5000 }).catch((e: unknown) => e);
    assert.ok(err instanceof CliError);
    assert.equal(err.code, 'notFound');
    assert.deepStrictEqual(err.userMessage, message('login.notFound', missing, message('login.dockerInstall')));
  });

  it('a non-executable file ends as notFound with "permission denied"', async () => {
    const file = path.join(dir, 'docker');
    fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
    const err = await runCli({ command: file, args: [] }, undefined, { timeoutMs: 5000 }).catch((e: unknown) => e);
    assert.ok(err instanceof CliError);
    assert.equal(err.code, 'notFound');
    assert.deepStrictEqual(err.userMessage, message('login.notExecutable', file));
  });

  it('the secret arrives on stdin exactly, the child env has no secret-looking variables, and echoed secrets are redacted', async () => {
    const out = path.join(dir, 'stdin.txt');
    const envOut = path.join(dir, 'env.txt');
    const script = path.join(dir, 'fake-docker');
    // Writes stdin to a file, the env to another, and echoes stdin back (a misbehaving CLI).
    fs.writeFileSync(script, `#!/bin/sh\ncat > "${out}"\nenv > "${envOut}"\nprintf 'got: '; cat "${out}"; echo\n`, { mode: 0o755 });
    const seen: string[] = [];
    const r = await runCli({ command: script, args: ['login', '--username', 'AWS', '--password-stdin', '127.0.0.1:1'] }, password, {
      timeoutMs: 5000,
      env: { ...process.env, AWS_SECRET_ACCESS_KEY: 'xyz', AWS_SESSION_TOKEN: 'abc', KEEP_ME: '1' },
      onOutput: (t) => seen.push(t),
    });
    assert.equal(r.exitCode, 0);
    assert.equal(fs.readFileSync(out, 'utf8'), password);
    const env = fs.readFileSync(envOut, 'utf8');
    assert.match(env, /^KEEP_ME=1$/m);
    assert.doesNotMatch(env, /AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/);
    assert.equal(seen.join(''), 'got: ***\n');
    assert.equal(r.output, 'got: ***\n');
  });

  it('a password split across output chunks is still redacted', async () => {
    const script = path.join(dir, 'slow-echo');
    const half = password.length >> 1;
    fs.writeFileSync(script, `#!/bin/sh\nprintf '%s' '${password.slice(0, half)}'\nsleep 0.2\nprintf '%s\\n' '${password.slice(half)}'\n`, {
      mode: 0o755,
    });
    const seen: string[] = [];
    await runCli({ command: script, args: [] }, password, { timeoutMs: 5000, onOutput: (t) => seen.push(t) });
    assert.equal(seen.join(''), '***\n');
  });

  it('a CLI that hangs is stopped at the timeout, with its whole process group', async () => {
    const script = path.join(dir, 'hang');
    // A child in the background too: the group kill must take it as well.
    fs.writeFileSync(script, '#!/bin/sh\nsleep 300 &\nsleep 300\n', { mode: 0o755 });
    let pid = 0;
    const err = await runCli({ command: script, args: ['login'] }, password, { timeoutMs: 300, onSpawn: (p) => (pid = p) }).catch(
      (e: unknown) => e,
    );
    assert.ok(err instanceof CliError);
    assert.equal(err.code, 'timeout');
    assert.deepStrictEqual(err.userMessage, message('login.timeout', path.basename(script), 0));
    assert.ok(pid > 0);
    assert.deepEqual(await waitGroupGone(pid), []);
  });

  it('a CLI that ignores SIGTERM is killed after the grace period', async () => {
    const script = path.join(dir, 'stubborn');
    fs.writeFileSync(script, "#!/bin/sh\ntrap '' TERM\nsleep 300 &\nwait\nsleep 300\n", { mode: 0o755 });
    let pid = 0;
    const err = await runCli({ command: script, args: [] }, undefined, {
      timeoutMs: 200,
      killGraceMs: 300,
      onSpawn: (p) => (pid = p),
    }).catch((e: unknown) => e);
    assert.ok(err instanceof CliError);
    assert.equal(err.code, 'timeout');
    assert.equal(err.signal, 'SIGKILL');
    assert.deepEqual(await waitGroupGone(pid), []);
  });

  it('an AbortSignal cancels a running CLI and ends its group; an aborted signal never spawns', async () => {
    const script = path.join(dir, 'hang2');
    const marker = path.join(dir, 'spawned');
    fs.writeFileSync(script, `#!/bin/sh\ntouch "${marker}"\nsleep 300 &\nsleep 300\n`, { mode: 0o755 });
    const ac = new AbortController();
    let pid = 0;
    const p = runCli({ command: script, args: [] }, password, { timeoutMs: 30000, signal: ac.signal, onSpawn: (x) => (pid = x) }).catch(
      (e: unknown) => e,
    );
    while (!fs.existsSync(marker)) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    const err = await p;
    assert.ok(err instanceof CliError);
    assert.equal(err.code, 'cancelled');
    assert.deepEqual(await waitGroupGone(pid), []);

    fs.rmSync(marker);
    const err2 = await runCli({ command: script, args: [] }, password, { timeoutMs: 30000, signal: ac.signal }).catch((e: unknown) => e);
    assert.equal((err2 as CliError).code, 'cancelled');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(fs.existsSync(marker), false, 'nothing was started');
  });

  it('docker with empty stdin explains the missing password', async () => {
    const env = cliEnv();
    const err = await runCli(buildLoginCommand({ cli: 'docker', host: registry.host, username: 'AWS' }), undefined, {
      timeoutMs: 10000,
      env,
    }).catch((e: unknown) => e);
    assert.ok(err instanceof CliError);
    assert.deepStrictEqual(err.userMessage, message('login.nonTty'));
  });

  it("the sampler read the login CLIs' own /proc entries (the checks above looked at the right process)", () => {
    assert.ok(sampledPids.length >= 8, `${sampledPids.length} sampled logins ran`);
    assert.ok(
      sampledPids.filter(Boolean).length >= sampledPids.length / 2,
      `${sampledPids.filter(Boolean).length} of ${sampledPids.length}`,
    );
  });

  it('end to end: GetAuthorizationToken from the ECR emulator, then docker and podman log in to its /v2/', async () => {
    const server = await startEmulator();
    const sandbox = makeSandbox();
    const ecr = localEcrService(server.url, { ...sandbox.env, ...EMULATOR_KEYS }, { requestTimeoutMs: 10_000 });
    try {
      await withProcessEnv({ ...sandbox.env, ...EMULATOR_KEYS }, async () => {
        const own = (await ecr.listRegistries()).find((r): r is EcrRegistry => r.kind === 'registry' && r.own);
        assert.ok(own, 'the emulator lists the own registry');
        const token = (await ecr.getAuthorizationToken([own])).get(own.id);
        assert.ok(token, 'a token');
        // ECR passwords are long base64 JSON; the emulator's are realistic (htpasswd caps docker-registry at 256).
        assert.ok(token.password.length > 256, `password length ${token.password.length}`);
        const target = loginTarget(token.proxyEndpoint);
        assert.deepEqual(target, { host: server.host, plainHttp: true });
        for (const cli of ['docker', 'podman'] as const) {
          const env = cliEnv();
          const sampler = await startProcSampler([token.password, token.authorizationToken]);
          const started = Date.now();
          const r = await runCli(
            buildLoginCommand({ cli, host: target.host, username: token.username, plainHttp: target.plainHttp }),
            token.password,
            {
              timeoutMs: 30000,
              env,
              redact: [token.authorizationToken],
            },
          );
          timings.push(`${cli} vs emulator ${Date.now() - started} ms`);
          const report = await sampler.stop();
          assert.deepEqual(report.hits, []);
          assert.equal(r.exitCode, 0);
          const file = cli === 'docker' ? path.join(env.DOCKER_CONFIG as string, 'config.json') : (env.REGISTRY_AUTH_FILE as string);
          assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).auths[server.host].auth, token.authorizationToken);
        }
      });
    } finally {
      ecr.dispose();
      sandbox.remove();
      await server.stop();
    }
  });
});
