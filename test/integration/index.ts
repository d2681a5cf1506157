// Runs inside the VS Code extension host (the `extensionTestsPath` module): mocha over the bundled
// `*.test.js` files beside this file, optionally narrowed by the runner (see runIntegration.ts).
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { format } from 'node:util';
import type MochaType from 'mocha';

// mocha 12 is an ES module whose CommonJS build lives here; the bundle keeps it external (resolved from node_modules).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaType;

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

/**
 * The launcher relays the extension host's console among much workbench chatter; this prefix marks the lines of
 * mocha's reporter and of `testLog` (the launcher strips it). Keep in step with test/host/launcher.ts. The
 * extension host pins `console.*` (assignments are ignored), so the reporter's own hook is used instead.
 */
const MARK = '\u2063ecr-test\u2063';

function markReporterOutput(): void {
  // Only the code-server launcher filters; desktop VS Code prints the extension host's console as it is.
  const mark = process.env.ECR_EXPLORER_MARK_OUTPUT === '1' ? MARK : '';
  const write = (...args: unknown[]): void => console.log(mark + format(...args));
  (Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog = write;
  (globalThis as { ecrExplorerTestLog?: (...args: unknown[]) => void }).ecrExplorerTestLog = write;
}

function testLog(...args: unknown[]): void {
  (globalThis as { ecrExplorerTestLog?: (...args: unknown[]) => void }).ecrExplorerTestLog?.(...args);
}

export function run(): Promise<void> {
  markReporterOutput();
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env.ECR_EXPLORER_TEST_COLOR === '1',
    timeout: Number(process.env.ECR_EXPLORER_MOCHA_TIMEOUT_MS ?? 30_000),
    slow: 5000,
  });
  if (process.env.ECR_EXPLORER_TEST_GREP) mocha.grep(process.env.ECR_EXPLORER_TEST_GREP);
  // Comma-separated test file names (e.g. "activation.test") chosen by the runner for this run.
  const only = (process.env.ECR_EXPLORER_TEST_FILES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const files = testFiles(__dirname).filter((f) => only.length === 0 || only.includes(basename(f, '.js')));
  if (files.length === 0)
    return Promise.reject(new Error(`no integration test files matched ${only.join(', ') || '*.test.js'} in ${__dirname}`));
  for (const f of files) mocha.addFile(f);
  testLog(`(integration) run "${process.env.ECR_EXPLORER_TEST_RUN ?? 'default'}": ${files.map((f) => basename(f, '.test.js')).join(', ')}`);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
