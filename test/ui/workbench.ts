// UI tier helpers: a real VS Code (code-server) with the packaged .vsix installed, driven in headless Chromium by
// Playwright from plain Node. One Workbench per test file (start in `before`, close in `after`).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, newWorkbenchPage } from '../host/browser';
import { installVsix, makeHostDirs, startCodeServer, writeUserSettings, type CodeServer } from '../host/codeServer';
import { installLanguagePack } from '../host/languagePack';

export const ROOT = resolve(__dirname, '..', '..');
export const RESULTS_DIR = join(ROOT, 'test-results');
export const EXTENSION_ID = 'ecr-explorer.ecr-explorer';

/** The .vsix `npm run package` made (or ECR_EXPLORER_VSIX). */
export function packagedVsix(): string {
  if (process.env.ECR_EXPLORER_VSIX) return resolve(process.env.ECR_EXPLORER_VSIX);
  const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = join(ROOT, `${name}-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first (npm run test:ui does).`);
  return vsix;
}

export interface WorkbenchOptions {
  /** `<user-data-dir>/User/settings.json`, over the harness defaults (gpuAcceleration off, no startup editor…). */
  userSettings?: Record<string, unknown>;
  /** `<workspace>/.vscode/settings.json`. */
  workspaceSettings?: Record<string, unknown>;
  /** Files to create in the workspace folder (relative path → content). */
  workspaceFiles?: Record<string, string>;
  /** Environment for code-server and the extension host (e.g. AWS_ENDPOINT_URL_ECR of an emulator). */
  env?: NodeJS.ProcessEnv;
  /** Default true. False opens the folder in Restricted Mode. */
  trusted?: boolean;
  /** Default true: grant clipboard-read/write (else `env.clipboard.readText` hangs in the web build). */
  clipboard?: boolean;
  /** Default: the packaged .vsix; false installs nothing. */
  vsix?: string | false;
  viewport?: { width: number; height: number };
  /** Extra code-server arguments. */
  args?: string[];
  /** Display language, e.g. 'ja' (a minimal language pack + languagepacks.json + `--locale`); default English. */
  language?: string;
}

export class Workbench {
  private constructor(
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    /** The opened workspace folder (absolute). */
    readonly workspace: string,
  ) {}

  static async start(opts: WorkbenchOptions = {}): Promise<Workbench> {
    const dirs = makeHostDirs();
    const workspace = join(dirs.root, 'workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(opts.workspaceSettings ?? {}, null, 2));
    for (const [rel, content] of Object.entries(opts.workspaceFiles ?? {})) {
      const file = join(workspace, rel);
      mkdirSync(resolve(file, '..'), { recursive: true });
      writeFileSync(file, content);
    }
    writeUserSettings(dirs.userDataDir, opts.userSettings);
    if (opts.vsix !== false) await installVsix(opts.vsix ?? packagedVsix(), dirs);
    const languageArgs = opts.language ? installLanguagePack(dirs, opts.language) : [];
    const server = await startCodeServer({
      folder: workspace,
      dirs,
      env: opts.env,
      trusted: opts.trusted,
      args: [...languageArgs, ...(opts.args ?? [])],
    });
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const { context, page } = await newWorkbenchPage(browser, server.workbenchUrl(), {
        clipboard: opts.clipboard !== false,
        viewport: opts.viewport,
      });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      return new Workbench(server, browser, context, page, workspace);
    } catch (err) {
      await browser?.close().catch(() => undefined);
      await server.stop();
      throw err;
    }
  }

  /** Set on a window opened with openWindow(): its close() closes only its page. */
  private secondary = false;

  /**
   * Opens another workbench window (a second tab of the same browser context) on the same server and folder. Both
   * windows share the browser storage, hence the extension's globalState; each runs its own extension host.
   * The returned Workbench drives the new page; its close() closes only that page.
   */
  async openWindow(): Promise<Workbench> {
    const page = await this.context.newPage();
    try {
      await page.goto(this.server.workbenchUrl());
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    } catch (err) {
      await page.close().catch(() => undefined);
      throw err;
    }
    const other = new Workbench(this.server, this.browser, this.context, page, this.workspace);
    other.secondary = true;
    return other;
  }

  /**
   * Headless Chromium tells every tab it has focus (Playwright's focus emulation, set again on each navigation).
   * This turns it off for this window's page, so only the tab in front has focus and `page.bringToFront()` moves
   * focus with real focus/blur events, as switching desktop windows does (`window.onDidChangeWindowState`). The
   * workbench's focus tracking catches up after one real blur and focus of each window.
   */
  async useRealFocus(): Promise<void> {
    const cdp = await this.context.newCDPSession(this.page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  }

  /** Stops the browser and the code-server process group; removes the temp dirs. Safe to call twice. */
  async close(): Promise<void> {
    if (this.secondary) {
      await this.page.close().catch(() => undefined);
      return;
    }
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
  }

  /** The activity bar entry of a view container, e.g. 'ECR Explorer'. */
  activityTab(name: string): Locator {
    return this.page.getByRole('tab', { name });
  }

  /** Opens a view container from the activity bar (no-op when it is already open) and returns its sidebar. */
  async openViewContainer(name = 'ECR Explorer'): Promise<Locator> {
    const tab = this.activityTab(name);
    await tab.waitFor({ timeout: 60_000 });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    const sidebar = this.page.locator('#workbench\\.parts\\.sidebar');
    await sidebar.waitFor();
    return sidebar;
  }

  /** Tree rows of the visible views (`getByRole('treeitem')`). */
  treeItems(): Locator {
    return this.page.locator('#workbench\\.parts\\.sidebar').getByRole('treeitem');
  }

  /** Runs a command from the palette by its title as shown there, e.g. 'ECR: Show Log'. */
  async runCommand(title: string): Promise<void> {
    await this.page
      .locator('.monaco-workbench')
      .click({ position: { x: 5, y: 5 }, force: true })
      .catch(() => undefined);
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // Wait until the palette lists exactly this title, so Enter cannot pick a different command.
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor();
    await input.press('Enter');
  }

  /** Answers an open quick pick / input box: types `text` and presses Enter. */
  async answerQuickInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(text);
    await input.press('Enter');
  }

  /** A status bar item created with an explicit id (`window.createStatusBarItem(id, …)`). */
  statusBarItem(id: string): Locator {
    return this.page.locator(`.statusbar-item[id="${EXTENSION_ID}.${id}"]`);
  }

  /** innerText of every status bar item (for failure messages and broad checks). */
  async statusBarTexts(): Promise<string[]> {
    return this.page
      .locator('.statusbar-item')
      .allInnerTexts()
      .then((texts) => texts.map((t) => t.trim()).filter(Boolean));
  }

  /** Hovers `target` and returns the text of the hover that appears (status bar tooltips take ≈ 1.5 s). */
  async hoverText(target: Locator, timeoutMs = 10_000): Promise<string> {
    await target.hover();
    const hover = this.page.locator('.workbench-hover, .monaco-hover:not(.hidden)').last();
    await hover.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await hover.innerText()).trim();
  }

  /** Texts of the visible notification toasts. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  /** Text of the active terminal (readable because the harness turns GPU rendering off). */
  async terminalText(): Promise<string> {
    return (await this.page.locator('.terminal-wrapper.active .xterm-rows, .terminal-wrapper .xterm-rows').last().innerText()).replace(
      /\u00a0/g,
      ' ',
    );
  }

  /** Polls `check` (every 200 ms) until it is true; fails naming `what` after `timeoutMs`. */
  async waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Saves a full-window PNG as `test-results/<name>.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
