// The repository-images state: tag rows across pages, the untagged group minus the platform manifests learnt from
// image indexes, platform sizes by digest, and the one page-draining helper.
import { strict as assert } from 'node:assert';
import type { EcrRegistry, Image, Repository, Tag } from '../../../src/model/types';
import { drainPages, PagedList } from '../../../src/tree/pagedList';
import { MAX_INDEXES_READ, RepositoryImages } from '../../../src/tree/repositoryImages';

const registry: EcrRegistry = {
  kind: 'registry',
  type: 'ecr',
  id: 'ecr:default:us-east-1:123456789012',
  registryId: '123456789012',
  source: { region: 'us-east-1' },
  host: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
  uri: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com',
  own: true,
};
const repo: Repository = { kind: 'repository', parent: registry, name: 'team/app', uri: `${registry.host}/team/app` };
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
  return new RepositoryImages({ source: () => pages(...list), onSettled: () => undefined, rowsOf, sortBy: () => sortBy.value });
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
