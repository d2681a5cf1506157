// `npm start`: try ECR Explorer without an AWS account. Builds the extension, starts the project's ECR emulator
// (demo data: two accounts, two regions) on 127.0.0.1, and opens a real VS Code in its own user-data dir with the
// extension under development pointed at the emulator: desktop `code` when it is on PATH, else code-server in the
// browser (installed once into ~/.cache, like the test host). Ctrl+C stops everything it started.
//   usage: npm start [-- --browser] [-- --smoke]
//     --browser  use code-server even when `code` is on PATH
//     --smoke    check the demo end to end in headless Chromium (the view lists the demo registries), then exit
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_REGIONS } from '../emulator/demo';
import { startEmulator } from '../servers';
import { hostPaths, makeHostDirs, startCodeServer, writeUserSettings, type CodeServer } from '../host/codeServer';

const ROOT = resolve(__dirname, '..', '..');

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, command);
    if (spawnSync('test', ['-x', full]).status === 0) return full;
  }
  return undefined;
}

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
}

/** Everything started so far, undone in reverse order by stop(). */
const cleanups: Array<() => Promise<void> | void> = [];
let stopping = false;

async function stop(code: number): Promise<void> {
  if (!stopping) {
    stopping = true;
    for (const c of cleanups.reverse())
      await Promise.resolve()
        .then(c)
        .catch(() => undefined);
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const smoke = argv.includes('--smoke');
  const desktop = !argv.includes('--browser') && !smoke ? onPath('code') : undefined;

  console.log('demo: building the extension');
  run(process.execPath, ['esbuild.config.mjs']);
  if (!desktop) run(process.execPath, [join('test', 'host', 'install.mjs')]);

  const emulator = await startEmulator({ seed: 'demo' });
  const temp = mkdtempSync(join(tmpdir(), 'ecr-explorer-demo-'));
  cleanups.push(
    () => emulator.stop(),
    () => rmSync(temp, { recursive: true, force: true }),
  );
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  // A workspace, and AWS files that hold only the demo profiles (never the user's ~/.aws).
  const workspace = join(temp, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(
    join(workspace, 'README.md'),
    '# ECR Explorer demo\n\nThe ECR Explorer view (activity bar) lists registries served by a local emulator.\n',
  );
  const awsConfig = join(temp, 'aws-config');
  const awsCredentials = join(temp, 'aws-credentials');
  writeFileSync(awsConfig, `[profile demo-prod]\nregion = ${DEMO_REGIONS[0]}\n\n[profile demo-dev]\nregion = ${DEMO_REGIONS[1]}\n`);
  writeFileSync(
    awsCredentials,
    '[demo-prod]\naws_access_key_id = AKIAEMULATORPROD0001\naws_secret_access_key = demo-secret\n\n' +
      '[demo-dev]\naws_access_key_id = AKIAEMULATORDEV00002\naws_secret_access_key = demo-secret\n',
  );
  const env: NodeJS.ProcessEnv = {
    AWS_ENDPOINT_URL_ECR: emulator.url,
    AWS_ACCESS_KEY_ID: 'AKIAEMULATORPROD0001',
    AWS_SECRET_ACCESS_KEY: 'demo-secret',
    AWS_REGION: DEMO_REGIONS[0],
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: awsCredentials,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const k of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION']) env[k] = undefined;
  const userSettings = {
    'ecrExplorer.regions': [...DEMO_REGIONS],
    'ecrExplorer.registryIds': [DEMO_ACCOUNTS.dev],
  };
  console.log(
    `demo: ECR emulator at ${emulator.url} (accounts ${DEMO_ACCOUNTS.prod} and ${DEMO_ACCOUNTS.dev}, regions ${DEMO_REGIONS.join(', ')})`,
  );

  if (desktop) {
    const userDataDir = join(temp, 'user-data');
    writeUserSettings(userDataDir, userSettings);
    const child = spawn(
      desktop,
      [
        '--new-window',
        '--wait',
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${join(temp, 'extensions')}`,
        `--extensionDevelopmentPath=${ROOT}`,
        workspace,
      ],
      { env: cleanEnv(env), stdio: 'inherit', detached: true },
    );
    cleanups.push(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    });
    console.log('demo: VS Code is opening (close its window or press Ctrl+C here to stop)');
    child.on('exit', () => void stop(0));
    return;
  }

  const dirs = makeHostDirs();
  cleanups.push(() => rmSync(dirs.root, { recursive: true, force: true }));
  writeUserSettings(dirs.userDataDir, userSettings);
  const server: CodeServer = await startCodeServer({ folder: workspace, dirs, env: cleanEnv(env) });
  cleanups.push(() => server.stop());
  const url = server.workbenchUrl({ extensionDevelopmentPath: [ROOT] });
  if (smoke) {
    await smokeCheck(url);
    console.log('demo: smoke check passed (the ECR Explorer view lists the demo registries)');
    await stop(0);
    return;
  }
  console.log(
    `\ndemo: VS Code (code-server ${hostPaths().dir.split('code-server-')[1] ?? ''}) is ready. Open this URL in a browser on this machine:\n\n  ${url}\n\nPress Ctrl+C to stop.`,
  );
}

/** Environment for VS Code: the caller's, with the demo values on top (undefined removes a variable). */
function cleanEnv(overrides: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

async function smokeCheck(url: string): Promise<void> {
  const { launchBrowser, newWorkbenchPage } = await import('../host/browser');
  const browser = await launchBrowser();
  try {
    const { page } = await newWorkbenchPage(browser, url);
    const tab = page.getByRole('tab', { name: 'ECR Explorer' });
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();
    const rows = page.locator('#workbench\\.parts\\.sidebar').getByRole('treeitem');
    for (const account of [DEMO_ACCOUNTS.prod, DEMO_ACCOUNTS.dev]) {
      await rows.filter({ hasText: account }).first().waitFor({ timeout: 60_000 });
    }
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'demo.png') });
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  void stop(1);
});
