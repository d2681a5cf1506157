// The tree's pure parts: display formatting, node ids and contextValues, and the paged listing.
import { strict as assert } from 'node:assert';
import type { Image, Problem, Tag } from '../../../src/model/types';
import { registry, repository } from '../helpers/nodes';
import { formatSize, isMultiArch, relativeTime, shortDigest } from '../../../src/tree/format';
import { contextValue, nodeId } from '../../../src/tree/nodeIds';
import { PagedList } from '../../../src/tree/pagedList';
import { message } from '../../../src/model/message';

const repo = repository('team/app');
const image = (over: Partial<Image> = {}): Image => ({
  kind: 'image',
  parent: repo,
  digest: `sha256:${'ab'.repeat(32)}`,
  tags: ['1.0'],
  ...over,
});

describe('(unit) tree formatting', () => {
  const now = Date.UTC(2025, 0, 31, 12);
  it('writes relative times in the display language', () => {
    assert.equal(relativeTime(new Date(now - 3 * 86_400_000), now, 'en'), '3 days ago');
    assert.equal(relativeTime(new Date(now - 86_400_000), now, 'en'), 'yesterday');
    assert.equal(relativeTime(new Date(now - 30_000), now, 'en'), '30 seconds ago');
    assert.equal(relativeTime(new Date(now - 3 * 86_400_000), now, 'ja'), '3 日前');
    assert.equal(relativeTime(new Date(now), now, 'en'), 'now');
    // An unknown language tag falls back to the default locale instead of throwing.
    assert.equal(typeof relativeTime(new Date(now), now, 'not a locale!'), 'string');
  });

  it('writes sizes in decimal units like docker', () => {
    assert.equal(formatSize(900, 'en'), '900 byte');
    assert.equal(formatSize(1_500_000, 'en'), '1.5 MB');
    assert.equal(formatSize(50_000_000, 'en'), '50 MB');
    assert.equal(formatSize(2_340_000_000, 'de').replace(/\u00a0/g, ' '), '2,3 GB');
  });

  it('shortens digests to algorithm + 12 hex digits', () => {
    assert.equal(shortDigest(`sha256:${'0123456789abcdef'.repeat(4)}`), 'sha256:0123456789ab');
  });

  it('recognises OCI indexes and Docker manifest lists as multi-arch', () => {
    assert.equal(isMultiArch({ mediaType: 'application/vnd.oci.image.index.v1+json' }), true);
    assert.equal(isMultiArch({ mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json' }), true);
    assert.equal(isMultiArch({ mediaType: 'application/vnd.oci.image.manifest.v1+json' }), false);
    assert.equal(isMultiArch({}), false);
  });
});

describe('(unit) tree node ids and contextValues', () => {
  const tag: Tag = { kind: 'tag', parent: repo, image: image({ mediaType: 'application/vnd.oci.image.index.v1+json' }), tag: '1.0' };
  const untagged: Tag = { kind: 'tag', parent: repo, image: image({ tags: [] }) };

  it('gives stable, distinct ids down the tree', () => {
    assert.equal(nodeId(repo), `${registry.id}/team/app`);
    assert.equal(nodeId(tag), `${registry.id}/team/app:1.0`);
    assert.equal(nodeId(untagged), `${registry.id}/team/app:@sha256:${'ab'.repeat(32)}`);
    assert.notEqual(nodeId({ kind: 'loadMore', parent: repo, shown: 1 }), nodeId(repo));
  });

  it('composes sorted ;-joined contextValues that menus can match with regexes', () => {
    assert.equal(contextValue(registry), 'ecrRegistry;registry');
    assert.equal(contextValue(registry, { loggedIn: true }), 'ecrRegistry;loggedIn;registry');
    assert.equal(contextValue(tag), 'ecrImage;image;multiArch;tag;tagged');
    assert.equal(contextValue(untagged), 'ecrImage;image;tag;untagged');
    const scanned = { ...untagged, image: { ...untagged.image, scan: { status: 'COMPLETE', counts: { LOW: 2 } } } };
    assert.equal(contextValue(scanned), 'ecrImage;image;scanFindings;tag;untagged', 'findings: the inline Show Vulnerabilities');
    const clean = { ...untagged, image: { ...untagged.image, scan: { status: 'COMPLETE', counts: {} } } };
    assert.equal(contextValue(clean), 'ecrImage;image;tag;untagged');
    const auth: Problem = {
      kind: 'problem',
      parent: registry,
      problem: { code: 'expiredCredentials', message: message('aws.ssoAction'), actionId: 'ssoLogin' },
    };
    assert.equal(contextValue(auth), 'action-ssoLogin;authProblem;problem');
    const flaky: Problem = { kind: 'problem', problem: { code: 'throttled', message: message('aws.throttled'), actionId: 'retry' } };
    assert.equal(contextValue(flaky), 'action-retry;problem;retryable');
    assert.match(contextValue(tag), /(^|;)tagged(;|$)/);
    assert.doesNotMatch(contextValue(untagged), /(^|;)tagged(;|$)/);
  });
});

describe('(unit) PagedList', () => {
  function pages(n: number, size: number, log: string[], failAt?: number): (signal: AbortSignal) => AsyncIterable<number[]> {
    return async function* () {
      for (let p = 0; p < n; p++) {
        log.push(`fetch ${p}`);
        await new Promise((r) => setImmediate(r));
        if (p === failAt) throw new Error(`page ${p} failed`);
        yield Array.from({ length: size }, (_, i) => p * size + i);
      }
    };
  }

  it('shows one page at a time, fetches only one page ahead, and knows when it is done', async () => {
    const log: string[] = [];
    let settled = 0;
    const list = new PagedList(pages(3, 2, log), () => settled++);
    await list.loadNext();
    assert.deepEqual(list.items, [0, 1]);
    assert.equal(list.hasMore, true);
    await list.settledAhead();
    assert.deepEqual(log, ['fetch 0', 'fetch 1'], 'the second page is fetched ahead, the third is not');
    await list.loadNext();
    await list.loadNext();
    assert.deepEqual(list.items, [0, 1, 2, 3, 4, 5]);
    await list.settledAhead();
    assert.equal(list.hasMore, false);
    assert.equal(log.length, 3);
    assert.ok(settled >= 2);
  });

  it('shares one fetch between concurrent calls', async () => {
    const log: string[] = [];
    const list = new PagedList(pages(2, 1, log));
    await Promise.all([list.loadNext(), list.loadNext()]);
    assert.deepEqual(list.items, [0]);
  });

  it('keeps what arrived and records the failure of a later page', async () => {
    const log: string[] = [];
    const list = new PagedList(pages(3, 1, log, 1));
    await list.loadNext();
    await list.loadNext();
    assert.deepEqual(list.items, [0]);
    assert.match(String(list.error), /page 1 failed/);
    assert.equal(list.hasMore, false);
  });

  it('aborts the source on cancel', async () => {
    let seen: AbortSignal | undefined;
    const list = new PagedList(async function* (signal: AbortSignal) {
      seen = signal;
      yield [1];
      yield [2];
    });
    await list.loadNext();
    list.cancel();
    assert.equal(seen?.aborted, true);
  });
});
