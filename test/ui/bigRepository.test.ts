// A big repository in the real workbench: the first page paints at once with rows marked provisional while the
// other pages load (the repository row says how far), then the rows are sorted once and the newest image is on
// top, with the counts on the repository row. Screenshots of both states.
import * as assert from 'node:assert/strict';
import { expandRow, PROD_ACCOUNT, startEcrSession, treeRow, widenSidebar, type EcrSession } from './ecrSession';

describe('(ui) big repository: loading, then newest first', function () {
  let s: EcrSession;

  before(async function () {
    s = await startEcrSession();
    await s.wb.openViewContainer('ECR Explorer');
    await widenSidebar(s.wb);
  });

  after(async function () {
    await s?.close();
  });

  it('shows provisional rows and progress while loading, then the newest image first and the counts', async function () {
    const { wb } = s;
    // perf/many-images: 2,500 images listed oldest first. Pages after the first come slowly, so the loading state
    // stays on screen long enough to see.
    s.emulator.emulator.fault({ operation: 'DescribeImages', kind: 'latency', ms: 2500, after: 1, times: 2 });
    await expandRow(wb, treeRow(wb, PROD_ACCOUNT, 1));
    const repo = treeRow(wb, 'perf/many-images', 2);
    await expandRow(wb, repo);
    const description = repo.locator('.label-description');
    await wb.waitUntil('the repository row shows the loading progress', async () =>
      /^loading [\d,]+ images…/.test(await description.innerText()),
    );
    const firstTag = wb.treeItems().and(wb.page.locator('[aria-level="3"]')).first();
    await firstTag.waitFor();
    assert.match(await firstTag.locator('.label-description').innerText(), /order provisional/);
    await wb.page.mouse.move(900, 450);
    await wb.screenshot('ui-big-repository-loading');

    await wb.waitUntil(
      'the repository row shows the counts',
      async () => /^2,500 images · 2,500 tags/.test(await description.innerText()),
      60_000,
    );
    await wb.waitUntil(
      'the newest image is on top',
      async () => (await firstTag.locator('.label-name').innerText()).trim() === 'build-2499',
    );
    assert.doesNotMatch(await firstTag.locator('.label-description').innerText(), /provisional/);
    assert.equal(await repo.getAttribute('aria-expanded'), 'true', 'the repository stays expanded through the update');
    await wb.page.mouse.move(900, 450);
    await wb.screenshot('ui-big-repository-loaded');
  });
});
