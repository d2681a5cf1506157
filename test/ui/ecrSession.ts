// One UI-tier session against the project's ECR emulator (demo seed): the emulator in this process, empty AWS
// config files, a temp DOCKER_CONFIG for real `docker login`s, and one Workbench with the packaged .vsix.
// Shared by tree/login/status tests (one session per file: the 2-core machine is shared).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { startEmulator, type EmulatorServer } from '../servers';
import { ROOT, Workbench, type WorkbenchOptions } from './workbench';

export const PROD_ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export interface EcrSession {
  emulator: EmulatorServer;
  wb: Workbench;
  /** Temp DOCKER_CONFIG the extension host's docker CLI writes to. */
  dockerConfig: string;
  /** `auths` of `$DOCKER_CONFIG/config.json` ({} when docker wrote nothing yet). */
  dockerAuths(): Record<string, { auth?: string }>;
  close(): Promise<void>;
}

export async function startEcrSession(
  opts: Pick<WorkbenchOptions, 'userSettings' | 'workspaceSettings' | 'language' | 'workspaceFiles'> = {},
): Promise<EcrSession> {
  const emulator = await startEmulator({ seed: 'demo' });
  // Empty AWS config files: the extension sees only the emulator credentials below, never ~/.aws.
  const tmp = mkdtempSync(join(tmpdir(), 'ecr-ui-session-'));
  const dockerConfig = join(tmp, 'docker');
  writeFileSync(join(tmp, 'config'), '');
  writeFileSync(join(tmp, 'credentials'), '');
  let wb: Workbench;
  try {
    wb = await Workbench.start({
      env: {
        AWS_ENDPOINT_URL_ECR: emulator.url,
        AWS_ACCESS_KEY_ID: 'AKIAEMULATORPROD0001',
        AWS_SECRET_ACCESS_KEY: 'emulator-secret',
        AWS_REGION: REGION,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: join(tmp, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'credentials'),
        DOCKER_CONFIG: dockerConfig,
      },
      userSettings: { 'ecrExplorer.regions': [REGION], ...opts.userSettings },
      workspaceSettings: opts.workspaceSettings,
      workspaceFiles: opts.workspaceFiles,
      language: opts.language,
    });
  } catch (err) {
    await emulator.stop();
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return {
    emulator,
    wb,
    dockerConfig,
    dockerAuths() {
      const file = join(dockerConfig, 'config.json');
      if (!existsSync(file)) return {};
      return (JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, { auth?: string }> }).auths ?? {};
    },
    async close() {
      await wb.close();
      await emulator.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A tree row by its exact label (the `.label-name` text), optionally inside an expanded parent's level. */
export function treeRow(wb: Workbench, label: string, level?: number): Locator {
  const rows = wb.treeItems().filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
  return level === undefined ? rows.first() : rows.and(wb.page.locator(`[aria-level="${level}"]`)).first();
}

/** Expands a collapsed tree row (click on it toggles; no-op when already expanded). */
export async function expandRow(wb: Workbench, row: Locator): Promise<void> {
  await row.waitFor({ timeout: 60_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await wb.waitUntil('the row is expanded', async () => (await row.getAttribute('aria-expanded')) === 'true');
}

/** Drags the sidebar's sash so rows and their descriptions fit (README pictures); no-op when already wider. */
export async function widenSidebar(wb: Workbench, width = 560): Promise<void> {
  const box = await wb.page.locator('#workbench\\.parts\\.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await wb.page.mouse.move(box.x + box.width + 1, y);
  await wb.page.mouse.down();
  await wb.page.mouse.move(box.x + width, y, { steps: 5 });
  await wb.page.mouse.up();
}

/** Drags the panel's top sash up so a whole login transcript fits in the terminal (xterm renders visible rows only). */
export async function tallPanel(wb: Workbench, top = 160): Promise<void> {
  const panel = wb.page.locator('#workbench\\.parts\\.panel');
  await panel.waitFor({ state: 'visible' });
  const box = await panel.boundingBox();
  if (!box || box.y <= top + 10) return;
  const x = box.x + box.width / 3;
  await wb.page.mouse.move(x, box.y - 1);
  await wb.page.mouse.down();
  await wb.page.mouse.move(x, top, { steps: 5 });
  await wb.page.mouse.up();
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Picks an item in the open quick pick by its exact label: waits until an item with that label is listed (so an
 * earlier quick pick of the same widget cannot answer), filters to it and accepts it.
 */
export async function pickQuickItem(wb: Workbench, label: string, timeoutMs = 30_000): Promise<void> {
  const widget = wb.page.locator('.quick-input-widget');
  const labelRe = new RegExp(`^${escapeRegExp(label)}$`);
  const item = widget.locator('.monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: labelRe }) });
  await item.first().waitFor({ timeout: timeoutMs });
  const input = widget.locator('input');
  await input.fill(label);
  const first = widget.locator('.monaco-list-row[data-index="0"] .label-name').first();
  await wb.waitUntil(`the quick pick's first item is "${label}"`, async () =>
    labelRe.test((await first.innerText().catch(() => '')).trim()),
  );
  await input.press('Enter');
}

/** The command title as the palette shows it (`ECR: <title>`), from package.nls.json. */
export function commandTitle(key: string): string {
  const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const title = nls[key];
  if (!title) throw new Error(`package.nls.json has no ${key}`);
  return title;
}
