// Runs a container CLI [pure]: the password on stdin only, in its own process group (timeout and cancel stop the
// whole group), secret-looking variables out of its environment, secrets redacted from what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { sanitizeText } from '../model/sanitize';
import { CLI_KINDS, CliError, MESSAGES, type CliCommand, type CliKind } from './cliBase';
import { explainCliFailure } from './cliFailures';

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

/**
 * Runs a CLI in its own process group with `stdinSecret` written to stdin (then EOF). Resolves on exit code 0;
 * throws CliError otherwise. Timeout and abort stop the whole group (SIGTERM, then SIGKILL after a grace).
 */
export function runCli(cmd: CliCommand, stdinSecret: string | undefined, o: CliRunOptions): Promise<CliResult> {
  const cli = o.cli ?? cliKindOf(cmd.command);
  const shownCmd = sanitizeText(path.basename(cmd.command), 100);
  const secrets = [stdinSecret, ...(o.redact ?? [])].filter((s): s is string => !!s && s.length > 0);
  return new Promise<CliResult>((resolve, reject) => {
    if (o.signal?.aborted) {
      reject(new CliError('cancelled', MESSAGES.cancelled(shownCmd)));
      return;
    }
    let settled = false;
    let stopReason: 'timeout' | 'cancelled' | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let output = '';
    const redactors = { stdout: new Redactor(secrets), stderr: new Redactor(secrets) };

    let child: ChildProcess;
    try {
      child = spawn(cmd.command, cmd.args, {
        detached: process.platform !== 'win32',
        stdio: ['pipe', 'pipe', 'pipe'],
        env: childEnv(o.env ?? process.env, secrets),
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
      if (graceTimer) clearTimeout(graceTimer);
      o.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(result as CliResult);
    };

    const stop = (reason: 'timeout' | 'cancelled'): void => {
      if (stopReason || settled) return;
      stopReason = reason;
      signalGroup(child, 'SIGTERM');
      graceTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), o.killGraceMs ?? 2000);
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

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.syscall?.startsWith('spawn') || child.pid === undefined) finish(spawnError(err, cmd.command, shownCmd, cli));
      else signalGroup(child, 'SIGKILL');
    });
    child.on('spawn', () => {
      if (child.pid !== undefined) o.onSpawn?.(child.pid);
    });
    child.on('close', (code, sig) => {
      relay('stdout', redactors.stdout.flush());
      relay('stderr', redactors.stderr.flush());
      if (stopReason) {
        // Whatever of the group survived SIGTERM goes now, so nothing outlives the promise.
        signalGroup(child, 'SIGKILL');
        finish(
          stopReason === 'timeout'
            ? new CliError('timeout', MESSAGES.timeout(shownCmd, Math.round(o.timeoutMs / 1000)), code ?? undefined, sig ?? undefined)
            : new CliError('cancelled', MESSAGES.cancelled(shownCmd), code ?? undefined, sig ?? undefined),
        );
        return;
      }
      const exitCode = code ?? -1;
      if (exitCode === 0) finish(undefined, { exitCode, output });
      else {
        const e = explainCliFailure(output, exitCode, cli, shownCmd);
        finish(sig ? new CliError(e.code, e.userMessage, e.exitCode, sig, e.detail) : e);
      }
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
