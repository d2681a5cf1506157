// The UI once more with Japanese as the display language (a minimal language pack, test/host/languagePack.ts): the packaged
// extension shows its view, palette titles, tooltips, a data-layer problem, the login terminal and the status bar
// item in Japanese. Screenshots: test-results/*.ja.png (README.ja.md shows them).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeRegExp, expandRow, PROD_ACCOUNT, startEcrSession, treeRow, widenSidebar, type EcrSession } from './ecrSession';
import { ROOT } from './workbench';

const nlsJa = JSON.parse(readFileSync(join(ROOT, 'package.nls.ja.json'), 'utf8')) as Record<string, string>;
const bundleJa = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;

/** The palette title of a command in Japanese (`ECR: <title>`); the category stays "ECR". */
function jaTitle(key: string): string {
  const title = nlsJa[key];
  if (!title) throw new Error(`package.nls.ja.json has no ${key}`);
  return title;
}

describe('(ui) Japanese display language', function () {
  let s: EcrSession;

  before(async function () {
    // Without a Japanese font Chromium draws boxes: the screenshots would show nothing readable.
    const fonts = (() => {
      try {
        return execFileSync('fc-list', [':lang=ja'], { encoding: 'utf8' });
      } catch {
        return '';
      }
    })();
    assert.ok(fonts.trim() !== '', 'No Japanese font for Chromium: `apt-get install -y fonts-ipafont-gothic` (.ci/run installs it).');
    s = await startEcrSession({ language: 'ja' });
    await s.wb.openViewContainer('ECR Explorer');
    await widenSidebar(s.wb);
  });

  after(async function () {
    await s?.close();
  });

  function registryRow() {
    return s.wb.treeItems().and(s.wb.page.locator('[aria-level="1"]')).filter({ hasText: PROD_ACCOUNT }).first();
  }

  it('shows the view in Japanese: view name, rows with Japanese sizes and times, a Japanese tooltip', async function () {
    const { wb } = s;
    const sidebar = wb.page.locator('#workbench\\.parts\\.sidebar');
    await wb.waitUntil('the sidebar title names the view in Japanese', async () =>
      (
        await sidebar
          .locator('.composite.title')
          .first()
          .innerText()
          .catch(() => '')
      ).includes(nlsJa['views.registries.name']),
    );
    const registry = registryRow();
    await expandRow(wb, registry);
    const repo = treeRow(wb, 'team/api', 2);
    await expandRow(wb, repo);
    // Image rows: relative push time and size from Intl in Japanese ("…日前", "… MB").
    const tagRows = wb.treeItems().and(wb.page.locator('[aria-level="3"]'));
    await tagRows.first().waitFor({ timeout: 60_000 });
    await wb.waitUntil('an image row describes its push time in Japanese', async () =>
      (await tagRows.allInnerTexts()).some((t) => /(前|後|今)/.test(t)),
    );
    await wb.page.mouse.move(900, 300);
    await wb.screenshot('ui-ecr-view.ja');

    // A tag row's tooltip is resolved lazily (resolveTreeItem): hover until the resolved one shows.
    const tag = tagRows.first();
    let tooltip = '';
    await wb.waitUntil(
      'the tag tooltip shows Japanese field names',
      async () => {
        await wb.page.mouse.move(900, 300);
        tooltip = (await wb.hoverText(tag.locator('.label-name'), 8_000).catch(() => '')).replace(/\u00a0/g, ' ');
        return tooltip.includes(`${bundleJa.Digest}:`);
      },
      40_000,
    );
    for (const label of ['Image', 'Digest', 'Size', 'Pushed'])
      assert.ok(tooltip.includes(`${bundleJa[label]}:`), `tooltip lacks ${bundleJa[label]}:\n${tooltip}`);
    assert.doesNotMatch(tooltip, /\b(Digest|Size|Pushed):/);
    await wb.screenshot('ui-tooltip.ja');
    await wb.page.keyboard.press('Escape');
  });

  it('lists the commands with their Japanese titles under the ECR category, and runs one of them', async function () {
    const { wb } = s;
    await wb.page
      .locator('.monaco-workbench')
      .click({ position: { x: 5, y: 5 }, force: true })
      .catch(() => undefined);
    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget input');
    await input.fill('>ECR: ');
    const rows = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const titles = Object.entries(nlsJa)
      .filter(([k]) => k.startsWith('command.'))
      .map(([, v]) => `ECR: ${v}`);
    let listed: string[] = [];
    await wb.waitUntil(
      'the palette lists ECR commands with Japanese titles',
      async () => (listed = (await rows.allInnerTexts()).filter((t) => titles.some((title) => t.includes(title)))).length >= 3,
      30_000,
    );
    assert.ok(
      listed.every((t) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(t)),
      listed.join('\n'),
    );
    await wb.screenshot('ui-palette.ja');
    await input.press('Escape');

    await wb.runCommand(`ECR: ${jaTitle('command.showLog')}`);
    const channel = wb.page.locator('#workbench\\.parts\\.panel select.monaco-select-box').first();
    await wb.waitUntil(
      'the output panel shows the ECR Explorer channel',
      async () =>
        (await channel
          .evaluate((el) => (el as unknown as { selectedOptions: ArrayLike<{ text: string }> }).selectedOptions[0]?.text ?? '')
          .catch(() => '')) === 'ECR Explorer',
    );
  });

  it('logs in: the terminal summary, the expiry and the status bar item are Japanese', async function () {
    const { wb } = s;
    const row = registryRow();
    await row.waitFor({ timeout: 60_000 });
    await wb.page.keyboard.press('Escape');
    await wb.page.mouse.move(900, 300);
    await row.hover();
    const key = row.locator(`.actions .action-label[aria-label^="${jaTitle('command.login')}"]`);
    await key.waitFor({ state: 'visible' });
    await key.click();
    const rows = wb.page.locator('.terminal-wrapper.active .xterm-rows');
    let text = '';
    await wb.waitUntil(
      `the login terminal prints its summary (it shows: ${JSON.stringify(text)})`,
      async () => {
        text = (
          await rows
            .first()
            .innerText()
            .catch(() => '')
        ).replace(/\u00a0/g, ' ');
        return text.includes('✔') || text.includes('✖');
      },
      60_000,
    );
    const host = s.emulator.host;
    // "✔ docker で <host> にログインしました。トークンの有効期限は <date> (残り 11時間59分) です。" (wrapped over rows)
    const flat = text.replace(/\s+/g, '');
    assert.ok(flat.includes(`✔docker で${host}にログインしました。`.replace(/\s+/g, '')), text);
    assert.match(flat, /残り1[12]時間\d+分/);
    const item = wb.statusBarItem('ecrExplorer.tokenExpiry');
    await wb.waitUntil(
      'the status bar item counts down in Japanese',
      async () => /ECR 1[12]時間(\d+分)?/.test(await item.innerText().catch(() => '')),
      30_000,
    );
    await wb.page.mouse.move(900, 300);
    await wb.screenshot('ui-login.ja');
  });
  it('shows a data-layer problem in Japanese, with its English arguments translated too', async function () {
    const { wb } = s;
    s.emulator.emulator.fault({ operation: 'DescribeRepositories', kind: 'accessDenied' });
    try {
      await wb.runCommand(`ECR: ${jaTitle('command.refresh')}`);
      const registry = registryRow();
      await expandRow(wb, registry);
      // "Access denied for ecr:DescribeRepositories (the default credential chain)." in Japanese, nested part included.
      const expected = bundleJa['Access denied for {0} ({1}).']
        .replace('{0}', 'ecr:DescribeRepositories')
        .replace('{1}', bundleJa['the default credential chain']);
      const problem = wb.treeItems().filter({ hasText: expected }).first();
      await problem.waitFor({ timeout: 60_000 });
      assert.match(
        await problem.innerText(),
        new RegExp(
          escapeRegExp(bundleJa['Ask an administrator to allow `{0}` for this identity.'].replace('{0}', 'ecr:DescribeRepositories')),
        ),
      );
      await wb.page.mouse.move(900, 300);
      await wb.screenshot('ui-problem.ja');
    } finally {
      s.emulator.emulator.clearFaults();
    }
    await wb.runCommand(`ECR: ${jaTitle('command.refresh')}`);
  });
});
