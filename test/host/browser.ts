// Drives Debian's Chromium with playwright-core (never `playwright install`: it downloads a browser).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export function chromiumPath(): string {
  const candidates = [process.env.ECR_EXPLORER_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.length > 0 && existsSync(c));
  if (!found)
    throw new Error('Chromium not found: `apt-get install -y chromium` (or set ECR_EXPLORER_CHROMIUM to a Chrome/Chromium binary).');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface WorkbenchPageOptions {
  /** Grant the real clipboard (UI tier); without it `env.clipboard.readText` hangs in the web build. */
  clipboard?: boolean;
  viewport?: { width: number; height: number };
  /** Extension host console output (mocha's reporter in the integration tier). */
  onLog?: (level: string, message: string) => void;
  /** Called once the extension tests finished (0 passed, non-zero failed). */
  onExit?: (code: number) => void;
}

/** A browser context + page with the smoke-test driver hooks exposed, before any navigation. */
export async function newWorkbenchPage(
  browser: Browser,
  url: string,
  opts: WorkbenchPageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    permissions: opts.clipboard ? ['clipboard-read', 'clipboard-write'] : [],
  });
  const page = await context.newPage();
  if (opts.onLog) {
    const onLog = opts.onLog;
    await page.exposeFunction('codeAutomationLog', (level: unknown, message: unknown) =>
      onLog(String(level), typeof message === 'string' ? message : JSON.stringify(message)),
    );
  }
  if (opts.onExit) {
    const onExit = opts.onExit;
    await page.exposeFunction('codeAutomationExit', (code: unknown) => onExit(typeof code === 'number' ? code : 1));
  }
  // Generous: a loaded 2-core machine can take longer than the default 30 s to serve the workbench.
  await page.goto(url, { timeout: 180_000 });
  return { context, page };
}
