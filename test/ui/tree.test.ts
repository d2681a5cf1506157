// Browse registry → repository → image in the real workbench, read a tag's tooltip, and copy image URIs
// from the inline action and from the palette into the real (browser) clipboard.
import * as assert from 'node:assert/strict';
import {
  commandTitle,
  escapeRegExp,
  expandRow,
  pickQuickItem,
  PROD_ACCOUNT,
  startEcrSession,
  treeRow,
  widenSidebar,
  type EcrSession,
} from './ecrSession';

describe('(ui) registries tree: browse, tooltips, copy', function () {
  let s: EcrSession;

  before(async function () {
    s = await startEcrSession();
    await s.wb.openViewContainer('ECR Explorer');
    await widenSidebar(s.wb);
  });

  after(async function () {
    await s?.close();
  });

  /** Puts a sentinel into the clipboard so a copy that did nothing cannot pass. */
  async function clearClipboard(): Promise<void> {
    await s.wb.page.evaluate(() =>
      (globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }).navigator.clipboard.writeText(
        '-- nothing copied --',
      ),
    );
  }

  async function clipboardText(): Promise<string> {
    return s.wb.page.evaluate(() =>
      (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
    );
  }

  async function waitForClipboard(expected: string): Promise<string> {
    let last = '';
    await s.wb
      .waitUntil(`the clipboard holds ${expected} (it holds "${last}")`, async () => (last = await clipboardText()) === expected)
      .catch(() => undefined);
    return last;
  }

  it('expands registry → repository → multi-arch image down to its platforms', async function () {
    const { wb } = s;
    await expandRow(wb, treeRow(wb, PROD_ACCOUNT, 1));
    const repo = treeRow(wb, 'team/web', 2);
    await expandRow(wb, repo);
    const latest = treeRow(wb, 'latest', 3);
    await latest.waitFor();
    // The tag rows of team/web, newest push first, each described by its age and size.
    const tagRows = wb.treeItems().and(wb.page.locator('[aria-level="3"]'));
    await treeRow(wb, '2.3.0', 3).waitFor();
    const labels = (await tagRows.locator('.label-name').allInnerTexts()).map((t) => t.trim());
    // Tag rows newest push first (latest and 2.4.0 name the same image). ECR also lists each multi-arch image's
    // platform manifests as untagged images: never sha256: rows beside the tags, one "Untagged (N)" row at the end.
    assert.deepEqual([...labels.slice(0, 2)].sort(), ['2.4.0', 'latest']);
    assert.deepEqual(labels.slice(2, 4), ['2.3.1', '2.3.0']);
    assert.equal(labels.length, 5, labels.join(', '));
    assert.match(labels[4], /^Untagged \(\d+\)$/);
    assert.match(await latest.locator('.label-description').innerText(), /ago|hour/);

    // A multi-arch image expands (Registry API v2 with the ECR token) to its platform manifests.
    await expandRow(wb, latest);
    const amd64 = treeRow(wb, 'linux/amd64', 4);
    const arm64 = treeRow(wb, 'linux/arm64/v8', 4);
    await amd64.waitFor({ timeout: 30_000 });
    await arm64.waitFor();
    // The platform's image size (from DescribeImages), not the manifest document's few hundred bytes.
    assert.match(await amd64.locator('.label-description').innerText(), /^sha256:[0-9a-f]{12} · [\d.]+ MB$/);
    // Reading latest's index took its two platform manifests out of the untagged group.
    await treeRow(wb, 'Untagged (2)', 3).waitFor();
    await wb.page.mouse.move(900, 450); // no hover over the tree in the picture
    await wb.screenshot('ui-tree-expanded');
    // Opening the group reads 2.3.1's index too: the demo has no untagged image of its own.
    await expandRow(wb, treeRow(wb, 'Untagged (2)', 3));
    await treeRow(wb, 'Untagged (0)', 3).waitFor();
    await treeRow(wb, 'No untagged images (platform manifests are listed under their multi-platform image)', 4).waitFor();
    assert.equal(
      await wb
        .treeItems()
        .and(wb.page.locator('[aria-level="4"]'))
        .filter({ hasText: /^sha256:/ })
        .count(),
      0,
    );
  });

  it('shows a tag tooltip with the image URI, digest, other tags and platforms', async function () {
    const { wb } = s;
    const row = treeRow(wb, '2.4.0', 3);
    let text = '';
    await wb.waitUntil(
      'the tag tooltip lists the platforms',
      async () => {
        await wb.page.mouse.move(900, 450);
        // Markdown rendering puts no-break spaces after commas and inside values.
        text = (await wb.hoverText(row.locator('.label-name'), 8_000).catch(() => '')).replace(/\u00a0/g, ' ');
        return /Platforms/.test(text);
      },
      40_000,
    );
    // With an endpoint override the registry host is the endpoint's (the emulator's /v2), as docker pull needs.
    assert.match(text, new RegExp(`Image:\\s*${escapeRegExp(s.emulator.host)}/team/web:2\\.4\\.0`));
    assert.match(text, /Digest:\s*sha256:[0-9a-f]{64}/);
    assert.match(text, /Other tags:\s*latest/);
    assert.match(text, /Platforms: linux\/amd64, linux\/arm64\/v8/);
    assert.match(text, /Scan: COMPLETE — High 1, Medium 2/);
    await wb.screenshot('ui-tag-tooltip');
  });

  it('copies the image URI with the inline action of a tag row', async function () {
    const { wb } = s;
    await wb.page.mouse.move(900, 450);
    await clearClipboard();
    const row = treeRow(wb, '2.3.0', 3);
    await row.hover();
    const action = row.locator(`.actions .action-label[aria-label^="${commandTitle('command.copyImageUri')}"]`);
    await action.waitFor({ state: 'visible' });
    await action.click();
    assert.equal(await waitForClipboard(`${s.emulator.host}/team/web:2.3.0`), `${s.emulator.host}/team/web:2.3.0`);
  });

  it('copies an image URI from the palette through registry → repository → tag quick picks', async function () {
    const { wb } = s;
    await clearClipboard();
    await wb.runCommand(`ECR: ${commandTitle('command.copyImageUri')}`);
    await pickQuickItem(wb, PROD_ACCOUNT);
    await pickQuickItem(wb, 'team/worker');
    await pickQuickItem(wb, 'v1.0.7');
    assert.equal(await waitForClipboard(`${s.emulator.host}/team/worker:v1.0.7`), `${s.emulator.host}/team/worker:v1.0.7`);
  });
});
