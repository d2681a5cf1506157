// Runs a container CLI [pure]: the password on stdin only, in its own process group (timeout and cancel stop the
// whole group), secret-looking variables out of its environment, secrets redacted from what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sanitizeText } from '../model/sanitize';
import { CLI_KINDS, CliError, MESSAGES, type CliCommand, type CliKind } from './cliBase';
import { explainCliFailure } from './cliFailures';
import { resolveExecutable } from './cliDiscovery';

export interface CliRunOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Base environment (default process.env); secret-looking variables are removed before spawning. */
  env?: NodeJS.ProcessEnv;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Which CLI this is, for error explanations (default: from the executable name, else docker). */
  cli?: CliKind;
  /** Time between SIGTERM and SIGKILL when stopping (default 2000 ms). */
  killGraceMs?: number;
  /** More strings never to relay (the stdin secret is always redacted). */
  redact?: string[];
  /** Working directory of the CLI (default: the home directory, never the editor's start folder). */
  cwd?: string;
  /** Directories never searched for the executable (the workspace folders). */
  searchExclude?: readonly string[];
  /** How long output is still read after the CLI exited (default 250 ms). */
  drainMs?: number;
  /** Called with the child's PID (= its process group id on POSIX) once spawned. */
  onSpawn?: (pid: number) => void;
}

export interface CliResult {
  exitCode: number;
  /** Combined stdout+stderr (bounded tail, secrets redacted). */
  output: string;
}

const SECRET_ENV =
  /(SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|SESSION_?KEY|DOCKER_AUTH_CONFIG)/i;

/**
 * The child's environment: the parent's minus anything that looks secret (AWS keys, *_TOKEN, *PASSWORD*...) and
 * minus any variable whose value contains one of `secrets`.
 */
export function childEnv(base: NodeJS.ProcessEnv, secrets: string[] = []): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  const needles = secrets.filter((s) => s.length >= 4);
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined || SECRET_ENV.test(k)) continue;
    if (needles.some((s) => v.includes(s))) continue;
    out[k] = v;
  }
  return out;
}

/** Removes `secrets` from a stream of text, even when one is split across chunks. */
class Redactor {
  private carry = '';
  constructor(private readonly secrets: string[]) {}
  push(chunk: string): string {
    let text = this.carry + chunk;
    this.carry = '';
    for (const s of this.secrets) text = text.split(s).join('***');
    // Hold back a tail that could be the start of a secret completed by the next chunk.
    let hold = 0;
    for (const s of this.secrets) {
      for (let n = Math.min(s.length - 1, text.length); n > hold; n--) {
        if (text.endsWith(s.slice(0, n))) {
          hold = n;
          break;
        }
      }
    }
    this.carry = text.slice(text.length - hold);
    return text.slice(0, text.length - hold);
  }
  flush(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }
}

function cliKindOf(command: string): CliKind {
  const base = path
    .basename(command)
    .toLowerCase()
    .replace(/\.(exe|cmd|bat)$/, '');
  return (CLI_KINDS as readonly string[]).includes(base) ? (base as CliKind) : 'docker';
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    // No process groups: taskkill /T ends the tree.
    try {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => undefined);
    } catch {
      child.kill(sig);
    }
    return;
  }
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      // already gone
    }
  }
}

const OUTPUT_TAIL = 64 * 1024;
const DEFAULT_DRAIN_MS = 250;

/**
 * Process groups the runner started whose pipes have not closed yet (killProcessGroups ends them). This module is
 * bundled into several lazily loaded bundles (commands, credential helper), so the map lives on globalThis under a
 * registered symbol: every copy records into, and kills from, the same one.
 */
const LIVE_GROUPS = Symbol.for('ecrExplorer.liveProcessGroups');
const liveGroups: Map<number, ChildProcess> = ((globalThis as { [LIVE_GROUPS]?: Map<number, ChildProcess> })[LIVE_GROUPS] ??= new Map());

/** SIGKILL to every process group the runner started that may still be alive (extension deactivation). */
export function killProcessGroups(): number {
  const children = [...liveGroups.values()];
  liveGroups.clear();
  for (const child of children) signalGroup(child, 'SIGKILL');
  return children.length;
}

/** How many started process groups may still be alive (for tests). */
export function liveProcessGroups(): number {
  return liveGroups.size;
}

/**
 * Runs a CLI in its own process group with `stdinSecret` written to stdin (then EOF). The command is resolved to an
 * absolute path first (an absolute path as given, else PATH without empty/relative entries and without
 * `searchExclude`), and runs with `cwd` (default: the home directory). Resolves on exit code 0; throws CliError
 * otherwise. It settles when the CLI exits, after draining its output for `drainMs`, even when a grandchild keeps
 * the pipes open. Timeout and abort stop the whole group (SIGTERM, then SIGKILL after a grace), and it settles
 * even if the CLI never exits.
 */
export async function runCli(cmd: CliCommand, stdinSecret: string | undefined, o: CliRunOptions): Promise<CliResult> {
  const cli = o.cli ?? cliKindOf(cmd.command);
  const shownCmd = sanitizeText(path.basename(cmd.command), 100);
  if (o.signal?.aborted) throw new CliError('cancelled', MESSAGES.cancelled(shownCmd));
  const env = o.env ?? process.env;
  const executable = await resolveExecutable(cmd.command, env, o.searchExclude ?? []);
  if (!executable) {
    const exists = path.isAbsolute(cmd.command) && existsSync(cmd.command);
    throw new CliError(
      'notFound',
      exists ? MESSAGES.notExecutable(sanitizeText(cmd.command, 300)) : MESSAGES.notFound(sanitizeText(cmd.command, 300), cli),
    );
  }
  return spawnCli({ command: executable, args: cmd.args }, stdinSecret, o, cli, shownCmd);
}

