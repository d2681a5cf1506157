// The repository-images state: tag rows across pages, the untagged group minus the platform manifests learnt from
// image indexes, platform sizes by digest, and the one page-draining helper.
import { strict as assert } from 'node:assert';
import type { Image, Tag } from '../../../src/model/types';
import { repository } from '../helpers/nodes';
import { drainPages, PagedList } from '../../../src/tree/pagedList';
import { MAX_INDEXES_READ, RepositoryImages } from '../../../src/tree/repositoryImages';
import { imagesToTags, sortImages } from '../../../src/aws/mapping';

const repo = repository('team/app');
const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;
const image = (n: number, tags: string[], over: Partial<Image> = {}): Image => ({
  kind: 'image',
  parent: repo,
  digest: digest(n),
  tags,
  mediaType: MANIFEST,
  ...over,
});

/** One row per tag (untagged images: one row without a tag), ordered by tag as the generic registries are. */
function rowsOf(images: Image[]): Tag[] {
  return images.flatMap((i): Tag[] =>
    i.tags.length ? i.tags.map((tag) => ({ kind: 'tag', parent: repo, image: i, tag })) : [{ kind: 'tag', parent: repo, image: i }],
  );
}

async function* pages<T>(...list: T[][]): AsyncIterable<T[]> {
  for (const page of list) yield page;
}

function state(list: Image[][], sortBy = { value: 'pushedAt' }): RepositoryImages {
  return new RepositoryImages({
    source: () => pages(...list),
    onSettled: () => undefined,
    rowsOf,
    sortBy: () => sortBy.value,
    cap: 1_000_000,
  });
}

async function loadAll(images: RepositoryImages): Promise<void> {
  while (images.list.hasMore) await images.list.loadNext();
}

