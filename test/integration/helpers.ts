// Helpers for integration tests (they run inside the extension host, bundled by runIntegration.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { VscodeUi, type Ui } from '../../src/services/ui';

export const EXTENSION_ID = 'ecr-explorer.ecr-explorer';

/** The package.json shape the tests read. */
export interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    viewsContainers: { activitybar: Array<{ id: string; title: string }> };
    views: Record<string, Array<{ id: string; name: string }>>;
    configuration: { properties: Record<string, { default?: unknown; scope?: string }> };
  };
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this VS Code`);
  return ext;
}

/** Activates the extension (idempotent) and returns it. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = extension();
  await ext.activate();
  return ext;
}

export function manifest(): Manifest {
  return extension().packageJSON as Manifest;
}

/** Polls until `check` returns a value other than undefined/false, or fails with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The probe the runner writes into the workspace folder of every run. */
export async function readProbe(): Promise<{ run: string; env: string; workspaceSettings: Record<string, unknown> }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a workspace folder for every run');
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'ecr-explorer-probe.json'));
  return JSON.parse(new TextDecoder().decode(bytes)) as { run: string; env: string; workspaceSettings: Record<string, unknown> };
}

/** Writes a line to the test output (plain console.log from a test shows only with ECR_EXPLORER_HOST_VERBOSE=1). */
export function testLog(...args: unknown[]): void {
  const log = (globalThis as { ecrExplorerTestLog?: (...a: unknown[]) => void }).ecrExplorerTestLog ?? console.log;
  log(...args);
}

/**
 * Installs a Ui behind the extension's inert seam (ExtensionApi.useUi): `overrides` replace some prompts, the
 * rest are VS Code's own (a fresh VscodeUi). Returns the function that puts the previous Ui back. Tests never
 * assign services.ui, which would bypass the seam that makes untrusted text inert.
 */
export function overrideUi(api: { useUi(ui: Ui): Ui }, overrides: (real: Ui) => Partial<Ui>): () => void {
  const real = new VscodeUi();
  const own = overrides(real);
  const ui: Ui = {
    info: own.info ?? real.info.bind(real),
    warn: own.warn ?? real.warn.bind(real),
    error: own.error ?? real.error.bind(real),
    pickOne: own.pickOne ?? real.pickOne.bind(real),
    pickMany: own.pickMany ?? real.pickMany.bind(real),
    pickFromPages: own.pickFromPages ?? real.pickFromPages.bind(real),
    input: own.input ?? real.input.bind(real),
    flash: own.flash ?? real.flash.bind(real),
    writeClipboard: own.writeClipboard ?? real.writeClipboard.bind(real),
    withProgress: own.withProgress ?? real.withProgress.bind(real),
  };
  const previous = api.useUi(ui);
  return () => void api.useUi(previous);
}