function spawnCli(cmd: CliCommand, stdinSecret: string | undefined, o: CliRunOptions, cli: CliKind, shownCmd: string): Promise<CliResult> {
  const secrets = [stdinSecret, ...(o.redact ?? [])].filter((s): s is string => !!s && s.length > 0);
  const killGraceMs = o.killGraceMs ?? 2000;
  const drainMs = o.drainMs ?? DEFAULT_DRAIN_MS;
  return new Promise<CliResult>((resolve, reject) => {
    if (o.signal?.aborted) {
      reject(new CliError('cancelled', MESSAGES.cancelled(shownCmd)));
      return;
    }
    let settled = false;
    let stopReason: 'timeout' | 'cancelled' | undefined;
    const timers: NodeJS.Timeout[] = [];
    let output = '';
    const redactors = { stdout: new Redactor(secrets), stderr: new Redactor(secrets) };
    let exit: { code: number | null; sig: NodeJS.Signals | null } | undefined;

    let child: ChildProcess;
    try {
      child = spawn(cmd.command, cmd.args, {
        detached: process.platform !== 'win32',
        stdio: ['pipe', 'pipe', 'pipe'],
        env: childEnv(o.env ?? process.env, secrets),
        cwd: o.cwd ?? os.homedir(),
        windowsHide: true,
        shell: false,
      });
    } catch (err) {
      reject(spawnError(err, cmd.command, shownCmd, cli));
      return;
    }

    const finish = (err: CliError | undefined, result?: CliResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      for (const t of timers) clearTimeout(t);
      o.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(result as CliResult);
    };

    const stopError = (): CliError =>
      stopReason === 'timeout'
        ? new CliError(
            'timeout',
            MESSAGES.timeout(shownCmd, Math.round(o.timeoutMs / 1000)),
            exit?.code ?? undefined,
            exit?.sig ?? undefined,
          )
        : new CliError('cancelled', MESSAGES.cancelled(shownCmd), exit?.code ?? undefined, exit?.sig ?? undefined);

    const stop = (reason: 'timeout' | 'cancelled'): void => {
      if (stopReason || settled) return;
      stopReason = reason;
      signalGroup(child, 'SIGTERM');
      timers.push(
        setTimeout(() => {
          signalGroup(child, 'SIGKILL');
          // Settles even when the CLI never reports its exit (e.g. stuck in uninterruptible I/O).
          timers.push(setTimeout(() => conclude(), killGraceMs));
        }, killGraceMs),
      );
    };
    const onAbort = (): void => stop('cancelled');
    const timeoutTimer = setTimeout(() => stop('timeout'), o.timeoutMs);
    o.signal?.addEventListener('abort', onAbort, { once: true });

    const relay = (stream: 'stdout' | 'stderr', text: string): void => {
      if (!text) return;
      output = (output + text).slice(-OUTPUT_TAIL);
      o.onOutput?.(text, stream);
    };
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => relay('stdout', redactors.stdout.push(d)));
    child.stderr?.on('data', (d: string) => relay('stderr', redactors.stderr.push(d)));

    /** The outcome once the CLI exited (or was given up on): output flushed, pipes released. */
    const conclude = (): void => {
      if (settled) return;
      relay('stdout', redactors.stdout.flush());
      relay('stderr', redactors.stderr.flush());
      // A grandchild may still hold the pipes: stop listening so nothing keeps this promise (or the CLI queue).
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.stdin?.destroy();
      if (stopReason) {
        // Whatever of the group survived SIGTERM goes now, so nothing outlives the promise.
        signalGroup(child, 'SIGKILL');
        liveGroups.delete(child.pid ?? -1);
        finish(stopError());
        return;
      }
      const exitCode = exit?.code ?? -1;
      if (exitCode === 0) finish(undefined, { exitCode, output });
      else {
        const e = explainCliFailure(output, exitCode, cli, shownCmd);
        finish(exit?.sig ? new CliError(e.code, e.userMessage, e.exitCode, exit.sig, e.detail) : e);
      }
    };

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.syscall?.startsWith('spawn') || child.pid === undefined) finish(spawnError(err, cmd.command, shownCmd, cli));
      else signalGroup(child, 'SIGKILL');
    });
    child.on('spawn', () => {
      if (child.pid !== undefined) {
        if (process.platform !== 'win32') liveGroups.set(child.pid, child);
        o.onSpawn?.(child.pid);
      }
    });
    child.on('exit', (code, sig) => {
      exit = { code, sig };
      // Output still in the pipes arrives within the drain; 'close' usually comes first.
      timers.push(setTimeout(conclude, drainMs));
    });
    child.on('close', (code, sig) => {
      liveGroups.delete(child.pid ?? -1);
      exit ??= { code, sig };
      conclude();
    });

    // The secret goes to stdin only, followed by EOF (docker/podman read stdin to the end).
    child.stdin?.on('error', () => undefined); // EPIPE when the CLI exits without reading
    child.stdin?.end(stdinSecret ?? '');
  });
}

function spawnError(err: unknown, command: string, shown: string, cli: CliKind): CliError {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return new CliError('notFound', MESSAGES.notFound(sanitizeText(command, 300), cli));
  if (e?.code === 'EACCES') return new CliError('notFound', MESSAGES.notExecutable(sanitizeText(command, 300)));
  return new CliError('exit', MESSAGES.spawnFailed(shown, sanitizeText(String(e?.message ?? err), 300)));
}
