// The runner's trust and liveness rules with small shell scripts standing in for a CLI: the executable is resolved
// to an absolute path (no empty, relative or workspace PATH entries) and runs in the home directory; the run
// settles when the CLI exits even if a grandchild holds its pipes; killProcessGroups ends what is left.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from '../../../src/login/cliBase';
import { findOnPath, resolveExecutable } from '../../../src/login/cliDiscovery';
import { killProcessGroups, liveProcessGroups, runCli } from '../../../src/login/cliRunner';

function script(file: string, body: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('(unit) login: the runner runs the real CLI and cannot wedge', function () {
  this.timeout(20_000);
  let dir: string;
  let workspace: string;
  let bin: string;
  let marker: string;
  const strays: number[] = [];
  const startCwd = process.cwd();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-runner-'));
    workspace = path.join(dir, 'workspace');
    bin = path.join(dir, 'bin');
    marker = path.join(dir, 'planted-ran');
    // The planted CLI sits in the folder the editor started from (and in the workspace).
    script(path.join(workspace, 'docker'), `echo planted > '${marker}'\necho planted`);
    script(path.join(workspace, 'tools', 'docker'), `echo planted > '${marker}'\necho planted`);
    fs.mkdirSync(path.join(dir, 'decoy', 'docker'), { recursive: true }); // a directory, not a file
    fs.writeFileSync(path.join(dir, 'noexec-docker'), '#!/bin/sh\necho noexec\n', { mode: 0o644 });
    script(path.join(bin, 'docker'), 'echo "real in $(pwd)"');
  });
  after(() => {
    process.chdir(startCwd);
    for (const pid of strays) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => process.chdir(startCwd));

  const hostilePath = () => ['.', '', 'tools', path.join(workspace, 'tools'), workspace, path.join(dir, 'decoy'), bin].join(path.delimiter);

  it('PATH with ".", an empty entry, a relative entry and workspace folders: the planted docker never runs', async () => {
    process.chdir(workspace);
    const env = { PATH: hostilePath() };
    assert.equal(await findOnPath('docker', env, [workspace]), path.join(bin, 'docker'));
    assert.equal(await resolveExecutable('docker', env, [workspace]), path.join(bin, 'docker'));
    assert.equal(await resolveExecutable('./docker', env, [workspace]), undefined, 'a relative path is never run');
    assert.equal(await resolveExecutable(path.join(dir, 'noexec-docker'), env), undefined, 'not executable');
    assert.equal(await resolveExecutable(path.join(dir, 'decoy', 'docker'), env), undefined, 'a directory');
    const result = await runCli({ command: 'docker', args: [] }, undefined, { env, timeoutMs: 10_000, searchExclude: [workspace] });
    assert.equal(result.output.trim(), `real in ${os.homedir()}`, 'the real CLI, run in the home directory');
    assert.equal(fs.existsSync(marker), false, 'the planted CLI never ran');
  });

  it('only a planted CLI on PATH: refused with the "not found" message', async () => {
    process.chdir(workspace);
    const env = { PATH: ['.', '', workspace].join(path.delimiter) };
    await assert.rejects(
      runCli({ command: 'docker', args: [] }, undefined, { env, timeoutMs: 10_000, searchExclude: [workspace] }),
      (err: unknown) => err instanceof CliError && err.code === 'notFound' && err.userMessage.id === 'login.notFound',
    );
    assert.equal(fs.existsSync(marker), false);
  });

  it('settles on exit while a grandchild keeps stdout open; killProcessGroups ends the grandchild', async () => {
    const pidFile = path.join(dir, 'grandchild.pid');
    const cli = script(path.join(dir, 'leaky', 'docker'), `sleep 600 &\necho $! > '${pidFile}'\necho done`);
    const result = await runCli({ command: cli, args: [] }, undefined, { timeoutMs: 60_000 });
    assert.equal(result.exitCode, 0);
    assert.match(result.output, /done/);
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    strays.push(grandchild);
    assert.ok(alive(grandchild), 'the grandchild is still running');
    assert.ok(liveProcessGroups() >= 1, 'its process group is still tracked');
    assert.ok(killProcessGroups() >= 1);
    for (let i = 0; i < 100 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(alive(grandchild), false, 'deactivation kills every process group the extension started');
    assert.equal(liveProcessGroups(), 0);
  });

  it('a CLI killed at its timeout whose child (in another session) holds stdout open: settles as a timeout', async () => {
    const pidFile = path.join(dir, 'escaped.pid');
    const cli = script(path.join(dir, 'stuck', 'docker'), `setsid sleep 600 &\necho $! > '${pidFile}'\nsleep 600`);
    await assert.rejects(
      runCli({ command: cli, args: [] }, undefined, { timeoutMs: 500, killGraceMs: 200 }),
      (err: unknown) => err instanceof CliError && err.code === 'timeout',
    );
    strays.push(Number(fs.readFileSync(pidFile, 'utf8')));
  });
});
