// Two VS Code windows agree. Two workbench windows (tabs of one browser context, so they share
// browser storage and with it the extension's globalState) on the same folder, each with its own extension host. A
// real docker login in window A shows in window B's status bar as soon as B comes to the front, with nothing done
// in B; the logout in A hides B's item the same way.
//
// B also re-reads the logins on its own at each redraw (the turn of a wall-clock minute, and each minute of time left
// of the logins it knows). To prove that the focus did it, A acts at the start of a quiet spell of B (no redraw of
// its own for at least 15 s, computed with the extension's own nextRedrawDelay) and B must agree before that spell
// ends.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { LoginRecord } from '../../src/model/types';
import { nextRedrawDelay } from '../../src/status/statusText';
import { commandTitle, escapeRegExp, PROD_ACCOUNT, REGION, startEcrSession, type EcrSession } from './ecrSession';
import { RESULTS_DIR, type Workbench } from './workbench';

const ITEM_ID = 'ecrExplorer.tokenExpiry'; // src/status/expiryStatusBar.ts STATUS_ITEM_ID
const LOGGED_IN = /^ECR 1[12]h \d{1,2}m$/;
/** The shortest quiet spell of B to act in: the login or logout in A plus B's reaction fit easily. */
const QUIET_MS = 15_000;
/** Stop waiting for B this long before its next redraw of its own (a check of the item takes up to 2 s). */
const MARGIN_MS = 3_000;

