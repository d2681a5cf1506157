// Stands in for the `code` executable that @vscode/test-electron's runTests() spawns (via the `code-server-host`
// shell shim next to this file): runs the extension tests in code-server + headless Chromium, relays the
// extension host's console (mocha's reporter) to stdout and exits with the tests' exit code. Every path out —
// pass, fail, timeout, signal, crash — stops the code-server process group and the browser.
import { launchBrowser, newWorkbenchPage } from './browser';
import { makeHostDirs, startCodeServer, writeUserSettings, type CodeServer } from './codeServer';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';

interface LaunchArgs {
  extensionDevelopmentPath: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  locale?: string;
  folder?: string;
}

/** Parses the subset of `code` arguments that matter here; the rest (--no-sandbox, --skip-welcome…) is ignored. */
export function parseCodeArgs(argv: string[]): LaunchArgs {
  const out: LaunchArgs = { extensionDevelopmentPath: [] };
  const valued = new Set(['--extensionDevelopmentPath', '--extensionTestsPath', '--user-data-dir', '--extensions-dir', '--locale']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let name = arg;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      name = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    } else if (valued.has(arg)) {
      value = argv[++i];
    }
    switch (name) {
      case '--extensionDevelopmentPath':
        if (value) out.extensionDevelopmentPath.push(resolve(value));
        break;
      case '--extensionTestsPath':
        out.extensionTestsPath = value && resolve(value);
        break;
      case '--user-data-dir':
        out.userDataDir = value && resolve(value);
        break;
      case '--extensions-dir':
        out.extensionsDir = value && resolve(value);
        break;
      case '--locale':
        out.locale = value;
        break;
      default:
        if (!arg.startsWith('-')) out.folder = resolve(arg);
    }
  }
  return out;
}

/** Marks the extension tests' console lines (test/integration/index.ts) among the workbench's own log lines. */
const MARK = '\u2063ecr-test\u2063';

/**
 * Prints what the extension tests wrote to the console (mocha's reporter): `message` is the JSON array of console
 * arguments. Workbench chatter is shown only with ECR_EXPLORER_HOST_VERBOSE, errors naming the extension always.
 */
function relayLog(level: string, message: string, verbose: boolean): void {
  let text = message;
  try {
    const parsed: unknown = JSON.parse(message);
    if (Array.isArray(parsed)) text = format(...(parsed as unknown[]));
  } catch {
    /* plain text */
  }
  const toStderr = level === 'error' || level === 'warn';
  if (text.startsWith(MARK)) {
    (toStderr ? process.stderr : process.stdout).write(`${text.slice(MARK.length)}\n`);
  } else if (verbose || (toStderr && /ecr-explorer|ecrExplorer/.test(text))) {
    process.stderr.write(`[workbench ${level}] ${text}\n`);
  }
}

async function main(): Promise<number> {
  const args = parseCodeArgs(process.argv.slice(2));
  if (!args.extensionTestsPath) {
    console.error('code-server-host: --extensionTestsPath is required (this launcher only runs extension tests)');
    return 2;
  }
  const timeoutMs = Number(process.env.ECR_EXPLORER_TEST_TIMEOUT_MS ?? 600_000);
  const verbose = Boolean(process.env.ECR_EXPLORER_HOST_VERBOSE);
  // runTests always passes --disable-workspace-trust; an untrusted run asks for it through the environment.
  const trusted = process.env.ECR_EXPLORER_WORKSPACE_TRUST !== 'untrusted';

  const dirs = makeHostDirs({ userDataDir: args.userDataDir, extensionsDir: args.extensionsDir });
  if (!existsSync(join(dirs.userDataDir, 'User', 'settings.json'))) writeUserSettings(dirs.userDataDir);

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let cleaned = false;
  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    await browser?.close().catch(() => undefined);
    await server?.stop();
  };
  // Last resort when the process is torn down without our async cleanup having run.
  process.on('exit', () => server?.killNow());

  const outcome = new Promise<number>((resolveOutcome) => {
    let done = false;
    const finish = (code: number, why?: string): void => {
      if (done) return;
      done = true;
      if (why) console.error(`code-server-host: ${why}`);
      resolveOutcome(code);
    };
    // `on`, not `once`: Ctrl+C reaches us twice (directly and relayed by tsx); a second default SIGINT would kill
    // this process mid-cleanup and orphan code-server, which lives in its own process group.
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.on(sig, () => finish(sig === 'SIGINT' ? 130 : 143, `stopped by ${sig}`));
    setTimeout(() => finish(1, `timed out after ${Math.round(timeoutMs / 1000)} s (ECR_EXPLORER_TEST_TIMEOUT_MS)`), timeoutMs).unref();

    void (async () => {
      server = await startCodeServer({
        folder: args.folder,
        dirs,
        // Tells test/integration/index.ts to mark its output lines for relayLog().
        env: { ECR_EXPLORER_MARK_OUTPUT: '1' },
        trusted,
        args: args.locale ? ['--locale', args.locale] : [],
        onOutput: verbose ? (l) => console.error(`[code-server] ${l}`) : undefined,
      });
      const serverRef = server;
      browser = await launchBrowser();
      browser.on('disconnected', () => finish(1, 'the browser closed before the tests finished'));
      const url = server.workbenchUrl({
        extensionDevelopmentPath: args.extensionDevelopmentPath,
        extensionTestsPath: args.extensionTestsPath,
      });
      if (verbose) console.error(`code-server-host: ${url}`);
      const { page } = await newWorkbenchPage(browser, url, {
        onLog: (level, message) => relayLog(level, message, verbose),
        onExit: (code) => finish(code),
      });
      page.on('crash', () => finish(1, 'the workbench page crashed'));
      if (verbose) page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
      const poll = setInterval(() => {
        try {
          process.kill(serverRef.pid, 0);
        } catch {
          clearInterval(poll);
          finish(1, `code-server exited before the tests finished:\n${serverRef.recentOutput()}`);
        }
      }, 1000);
      poll.unref();
    })().catch((err: unknown) => finish(1, err instanceof Error ? err.message : String(err)));
  });

  const code = await outcome;
  await cleanup();
  return code;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
