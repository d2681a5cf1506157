// Big repositories through the real tree provider against the ECR emulator, whose images are listed in an order
// unrelated to their push order: the first page paints at once with rows marked provisional, the remaining pages
// load in the background, and then the first row is the newest image; the cap, Load All, the filter and the tag
// picker's lookup work over every image; a refresh swaps the rows without dropping the listing shown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Node, Repository, Tag } from '../../src/model/types';
import { ALPHA, REGION, children, registryNode, repositoryNode, row, setUpFixture, type Fixture } from './treeFixture';

const tagRows = (rows: Node[]): Tag[] => rows.filter((n): n is Tag => n.kind === 'tag');

/** The image the emulator pushed last among `count` scrambled scale images (the one with the latest push time). */
function newestTag(count: number): string {
  let stride = 7919;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  while (gcd(stride, count) !== 1) stride += 2;
  for (let i = 0; i < count; i++) if ((i * stride + 17) % count === count - 1) return `build-${i}`;
  throw new Error('no newest image');
}

describe('(integration) big repositories', function () {
  this.timeout(120_000);
  let f: Fixture;

  before(async () => {
    f = await setUpFixture();
    f.server.emulator.seedScale({ accountId: ALPHA, region: REGION, repository: 'perf/many-images', images: 2500, pushOrder: 'scrambled' });
    f.server.emulator.seedScale({ accountId: ALPHA, region: REGION, repository: 'perf/huge', images: 100_000, pushOrder: 'scrambled' });
    f.api.tree.refresh(await registryNode(f, ALPHA));
  });

  after(async () => {
    f.api.tree.setFilter('');
    await f?.dispose();
  });

  async function repo(name: string): Promise<Repository> {
    return repositoryNode(f, await registryNode(f, ALPHA), name);
  }

  it('2,500 images: provisional rows after one call, then the newest image first once every page is loaded', async () => {
    const many = await repo('perf/many-images');
    f.server.emulator.resetCalls();
    const first = tagRows(await children(f, many));
    assert.equal(first.length, 1000, 'the first page paints at once');
    assert.ok(
      first.every((t) => t.provisional === true),
      'rows are provisional while later pages load',
    );
    assert.match(String(f.api.tree.getTreeItem(first[0]).description), /order provisional/);
    assert.match(String(row(f, many).description), /^loading [\d,]+ images…$/);
    await f.api.tree.imagesSettled(many);
    const rows = tagRows(await children(f, many));
    assert.equal(rows.length, 2500);
    assert.equal(f.server.emulator.calls('DescribeImages'), 3);
    assert.equal(rows[0].tag, newestTag(2500), 'the top row is the newest image of the whole repository');
    assert.ok(rows.every((t) => !t.provisional));
    assert.doesNotMatch(String(f.api.tree.getTreeItem(rows[0]).description), /provisional/);
    for (let i = 1; i < rows.length; i++) {
      assert.ok((rows[i - 1].image.pushedAt?.getTime() ?? 0) >= (rows[i].image.pushedAt?.getTime() ?? 0), `row ${i} is not older`);
    }
    assert.equal(row(f, many).description, '2,500 images · 2,500 tags');
  });

  it('the filter finds a tag from the last page', async () => {
    const many = await repo('perf/many-images');
    // build-2499 is on the last page ECR returns.
    f.api.tree.setFilter('build-2499');
    const rows = tagRows(await children(f, many));
    assert.deepEqual(
      rows.map((t) => t.tag),
      ['build-2499'],
    );
    f.api.tree.setFilter('');
  });

  it('a refresh reloads behind the rows shown and swaps them once, keeping the same row ids', async () => {
    const many = await repo('perf/many-images');
    const before = tagRows(await children(f, many));
    const ids = new Set(before.map((t) => f.api.tree.getTreeItem(t).id));
    f.api.tree.refresh(many);
    const during = tagRows(await children(f, many));
    assert.equal(during.length, 2500, 'the rows shown stay while the new listing loads');
    assert.equal(during[0], before[0]);
    await f.api.tree.imagesSettled(many);
    const after = tagRows(await children(f, many));
    assert.equal(after.length, 2500);
    assert.notEqual(after[0], before[0], 'swapped for the new listing');
    assert.ok(
      after.every((t) => ids.has(f.api.tree.getTreeItem(t).id)),
      'the same ids, so expansion and selection survive',
    );
  });

  it('100,000 images: stops at the cap (20,000) with "newest of the first …" and Load All; a picker finds any tag with one call', async () => {
    const huge = await repo('perf/huge');
    f.server.emulator.resetCalls();
    await children(f, huge);
    await f.api.tree.imagesSettled(huge);
    assert.equal(f.server.emulator.calls('DescribeImages'), 20, 'never loads past the cap');
    assert.equal(row(f, huge).description, 'newest of the first 20,000 images');
    let rows = await children(f, huge);
    const loadAll = rows[rows.length - 1];
    assert.equal(loadAll.kind, 'loadMore');
    assert.deepEqual(row(f, loadAll).label, 'Load All');

    // Typing a whole tag that is not loaded yet: one DescribeImages call by image id.
    f.server.emulator.resetCalls();
    const found = await f.api.tree.findTag(huge, 'build-99999');
    assert.equal(found?.tag, 'build-99999');
    assert.equal(found?.image.tags[0], 'build-99999');
    assert.equal(f.server.emulator.calls('DescribeImages'), 1);
    assert.equal(await f.api.tree.findTag(huge, 'no-such-tag'), undefined);

    f.server.emulator.resetCalls();
    await vscode.commands.executeCommand('ecrExplorer.loadMore', loadAll);
    await f.api.tree.imagesSettled(huge);
    assert.equal(f.server.emulator.calls('DescribeImages'), 80, 'Load All fetches the remaining 80 pages');
    rows = await children(f, huge);
    assert.equal(tagRows(rows).length, 100_000);
    assert.equal(tagRows(rows)[0].tag, newestTag(100_000));
    assert.equal(row(f, huge).description, '100,000 images · 100,000 tags');
  });
});