describe('(unit) tree/repositoryImages', () => {
  it('keeps tag rows and untagged rows of every page loaded so far', async () => {
    const images = state([[image(1, ['1.0', 'latest']), image(2, [])], [image(3, ['2.0'])]]);
    await images.list.loadNext();
    assert.deepEqual(
      images.tagRows().tagged.map((t) => t.tag),
      ['1.0', 'latest'],
    );
    await loadAll(images);
    const { tagged, untagged } = images.tagRows();
    assert.deepEqual(
      tagged.map((t) => t.tag),
      ['1.0', 'latest', '2.0'],
    );
    assert.deepEqual(
      untagged.map((t) => t.image.digest),
      [digest(2)],
    );
  });

  it('recomputes the rows when the sort order changes, and keeps them otherwise', async () => {
    const sortBy = { value: 'pushedAt' };
    const images = state([[image(1, ['a'])]], sortBy);
    await loadAll(images);
    const first = images.tagRows();
    assert.equal(images.tagRows(), first);
    sortBy.value = 'tag';
    assert.notEqual(images.tagRows(), first);
    const second = images.tagRows();
    images.invalidateRows();
    assert.notEqual(images.tagRows(), second);
  });

  it('shows an untagged group with one instance while its count stays, and none without untagged images', async () => {
    const images = state([[image(1, ['1.0']), image(2, []), image(3, [])]]);
    await loadAll(images);
    const group = images.untaggedGroup(repo);
    assert.equal(group?.count, 2);
    assert.equal(images.untaggedGroup(repo), group);
    const onlyTagged = state([[image(1, ['1.0'])]]);
    await loadAll(onlyTagged);
    assert.equal(onlyTagged.untaggedGroup(repo), undefined);
  });

  it('takes platform manifests learnt from an index out of the untagged group, and fills platform sizes', async () => {
    const index = image(10, ['multi'], { mediaType: INDEX });
    const images = state([[index, image(11, [], { sizeBytes: 1234 }), image(12, [], { sizeBytes: 99 }), image(13, [])]]);
    await loadAll(images);
    assert.equal(images.untaggedGroup(repo)?.count, 3);
    assert.equal(images.learnChildren([digest(11), digest(12)]), true);
    assert.equal(images.learnChildren([digest(11)]), false, 'already known: nothing new hidden');
    assert.deepEqual(
      images.visibleUntagged().map((t) => t.image.digest),
      [digest(13)],
    );
    assert.equal(images.untaggedGroup(repo)?.count, 1);
    assert.deepEqual(
      images.rowsOfPage(images.list.items).map((t) => t.tag ?? t.image.digest),
      ['multi', digest(13)],
    );
    const platform = {
      kind: 'platform' as const,
      parent: images.tagRows().tagged[0],
      os: 'linux',
      architecture: 'amd64',
      digest: digest(11),
    };
    images.fillPlatformSizes([platform]);
    assert.equal((platform as { sizeBytes?: number }).sizeBytes, 1234);
  });

  it('keeps an opened group as "Untagged (0)" when its rows all turn out to be platform manifests', async () => {
    const images = state([[image(10, ['multi'], { mediaType: INDEX }), image(11, [])]]);
    await loadAll(images);
    images.openGroup();
    images.learnChildren([digest(11)]);
    assert.equal(images.untaggedGroup(repo)?.count, 0);
  });

  it('reads each loaded index once, at most MAX_INDEXES_READ, only when an untagged single-arch image could be a child', async () => {
    const indexes = Array.from({ length: MAX_INDEXES_READ + 5 }, (_, i) => image(1000 + i, [`v${i}`], { mediaType: INDEX }));
    const images = state([[...indexes, image(1, [])]]);
    await loadAll(images);
    const read: string[] = [];
    await images.resolveChildren(async (tag) => {
      read.push(tag.image.digest);
    });
    assert.equal(read.length, MAX_INDEXES_READ);
    assert.equal(new Set(read).size, MAX_INDEXES_READ);
    await images.resolveChildren(async () => {
      read.push('again');
    });
    assert.equal(read.length, MAX_INDEXES_READ, 'the same loaded images are not read twice');

    const noUntagged = state([[image(2, ['x'], { mediaType: INDEX })]]);
    await loadAll(noUntagged);
    let calls = 0;
    await noUntagged.resolveChildren(async () => {
      calls++;
    });
    assert.equal(calls, 0);
  });

  it('drains a paged list: what is loaded, then each next page, then the failure that ended it', async () => {
    const list = new PagedList<number>(async function* () {
      yield [1, 2];
      yield [3];
      throw new Error('page 3 failed');
    });
    await list.loadNext();
    let loaded = 0;
    const seen: number[][] = [];
    await assert.rejects(async () => {
      for await (const page of drainPages(list, () => loaded++)) seen.push(page);
    }, /page 3 failed/);
    assert.deepEqual(seen, [[1, 2], [3]]);
    assert.ok(loaded >= 1);
  });
});