describe('(ui) two windows agree on the login state', function () {
  let s: EcrSession;
  let a: Workbench;
  let b: Workbench;

  before(async function () {
    s = await startEcrSession();
    a = s.wb;
    await a.openViewContainer('ECR Explorer');
    await a.treeItems().filter({ hasText: PROD_ACCOUNT }).first().waitFor({ timeout: 60_000 });
    b = await a.openWindow();
    // B's extension is active (its tree lists the registry) and has read the login state before A logs in.
    await b.openViewContainer('ECR Explorer');
    await b.treeItems().filter({ hasText: PROD_ACCOUNT }).first().waitFor({ timeout: 60_000 });
    // Only the tab in front has focus, so bringing a window to the front focuses it for real. Two round trips bring
    // each workbench's focus tracking (which started under Playwright's "every tab is focused") in step.
    await a.useRealFocus();
    await b.useRealFocus();
    for (let i = 0; i < 2; i++) {
      for (const wb of [a, b]) {
        await toFront(wb);
        await wb.page.waitForTimeout(500);
      }
    }
  });

  after(async function () {
    await b?.close();
    await s?.close();
  });

  function item(wb: Workbench): Locator {
    return wb.statusBarItem(ITEM_ID);
  }

  /** The item's text, '' while it is hidden (never waits for it). */
  async function itemText(wb: Workbench): Promise<string> {
    const it = item(wb);
    if (!(await it.isVisible())) return '';
    return (await it.innerText({ timeout: 2_000 }).catch(() => '')).replace(/\u00a0/g, ' ').trim();
  }

  /** Brings a window's tab to the front and focuses it, as switching to it would; nothing is clicked in it. */
  async function toFront(wb: Workbench): Promise<void> {
    await wb.page.bringToFront();
    await wb.page.evaluate(() => (globalThis as unknown as { focus(): void }).focus());
  }

  /** The emulator's login as B's store holds it (only expiresAt matters for B's redraws). */
  function emulatorLogin(): LoginRecord {
    const expiresAt = s.emulator.emulator.tokenExpiresAt(PROD_ACCOUNT, REGION);
    assert.ok(expiresAt, 'the emulator issued no token');
    return {
      key: 'emulator',
      registryId: PROD_ACCOUNT,
      host: s.emulator.host,
      region: REGION,
      expiresAt,
      loggedInAt: Date.now(),
      cli: 'docker',
    };
  }

  /**
   * Waits until B has at least QUIET_MS before its next redraw of its own, given the logins B knows; returns the
   * instant of that redraw.
   */
  async function quietSpellOfB(known: LoginRecord[]): Promise<number> {
    for (;;) {
      const now = Date.now();
      const next = now + nextRedrawDelay(known, now);
      if (next - now >= QUIET_MS) return next;
      await a.page.waitForTimeout(next - now + 500);
    }
  }

  /**
   * Brings B to the front and waits until its item passes `check`: before B's next redraw of its own (`spellEnd`)
   * when A was quick enough to leave time for that, else (a slow machine) only that B agrees eventually.
   */
  async function bAgreesOnFocus(what: string, check: (text: string) => boolean, spellEnd: number): Promise<void> {
    const inBackground = await itemText(b);
    await toFront(b);
    const focusedAt = Date.now();
    if (focusedAt < spellEnd - 2 * MARGIN_MS) {
      assert.ok(!check(inBackground), `window B ${what} while in the background, before a focus or a redraw of its own`);
      await b
        .waitUntil(`window B ${what} on coming to the front`, async () => check(await itemText(b)), spellEnd - MARGIN_MS - focusedAt)
        .catch(async (err: Error) => {
          throw new Error(
            `${err.message} (before its next redraw of its own: the focus did not re-read the logins); B: ${JSON.stringify(await itemText(b))}`,
          );
        });
    } else {
      console.log(`      (A took too long to tell B's focus from its own redraw: checking only that window B ${what})`);
      await b.waitUntil(`window B ${what}`, async () => check(await itemText(b)), 90_000);
    }
  }

  it('a docker login in window A shows in window B as soon as B is in front', async function () {
    assert.equal(await itemText(a), '', 'window A shows a login before any');
    assert.equal(await itemText(b), '', 'window B shows a login before any');
    const spellEnd = await quietSpellOfB([]);
    await toFront(a);
    await a.runCommand(`ECR: ${commandTitle('command.login')}`);
    // One registry: no pick, straight to docker login in A's terminal.
    await a.waitUntil('window A shows the login', async () => LOGGED_IN.test(await itemText(a)), 60_000);
    assert.ok(s.dockerAuths()[s.emulator.host], 'docker stored no credentials for the emulator');

    await bAgreesOnFocus('shows the login made in A', (t) => LOGGED_IN.test(t), spellEnd);
    // The same login: B's accessibility label names the registry A logged in to.
    const labels = await item(b)
      .locator('xpath=self::*|.//*[@aria-label]')
      .evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('aria-label') ?? ''));
    assert.ok(
      labels.some((l) => new RegExp(`ECR login for ${escapeRegExp(s.emulator.host)} expires in 1[12]h \\d+m`).test(l)),
      JSON.stringify(labels),
    );

    mkdirSync(RESULTS_DIR, { recursive: true });
    const viewport = b.page.viewportSize() ?? { width: 1400, height: 900 };
    await b.page.mouse.move(900, 300);
    await b.page.screenshot({
      path: join(RESULTS_DIR, 'ui-two-windows.png'),
      clip: { x: 0, y: viewport.height - 160, width: 820, height: 160 },
    });
  });

  it('a logout in window A hides the item in window B as soon as B is in front', async function () {
    assert.match(await itemText(b), LOGGED_IN, 'window B lost the login before the logout');
    const spellEnd = await quietSpellOfB([emulatorLogin()]);
    await toFront(a);
    await a.runCommand(`ECR: ${commandTitle('command.logout')}`);
    // A multi-select pick of the recorded logins: tick the emulator's and accept.
    const row = a.page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: s.emulator.host }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.locator('.quick-input-list-checkbox, input[type="checkbox"], .monaco-checkbox, .monaco-custom-toggle').first().click();
    await a.page.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first().press('Enter');
    await a.waitUntil('window A hides the item after the logout', async () => (await itemText(a)) === '', 60_000);
    assert.equal(s.dockerAuths()[s.emulator.host], undefined, 'docker logout left the credentials');

    await bAgreesOnFocus('hides the item after the logout in A', (t) => t === '', spellEnd);
  });
});
