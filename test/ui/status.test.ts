// The token-expiry status bar item after a real docker login — hidden before, "ECR 11h 59m" after, a
// tooltip table of the logins; a short-lived token (10 min, under the 30-minute threshold) renewed with one click
// on the item turns it into the warning state.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { commandTitle, escapeRegExp, PROD_ACCOUNT, startEcrSession, type EcrSession } from './ecrSession';
import { RESULTS_DIR } from './workbench';

const ITEM_ID = 'ecrExplorer.tokenExpiry'; // src/status/expiryStatusBar.ts STATUS_ITEM_ID

describe('(ui) status bar: token expiry', function () {
  let s: EcrSession;
  let item: Locator;

  before(async function () {
    s = await startEcrSession();
    item = s.wb.statusBarItem(ITEM_ID);
    await s.wb.openViewContainer('ECR Explorer');
    await s.wb.treeItems().filter({ hasText: PROD_ACCOUNT }).first().waitFor({ timeout: 60_000 });
  });

  after(async function () {
    await s?.close();
  });

  /** The bottom-left corner of the window (status bar item and, when hovered, its tooltip), readable in a README. */
  async function cornerShot(name: string): Promise<void> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const viewport = s.wb.page.viewportSize() ?? { width: 1400, height: 900 };
    const height = 420;
    await s.wb.page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), clip: { x: 0, y: viewport.height - height, width: 820, height } });
  }

  /** The item's text, '' while it is hidden (never waits for it). */
  async function itemText(): Promise<string> {
    if (!(await item.isVisible())) return '';
    return (await item.innerText({ timeout: 2_000 }).catch(() => '')).replace(/\u00a0/g, ' ').trim();
  }

  /** Hovers the item until its tooltip (the login table) shows; returns the tooltip text. */
  async function tooltipText(): Promise<string> {
    let text = '';
    await s.wb.waitUntil(
      'the status bar tooltip shows the login table',
      async () => {
        await s.wb.page.mouse.move(900, 300);
        text = (await s.wb.hoverText(item, 8_000).catch(() => '')).replace(/\u00a0/g, ' ');
        return text.includes(s.emulator.host);
      },
      40_000,
    );
    return text;
  }

  it('is hidden before any login and shows "ECR 11h 59m" after a docker login', async function () {
    const { wb } = s;
    assert.equal(await item.isVisible(), false, 'the item shows before any login');
    await wb.runCommand(`ECR: ${commandTitle('command.login')}`);
    // One registry: no pick, straight to the login terminal.
    await wb
      .waitUntil('the status bar item shows the time left', async () => /^ECR 1[12]h \d{1,2}m$/.test(await itemText()), 60_000)
      .catch(async (err: Error) => {
        throw new Error(
          `${err.message}; item: ${JSON.stringify(await itemText())}, status bar: ${JSON.stringify(await wb.statusBarTexts())}`,
        );
      });
    const classes = (await item.getAttribute('class')) ?? '';
    assert.doesNotMatch(classes, /warning-kind|error-kind/);
    // Screen readers get the host too (the accessibility label is on the item or its anchor).
    const labels = await item
      .locator('xpath=self::*|.//*[@aria-label]')
      .evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('aria-label') ?? ''));
    assert.ok(
      labels.some((l) => new RegExp(`ECR login for ${escapeRegExp(s.emulator.host)} expires in 1[12]h \\d+m`).test(l)),
      JSON.stringify(labels),
    );
    await wb.page.mouse.move(900, 300);
    await cornerShot('ui-status-normal');
  });

  it('lists the login in its tooltip: registry, profile, region, expiry, time left and a Renew link', async function () {
    const text = await tooltipText();
    assert.match(text, /ECR logins/);
    assert.match(text, new RegExp(`${escapeRegExp(s.emulator.host)}\\s+default\\s+us-east-1\\s+.+\\s+1[12]h \\d+m\\s+Renew`));
    assert.match(text, /Click to renew/);
    await cornerShot('ui-status-tooltip');
  });

  it('turns into the warning state after one click renews with a 10-minute token', async function () {
    const { wb, emulator } = s;
    emulator.emulator.setTokenLifetime(10 * 60_000);
    const before = emulator.emulator.calls('GetAuthorizationToken');
    await wb.page.mouse.move(900, 300);
    await item.click();
    await wb
      .waitUntil(
        'the item shows minutes left with the warning background',
        async () => /^ECR (10|9)m$/.test(await itemText()) && /warning-kind/.test((await item.getAttribute('class')) ?? ''),
        60_000,
      )
      .catch(async (err: Error) => {
        throw new Error(`${err.message}; item: ${JSON.stringify(await itemText())} class="${await item.getAttribute('class')}"`);
      });
    // The click fetched a fresh token (bypassing the 12-hour one in the cache) and docker logged in with it.
    assert.ok(emulator.emulator.calls('GetAuthorizationToken') > before, 'no new GetAuthorizationToken call');
    assert.equal(
      Buffer.from(s.dockerAuths()[emulator.host]?.auth ?? '', 'base64').toString(),
      `AWS:${emulator.emulator.passwordFor(PROD_ACCOUNT, 'us-east-1')}`,
    );
    await wb.page.mouse.move(900, 300);
    await cornerShot('ui-status-warning');
    const text = await tooltipText();
    assert.match(text, new RegExp(`${escapeRegExp(emulator.host)}\\s+default\\s+us-east-1\\s+.+\\s+(10|9)m\\s+Renew`));
    await cornerShot('ui-status-warning-tooltip');
  });
});