// Big repositories: pages load in the background, rows are sorted once across every page, a cap bounds the load.
describe('(unit) tree/repositoryImages: order across pages', () => {
  const HOUR = 3_600_000;
  const T0 = Date.UTC(2026, 0, 1);
  /** Pages in a listing order unrelated to push order: image n is pushed at rank[n] hours after T0. */
  const rank = [7, 2, 9, 0, 5, 11, 3, 8, 1, 10, 4, 6];
  const pushed = (n: number): Image => image(n, [`v1.${n}.0`], { pushedAt: new Date(T0 + rank[n] * HOUR) });
  const listed = (): Image[][] =>
    [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ].map((page) => page.map(pushed));

  /** A source that counts the pages it was asked for (each page = one API call). */
  function counted(list: Image[][]): { source: () => AsyncIterable<Image[]>; calls: () => number } {
    let calls = 0;
    return {
      calls: () => calls,
      source: () =>
        (async function* () {
          for (const page of list) {
            calls++;
            await new Promise((resolve) => setImmediate(resolve));
            yield page;
          }
        })(),
    };
  }

  function big(list: Image[][], opts: { sortBy?: 'pushedAt' | 'tag'; cap?: number } = {}) {
    const counter = counted(list);
    let settled = 0;
    const images = new RepositoryImages({
      source: counter.source,
      onSettled: () => settled++,
      rowsOf: (all) => imagesToTags(sortImages(all, opts.sortBy ?? 'pushedAt'), opts.sortBy ?? 'pushedAt'),
      sortBy: () => opts.sortBy ?? 'pushedAt',
      cap: opts.cap ?? 1_000_000,
    });
    return { images, calls: counter.calls, settled: () => settled };
  }

  it('shows the first page after one call, marked provisional, then the newest image first across all pages', async () => {
    const { images, calls } = big(listed());
    await images.start();
    const first = images.tagRows();
    assert.equal(first.provisional, true);
    assert.ok(first.tagged.every((t) => t.provisional === true));
    assert.ok(images.status().loading);
    await images.settled();
    const done = images.tagRows();
    assert.equal(done.provisional, false);
    assert.equal(calls(), 3);
    assert.equal(done.tagged[0].tag, 'v1.5.0', 'image 5 has the latest push time (rank 11)');
    assert.deepEqual(
      done.tagged.map((t) => rank[Number(t.tag?.split('.')[1])]),
      [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    );
    assert.ok(done.tagged.every((t) => t.provisional === undefined));
    assert.deepEqual(images.status(), {
      loaded: 12,
      loading: false,
      complete: true,
      capped: false,
      cap: 1_000_000,
      failed: false,
      tags: 12,
      untagged: 0,
    });
  });

  it('breaks push-time ties by digest, and orders tags naturally across pages with sortBy tag', async () => {
    const same = new Date(T0);
    const tie = big([[image(9, ['b'], { pushedAt: same })], [image(3, ['a'], { pushedAt: same })]]);
    await tie.images.start();
    await tie.images.settled();
    assert.deepEqual(
      tie.images.tagRows().tagged.map((t) => t.image.digest),
      [digest(3), digest(9)],
    );
    const natural = big(
      [
        [image(1, ['v10']), image(2, ['v2'])],
        [image(3, ['v1']), image(4, ['v9'])],
      ],
      { sortBy: 'tag' },
    );
    await natural.images.start();
    await natural.images.settled();
    assert.deepEqual(
      natural.images.tagRows().tagged.map((t) => t.tag),
      ['v1', 'v2', 'v9', 'v10'],
    );
  });

  it('stops at the cap without asking for the page beyond it, and Load All goes on', async () => {
    const { images, calls } = big(listed(), { cap: 4 });
    await images.start();
    await images.settled();
    assert.equal(calls(), 1, 'no request past the cap');
    const capped = images.status();
    assert.equal(capped.capped, true);
    assert.equal(capped.complete, false);
    assert.equal(capped.loaded, 4);
    assert.equal(images.tagRows().provisional, false, 'the loaded part is sorted (shown as the newest of the first N)');
    await images.loadAll();
    assert.equal(calls(), 3);
    assert.equal(images.status().complete, true);
    assert.equal(images.tagRows().tagged[0].tag, 'v1.5.0');
  });

  it('cancels in the middle: no further page is requested and the loaded rows stay', async () => {
    let calls = 0;
    const images = new RepositoryImages({
      source: () =>
        (async function* () {
          for (let p = 0; p < 10; p++) {
            calls++;
            await new Promise((resolve) => setTimeout(resolve, 20));
            yield [pushed(p)];
          }
        })(),
      onSettled: () => undefined,
      rowsOf: (all) => imagesToTags(sortImages(all, 'pushedAt'), 'pushedAt'),
      sortBy: () => 'pushedAt',
      cap: 1_000_000,
    });
    await images.start();
    images.cancel();
    await images.settled();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(calls <= 2, `at most the page in flight when cancelled (${calls} of 10)`);
    assert.ok(images.list.items.length >= 1 && images.list.items.length <= 2, 'the rows loaded before stay, nothing after');
    assert.equal(images.status().loading, false);
  });

  it('feeds a picker every page as it arrives, and finds tags beyond the first page by filter', async () => {
    const { images } = big(listed());
    const seen: number[] = [];
    for await (const page of images.pages()) seen.push(page.length);
    assert.equal(
      seen.reduce((a, b) => a + b, 0),
      12,
    );
    assert.deepEqual(
      images.matchingRows('v1.11').map((t) => t.tag),
      ['v1.11.0'],
    );
    assert.equal(images.loadedTag('v1.10.0')?.digest, digest(10));
  });
});
