// Log the real docker CLI in to the emulator's /v2 endpoint from the palette (multi-select pick of the
// registries) and from a registry row's inline key action; the login terminal shows a summary and never the
// password; a registry that rejects the token gives a failure summary and an error notification.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { commandTitle, escapeRegExp, PROD_ACCOUNT, startEcrSession, tallPanel, widenSidebar, type EcrSession } from './ecrSession';

describe('(ui) login: docker CLI in the login terminal', function () {
  let s: EcrSession;
  let host: string;

  before(async function () {
    // Two regions → two registries of the same account, so the palette asks which to log in to.
    s = await startEcrSession({ userSettings: { 'ecrExplorer.regions': ['us-east-1', 'eu-west-1'] } });
    host = s.emulator.host;
    await s.wb.openViewContainer('ECR Explorer');
    await widenSidebar(s.wb);
  });

  after(async function () {
    await s?.close();
  });

  let panelResized = false;
  /**
   * Text of the visible (active) terminal with its rows concatenated (xterm wraps long lines into rows and renders
   * only the visible ones, so the panel is made tall first); '' when there is none.
   */
  async function terminalText(): Promise<string> {
    const rows = s.wb.page.locator('.terminal-wrapper.active .xterm-rows');
    if ((await rows.count()) === 0) return '';
    if (!panelResized) {
      panelResized = true;
      await tallPanel(s.wb);
    }
    return (await rows.first().innerText()).replace(/\u00a0/g, ' ').replace(/\n/g, '');
  }

  /** Waits for a login terminal mentioning `region` to print its ✔/✖ summary line; returns the whole text. */
  async function loginTerminalResult(region: string, mark: '✔' | '✖'): Promise<string> {
    let text = '';
    await s.wb
      .waitUntil(
        `the login terminal for ${region} ends with ${mark}`,
        async () => {
          text = await terminalText();
          return text.includes(`region ${region}`) && (text.includes('✔') || text.includes('✖'));
        },
        60_000,
      )
      .catch((err: Error) => {
        throw new Error(`${err.message}; the terminal shows: ${JSON.stringify(text)}`);
      });
    assert.ok(text.includes(mark), `expected ${mark} in the login terminal:\n${text}`);
    return text;
  }

  /** The password must not appear, not even wrapped over two terminal rows (compare without whitespace). */
  function assertNoPassword(text: string, region: string): void {
    const password = s.emulator.emulator.passwordFor(PROD_ACCOUNT, region);
    const flat = text.replace(/\s+/g, '');
    assert.ok(password.length > 40);
    assert.ok(!flat.includes(password.slice(0, 24)), 'the password appears in the login terminal');
    const token = Buffer.from(`AWS:${password}`).toString('base64');
    assert.ok(!flat.includes(token.slice(0, 24)), 'the authorization token appears in the login terminal');
  }

  function registryRow(region: string) {
    return s.wb
      .treeItems()
      .and(s.wb.page.locator('[aria-level="1"]'))
      .filter({ hasText: PROD_ACCOUNT })
      .filter({ hasText: region })
      .first();
  }

  it('logs in from the palette: pick the registry, docker login succeeds, the summary shows, the password does not', async function () {
    const { wb } = s;
    await registryRow('us-east-1').waitFor({ timeout: 60_000 });
    await wb.runCommand(`ECR: ${commandTitle('command.login')}`);
    // A multi-select pick: one row per registry, described by region · profile, with the host and login state.
    const rows = wb.page.locator('.quick-input-widget .monaco-list-row');
    await wb.waitUntil('the login pick lists both registries', async () => (await rows.count()) === 2);
    const usEast = rows.filter({ hasText: 'us-east-1' });
    assert.match(await usEast.innerText(), new RegExp(`${escapeRegExp(host)}[\\s\\S]*Not logged in`));
    await usEast.locator('.quick-input-list-checkbox, input[type="checkbox"], .monaco-checkbox, .monaco-custom-toggle').first().click();
    await wb.page.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first().press('Enter');

    const text = await loginTerminalResult('us-east-1', '✔');
    // What ran (no secret in argv) and the one-line summary with the token's expiry.
    assert.match(text, new RegExp(`\\$ docker login --username AWS --password-stdin ${escapeRegExp(host)}`));
    assert.match(text, new RegExp(`✔ Logged in to ${escapeRegExp(host)} with docker\\. The token expires at .+ \\(in 1[12]h \\d+m\\)`));
    assertNoPassword(text, 'us-east-1');
    // docker itself stored the credentials (in the temp DOCKER_CONFIG given to the extension host).
    const auths = s.dockerAuths();
    assert.equal(
      Buffer.from(auths[host]?.auth ?? '', 'base64').toString(),
      `AWS:${s.emulator.emulator.passwordFor(PROD_ACCOUNT, 'us-east-1')}`,
    );
    await wb.page.mouse.move(900, 300);
    await wb.screenshot('ui-login-success');
  });

  it('logs in from the inline key action of a registry row', async function () {
    rmSync(join(s.dockerConfig, 'config.json'), { force: true });
    const row = registryRow('eu-west-1');
    await row.hover();
    const key = row.locator(`.actions .action-label[aria-label^="${commandTitle('command.login')}"]`);
    await key.waitFor({ state: 'visible' });
    await key.click();
    const text = await loginTerminalResult('eu-west-1', '✔');
    assert.match(text, new RegExp(`✔ Logged in to ${escapeRegExp(host)} with docker\\.`));
    assertNoPassword(text, 'eu-west-1');
    assert.equal(
      Buffer.from(s.dockerAuths()[host]?.auth ?? '', 'base64').toString(),
      `AWS:${s.emulator.emulator.passwordFor(PROD_ACCOUNT, 'eu-west-1')}`,
    );
  });

  it('shows a failure summary and an error when the registry rejects the token as expired', async function () {
    const { wb } = s;
    // What ECR's /v2 answers for an expired token (e.g. a token fetched hours ago, or a skewed clock).
    s.emulator.emulator.fault({ operation: 'v2.ping', kind: 'expiredToken', times: 50 });
    try {
      const row = registryRow('us-east-1');
      await row.hover();
      await row.locator(`.actions .action-label[aria-label^="${commandTitle('command.login')}"]`).click();
      let text = '';
      await wb.waitUntil(
        'a new login terminal for us-east-1 ends with ✖',
        async () => {
          text = await terminalText();
          return text.includes('region us-east-1') && text.includes('✖');
        },
        60_000,
      );
      // The error notification (with Show Log / Diagnose) is listed in the notification center; toasts do not
      // reliably pop up in the headless web workbench, so open the center (it also makes the picture).
      await wb.runCommand('Notifications: Show Notifications');
      const messages = wb.page.locator('.notifications-center .notification-list-item-message');
      let toasts: string[] = [];
      await wb
        .waitUntil('the notification center lists the failed login', async () =>
          (toasts = await messages.allInnerTexts()).some((t) => t.includes(`Login to ${host} failed`)),
        )
        .catch((err: Error) => {
          throw new Error(`${err.message}; notifications: ${JSON.stringify(toasts)}`);
        });
      assert.match(await wb.page.locator('.notifications-center').innerText(), /Show Log[\s\S]*Diagnose|Diagnose[\s\S]*Show Log/);
      // A clean picture: the palette closed, the finished "Getting credentials…" progress gone from the center.
      await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await wb.waitUntil(
        'no progress notification is running',
        async () => (await wb.page.locator('.notifications-center .monaco-progress-container.active').count()) === 0,
        10_000,
      );
      await wb.page.mouse.move(900, 300);
      await wb.screenshot('ui-login-failure');
      assert.match(text, new RegExp(`✖ Login to ${escapeRegExp(host)} failed: `));
      assert.doesNotMatch(text, /✔/);
      assertNoPassword(text, 'us-east-1');
      // The explanation must name what happened (the registry refused the token), not docker's harmless
      // HTTPS→HTTP fallback for a loopback registry that precedes every failure in the transcript.
      const summary = text.slice(text.indexOf('✖'));
      assert.match(summary, /403|Forbidden|refused|denied|expired/i);
      assert.doesNotMatch(summary, /plain HTTP|insecure registry/i);
      const toast = toasts.find((t) => t.includes(`Login to ${host} failed`)) ?? '';
      assert.match(toast, /403|Forbidden|refused|denied|expired/i);
    } finally {
      s.emulator.emulator.clearFaults();
    }
  });
});
