// Integration tier runner (plain Node, run with tsx): bundles the tests in this folder with esbuild, then runs each
// run from runs.ts in a real VS Code through @vscode/test-electron's runTests(). The host is chosen by
// ECR_EXPLORER_TEST_HOST: `code-server` (the offline host, test/host/), `electron` (downloaded desktop VS Code),
// or a path to a VS Code executable; unset = a VS Code already downloaded into .vscode-test, else code-server
// (installed into ~/.cache on first use).
//   usage: tsx test/integration/runIntegration.ts [--run <name>]... [--grep <mocha pattern>]
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { hostPaths, writeUserSettings } from '../host/codeServer';
import { runs, type IntegrationRun, type RunSetup } from './runs';

const root = resolve(__dirname, '..', '..');
const outDir = join(root, 'out', 'test', 'integration');

type Host = { kind: 'code-server' | 'electron' | 'custom'; executable?: string };

export function chooseHost(env: NodeJS.ProcessEnv = process.env): Host {
  const wanted = env.ECR_EXPLORER_TEST_HOST?.trim();
  const shim = join(root, 'test', 'host', 'code-server-host');
  if (wanted === 'code-server') return { kind: 'code-server', executable: shim };
  if (wanted === 'electron') return { kind: 'electron' };
  if (wanted) {
    if (!existsSync(wanted))
      throw new Error(`ECR_EXPLORER_TEST_HOST=${wanted}: no such file (use code-server, electron or a path to a VS Code executable)`);
    return { kind: 'custom', executable: resolve(wanted) };
  }
  const downloaded = join(root, '.vscode-test');
  if (existsSync(downloaded) && readdirSync(downloaded).some((d) => d.startsWith('vscode-'))) return { kind: 'electron' };
  // No desktop VS Code here: the offline host (installed on first use, ≈ 4 min, then cached).
  return { kind: 'code-server', executable: shim };
}

function ensureCodeServerHost(): void {
  if (existsSync(hostPaths().marker)) return;
  execFileSync(process.execPath, [join(root, 'test', 'host', 'install.mjs')], { stdio: 'inherit' });
}

/** Test files (names without .ts) for each run: named ones, and the rest to runs that name none. */
function filesForRuns(selected: IntegrationRun[], all: string[]): Map<IntegrationRun, string[]> {
  const claimed = new Set(runs.flatMap((r) => r.files ?? []));
  const unclaimed = all.filter((f) => !claimed.has(f));
  for (const f of selected.flatMap((r) => r.files ?? [])) {
    if (!all.includes(f)) throw new Error(`runs.ts names ${f}, but test/integration/${f}.ts does not exist`);
  }
  return new Map(selected.map((r) => [r, r.files ?? unclaimed]));
}

async function bundleTests(): Promise<string[]> {
  const dir = join(root, 'test', 'integration');
  const tests = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(dir, 'index.ts'), ...tests.map((t) => join(dir, t))],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    // vscode comes from the extension host; mocha is loaded from node_modules by index.js.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return tests.map((t) => basename(t, '.ts'));
}

function parseArgs(argv: string[]): { only: string[]; grep?: string } {
  const only: string[] = [];
  let grep: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--run') only.push(argv[++i]);
    else if (argv[i] === '--grep') grep = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (usage: --run <name> --grep <pattern>)`);
  }
  return { only, grep };
}

async function runOne(run: IntegrationRun, files: string[], host: Host, grep: string | undefined): Promise<boolean> {
  if (run.trusted === false && host.kind !== 'code-server') {
    // Never "passed" without having run: Restricted Mode cannot be had on this host, so the run fails.
    console.error(
      `(integration) run "${run.name}" FAILED: an untrusted workspace needs the code-server host (runTests always passes --disable-workspace-trust)`,
    );
    return false;
  }
  const temp = mkdtempSync(join(tmpdir(), `ecr-explorer-it-${run.name}-`));
  let extra: RunSetup = {};
  try {
    extra = (await run.setup?.()) ?? {};
    const workspace = join(temp, 'workspace');
    const userDataDir = join(temp, 'user-data');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    const workspaceSettings = { ...run.workspaceSettings, ...extra.workspaceSettings };
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));
    writeUserSettings(userDataDir, { ...run.userSettings, ...extra.userSettings });
    // The probe lets a test prove that this run's environment and settings reached the extension host.
    const probe = randomUUID();
    writeFileSync(join(workspace, 'ecr-explorer-probe.json'), JSON.stringify({ run: run.name, env: probe, workspaceSettings }, null, 2));
    const env: Record<string, string> = {
      ...run.env,
      ...extra.env,
      ECR_EXPLORER_TEST_RUN: run.name,
      ECR_EXPLORER_TEST_HOST_KIND: host.kind,
      ECR_EXPLORER_TEST_FILES: files.join(','),
      ECR_EXPLORER_ENV_PROBE: probe,
      ECR_EXPLORER_WORKSPACE_TRUST: run.trusted === false ? 'untrusted' : 'trusted',
      ECR_EXPLORER_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
      ...(grep ? { ECR_EXPLORER_TEST_GREP: grep } : {}),
    };
    const started = Date.now();
    try {
      await runTests({
        extensionDevelopmentPath: root,
        extensionTestsPath: join(outDir, 'index.js'),
        vscodeExecutablePath: host.executable,
        launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${join(temp, 'extensions')}`, '--disable-extensions'],
        extensionTestsEnv: env,
      });
      console.log(`(integration) run "${run.name}" passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return true;
    } catch (err) {
      console.error(
        `(integration) run "${run.name}" FAILED in ${((Date.now() - started) / 1000).toFixed(1)} s: ${err instanceof Error ? err.message : String(err)}`,
      );
      return false;
    }
  } finally {
    await extra.teardown?.().catch((e: unknown) => console.error(`(integration) teardown of "${run.name}" failed:`, e));
    if (!process.env.ECR_EXPLORER_KEEP_TEMP) rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const { only, grep } = parseArgs(process.argv.slice(2));
  for (const name of only)
    if (!runs.some((r) => r.name === name))
      throw new Error(`no run named "${name}" in test/integration/runs.ts (have: ${runs.map((r) => r.name).join(', ')})`);
  const host = chooseHost();
  if (host.kind === 'code-server') ensureCodeServerHost();
  if (!existsSync(join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const files = await bundleTests();
  const selected = runs.filter((r) => only.length === 0 || only.includes(r.name));
  const plan = filesForRuns(selected, files);
  console.log(
    `(integration) host: ${host.kind}${host.executable ? ` (${host.executable})` : ''}; runs: ${selected.map((r) => r.name).join(', ')}`,
  );
  let ok = true;
  // Ctrl+C reaches VS Code too (runTests relays it); stop after the run it interrupted.
  let interrupted = false;
  process.on('SIGINT', () => {
    interrupted = true;
  });
  for (const run of selected) {
    const runFiles = plan.get(run) ?? [];
    if (runFiles.length === 0) continue;
    if (interrupted) {
      ok = false;
      break;
    }
    ok = (await runOne(run, runFiles, host, grep)) && ok;
  }
  console.log(`(integration) ${ok ? 'all runs passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
