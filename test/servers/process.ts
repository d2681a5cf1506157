// Spawning and stopping the local test servers: own process group, bounded log capture, exit safety net.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A prerequisite (binary, package) is missing; the message is one line naming the fix. */
export class PrerequisiteError extends Error {
  override readonly name = 'PrerequisiteError';
  constructor(message: string) {
    super(message);
  }
}

/** A free TCP port on 127.0.0.1 (bound then released; a tiny race is accepted in tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Finds `name` on the PATH of `env` (default process.env); throws PrerequisiteError naming `fix`. */
export function findExecutable(name: string, fix: string, env: NodeJS.ProcessEnv = process.env): string {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  throw new PrerequisiteError(`${name} not found: ${fix}`);
}

// Everything still alive when Node exits is killed by group and its temp dir removed (synchronously).
const liveGroups = new Set<number>();
const liveDirs = new Set<string>();
let safetyNetInstalled = false;
function installSafetyNet(): void {
  if (safetyNetInstalled) return;
  safetyNetInstalled = true;
  // A terminating signal skips 'exit' handlers: clean up, then let the signal do what it would have done.
  for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      cleanupNow();
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
  process.on('exit', cleanupNow);
}

function cleanupNow(): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
  for (const dir of liveDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
  liveDirs.clear();
}

export function makeTempDir(prefix: string): string {
  installSafetyNet();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  liveDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}

export interface ManagedProcess {
  child: ChildProcess;
  pid: number;
  /** Last bytes of stdout+stderr, for error messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the leader has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_LOG = 16 * 1024;

/** Spawns `command` detached in its own process group (so stop() kills its children too). */
export function spawnManaged(command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ManagedProcess {
  installSafetyNet();
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const append = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-MAX_LOG);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      running = false;
      append(Buffer.from(String(err)));
      resolve({ code: null, signal: null });
    });
  });
  const pid = child.pid ?? -1;
  if (pid > 0) liveGroups.add(pid);
  let stopping: Promise<void> | undefined;
  const killGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      // group already gone
    }
  };
  return {
    child,
    pid,
    output: () => log,
    exited,
    isRunning: () => running,
    stop(graceMs = 3000): Promise<void> {
      if (stopping) return stopping;
      stopping = (async () => {
        if (pid <= 0) return;
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
        // Children that ignored SIGTERM (e.g. behind a pyenv shim) must not outlive the leader.
        killGroup('SIGKILL');
        liveGroups.delete(pid);
      })();
      return stopping;
    },
  };
}

/** True while any process of group `pgid` exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `url` until any HTTP response arrives; fails early if the process exits. */
export async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs: number, name: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.isRunning()) {
      throw new Error(`${name} exited before it was ready:\n${proc.output().trim()}`);
    }
    if (await probe(url)) return;
    if (Date.now() > deadline) {
      throw new Error(`${name} was not ready at ${url} after ${timeoutMs} ms:\n${proc.output().trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function probe(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.get(url, { rejectUnauthorized: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Runs a short-lived helper (htpasswd, openssl) and returns stdout; throws with its stderr on failure. */
export async function runTool(command: string, args: string[], stdin?: string, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(command)} exited with ${code}: ${err.trim()}`));
    });
    child.stdin.on('error', () => undefined); // EPIPE when the program exits without reading
    child.stdin.end(stdin ?? '');
  });
}
