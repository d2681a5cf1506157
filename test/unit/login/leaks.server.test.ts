// Secret leaks at volume: 50 logins with the real docker CLI and 50 with the real podman CLI against Debian's
// docker-registry, while a worker samples every readable /proc/*/cmdline and /proc/*/environ without pause. The
// password (and the ECR-style token, base64 "AWS:<password>") must never appear in any form — plain, base64,
// base64url, URL-encoded, hex, JSON-escaped — in any process's argv or environment, in the output relayed to the
// terminal, or in an error message. Failing logins (wrong password) are checked the same way.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError, type CliKind } from '../../../src/login/cliBase';
import { runCli } from '../../../src/login/cliRunner';
import { buildLoginCommand } from '../../../src/login/commandLines';
import { startRegistry, type RegistryServer } from '../../servers/index';
import { findLeaks, secretForms } from '../../fixtures/hostile/secretForms';
import { startProcSampler } from '../helpers/loginProcSampler';

const LOGINS_PER_CLI = 50;

// Password characters that change under every encoding (+ / = for base64url, " \ for JSON, % & for URLs).
const password = `Pw+/=${randomBytes(20).toString('base64')}"\\%&${randomBytes(8).toString('hex')}`;
const token = Buffer.from(`AWS:${password}`).toString('base64');
const forms = secretForms([password, token]);

describe('(unit) leaks: 50 docker + 50 podman logins under a /proc sampler', function () {
  this.timeout(300_000);
  let registry: RegistryServer;
  let dir: string;
  const summary: string[] = [];

  before(async () => {
    registry = await startRegistry({ password });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-leaks-'));
  });
  after(async () => {
    await registry?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    for (const line of summary) console.log(`      [figure] ${line}`);
  });

  function cliEnv(cli: CliKind): NodeJS.ProcessEnv {
    const base = path.join(dir, cli);
    fs.mkdirSync(path.join(base, 'xdg'), { recursive: true, mode: 0o700 });
    fs.mkdirSync(path.join(base, 'home'), { recursive: true });
    return {
      ...process.env,
      DOCKER_CONFIG: path.join(base, 'docker'),
      REGISTRY_AUTH_FILE: path.join(base, 'auth.json'),
      XDG_RUNTIME_DIR: path.join(base, 'xdg'),
      HOME: path.join(base, 'home'),
      // Secret-looking variables of the parent must not reach the child either.
      AWS_SECRET_ACCESS_KEY: 'must-not-reach-the-child',
    };
  }

  it('the needles are real: every form is found when it is planted (so the checks below can fail)', async () => {
    assert.ok(forms.length >= 14, `${forms.length} forms`);
    for (const form of forms) assert.deepEqual(findLeaks(`x${form}y`, [form]).length, 1);
    const sampler = await startProcSampler(forms);
    await runCli({ command: 'sh', args: ['-c', 'sleep 0.3', 'x', encodeURIComponent(password)] }, undefined, { timeoutMs: 5000 });
    const report = await sampler.stop();
    assert.ok(report.hits.length > 0, 'the sampler sees a URL-encoded password in a command line');
  });

  for (const cli of ['docker', 'podman'] as const) {
    it(`${cli}: ${LOGINS_PER_CLI} logins succeed and no form of the secret shows up in /proc, output or errors`, async () => {
      const env = cliEnv(cli);
      const cmd = buildLoginCommand({ cli, host: registry.host, username: 'AWS', plainHttp: true });
      assert.deepEqual(findLeaks([cmd.command, ...cmd.args].join(' '), forms), []);
      const pids: number[] = [];
      const output: string[] = [];
      const sampler = await startProcSampler(forms, 1);
      let ok = 0;
      try {
        for (let i = 0; i < LOGINS_PER_CLI; i++) {
          const r = await runCli(cmd, password, {
            cli,
            env,
            timeoutMs: 60_000,
            redact: [token],
            onSpawn: (pid) => pids.push(pid),
            onOutput: (text) => output.push(text),
          });
          assert.equal(r.exitCode, 0);
          assert.deepEqual(findLeaks(r.output, forms), [], `login ${i + 1}: the collected output`);
          ok++;
        }
      } finally {
        const report = await sampler.stop();
        const sampled = pids.filter((p) => report.seen(p)).length;
        summary.push(
          `${cli}: ${ok}/${LOGINS_PER_CLI} logins; ${report.passes} /proc passes over ${report.pidsSeen} PIDs; the CLI's own entry was read in ${sampled} logins; hits: ${report.hits.length}`,
        );
        assert.deepEqual(report.hits, [], `a form of the secret showed up in ${report.hits.join('; ')}`);
        assert.ok(report.passes > LOGINS_PER_CLI, 'the sampler kept sampling during the logins');
        assert.ok(sampled > 0, `the sampler read at least one ${cli} process's own cmdline/environ`);
      }
      assert.equal(ok, LOGINS_PER_CLI);
      assert.equal(pids.length, LOGINS_PER_CLI);
      assert.match(output.join(''), /Login Succeeded/);
      assert.deepEqual(findLeaks(output.join(''), forms), [], 'the relayed (terminal) output');
    });

    it(`${cli}: failing logins (wrong password) leak neither the wrong nor the right password`, async () => {
      const env = cliEnv(cli);
      const cmd = buildLoginCommand({ cli, host: registry.host, username: 'AWS', plainHttp: true });
      const wrong = `Wrong+/=${randomBytes(20).toString('base64')}"\\%`;
      const allForms = [...forms, ...secretForms([wrong, Buffer.from(`AWS:${wrong}`).toString('base64')])];
      const sampler = await startProcSampler(allForms, 1);
      const texts: string[] = [];
      let failures = 0;
      try {
        for (let i = 0; i < 5; i++) {
          try {
            await runCli(cmd, wrong, { cli, env, timeoutMs: 60_000, onOutput: (t) => texts.push(t) });
          } catch (err) {
            assert.ok(err instanceof CliError, String(err));
            assert.equal(err.code, 'unauthorized', err.message);
            texts.push(err.message, err.detail ?? '', String(err.stack));
            failures++;
          }
        }
      } finally {
        const report = await sampler.stop();
        assert.deepEqual(report.hits, [], `a form of a secret showed up in ${report.hits.join('; ')}`);
      }
      assert.equal(failures, 5);
      assert.deepEqual(findLeaks(texts.join('\n'), allForms), []);
      summary.push(`${cli}: 5/5 wrong-password logins failed as 'unauthorized' with no leak`);
    });
  }
});
