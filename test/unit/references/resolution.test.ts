// Resolution planning and the resolver against a recording fake source: batching per repository, caching with a
// TTL, invalidation, large repositories, failures.
import { strict as assert } from 'node:assert';
import type { ImageReference } from '../../../src/references/imageReference';
import {
  chunkImageIds,
  imageIdsOf,
  planBatches,
  ReferenceResolver,
  type ImageId,
  type ImageInfo,
  type ImageLookupSource,
  type ImagePage,
  type RepositoryAddress,
} from '../../../src/references/resolution';
import { scanReferences } from '../../../src/references/scanner';

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;

function refsOf(lines: string[]): ImageReference[] {
  return [...scanReferences(lines.map((l, i) => `k${i}: ${l}`).join('\n'), 'yaml').references];
}

interface Call {
  op: 'list' | 'describe';
  repo: string;
  ids?: readonly ImageId[];
}

/** A source over a fixed set of repositories, recording every call; page size configurable. */
class FakeSource implements ImageLookupSource {
  calls: Call[] = [];
  fail?: { code: string; message: string };
  constructor(
    readonly repos: Map<string, ImageInfo[]>,
    readonly pageSize = 1000,
  ) {}
  private images(repo: RepositoryAddress): ImageInfo[] {
    const list = this.repos.get(`${repo.registryId}/${repo.region}/${repo.repository}`);
    if (!list) throw Object.assign(new Error('no repo'), { problem: { code: 'notFound', message: 'missing' } });
    return list;
  }
  async listPage(repo: RepositoryAddress, token: string | undefined): Promise<ImagePage> {
    this.calls.push({ op: 'list', repo: repo.repository });
    await Promise.resolve();
    if (this.fail) throw Object.assign(new Error(this.fail.message), { problem: this.fail });
    const all = this.images(repo);
    const start = token ? Number(token) : 0;
    const next = start + this.pageSize;
    return { images: all.slice(start, next), ...(next < all.length ? { nextToken: String(next) } : {}) };
  }
  async describe(repo: RepositoryAddress, ids: readonly ImageId[]): Promise<ImageInfo[]> {
    this.calls.push({ op: 'describe', repo: repo.repository, ids });
    await Promise.resolve();
    const all = this.images(repo);
    return ids.map((id) => {
      const found = all.find((i) => (id.imageTag !== undefined ? i.tags.includes(id.imageTag) : i.digest === id.imageDigest));
      if (!found) throw Object.assign(new Error('no image'), { problem: { code: 'notFound', message: 'missing image' } });
      return found;
    });
  }
}

const EU = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const US = '210987654321.dkr.ecr.us-east-1.amazonaws.com';

function api(): ImageInfo[] {
  return [
    { digest: digest(1), tags: ['1.8.3'], pushedAt: new Date(1000), scan: { status: 'COMPLETE', counts: { CRITICAL: 2, HIGH: 1 } } },
    { digest: digest(2), tags: ['1.8.4', 'stable'], pushedAt: new Date(3000) },
    { digest: digest(3), tags: ['2.0.0'], pushedAt: new Date(2000) },
    { digest: digest(4), tags: [], pushedAt: new Date(500) },
  ];
}

describe('(unit) references resolution planning', () => {
  it('groups references by repository and deduplicates image ids', () => {
    const refs = refsOf([
      `${EU}/api:1.8.3`,
      `${EU}/api:1.8.3`,
      `${EU}/api:1.8.4@${digest(2)}`,
      `${US}/api:1.0.0`,
      `public.ecr.aws/a/b:1`,
      `${EU}/web:2`,
    ]);
    const batches = planBatches(refs);
    assert.deepEqual(
      batches.map((b) => [b.key, b.references.length, b.imageIds]),
      [
        ['123456789012|eu-west-1|api', 3, [{ imageTag: '1.8.3' }, { imageTag: '1.8.4' }, { imageDigest: digest(2) }]],
        ['210987654321|us-east-1|api', 1, [{ imageTag: '1.0.0' }]],
        ['123456789012|eu-west-1|web', 1, [{ imageTag: '2' }]],
      ],
    );
  });

  it('chunks image ids by the DescribeImages maximum', () => {
    const ids = Array.from({ length: 250 }, (_, i) => ({ imageTag: `t${i}` }));
    assert.deepEqual(
      chunkImageIds(ids).map((c) => c.length),
      [100, 100, 50],
    );
    assert.equal(imageIdsOf([]).length, 0);
  });
});

describe('(unit) references resolver', () => {
  const repos = () =>
    new Map([
      ['123456789012/eu-west-1/api', api()],
      ['210987654321/us-east-1/api', [{ digest: digest(9), tags: ['1.0.0'] }]],
    ]);

  it('answers every reference of a repository with one call, shared by concurrent callers', async () => {
    const source = new FakeSource(repos());
    const resolver = new ReferenceResolver(source);
    const a = refsOf([`${EU}/api:1.8.3`, `${EU}/api:9.9.9`, `${US}/api:1.0.0`]);
    const b = refsOf([`${EU}/api:1.8.4@${digest(1)}`, `${EU}/api@${digest(4)}`]);
    await Promise.all([resolver.resolve(a), resolver.resolve(b)]);
    assert.deepEqual(
      source.calls.map((c) => `${c.op} ${c.repo}`),
      ['list api', 'list api'],
    );

    const [found, missing] = a.map((r) => resolver.peek(r));
    assert.equal(found?.state, 'resolved');
    if (found?.state !== 'resolved' || missing?.state !== 'resolved') return assert.fail('resolved');
    assert.equal(found.tagImage?.digest, digest(1));
    assert.equal(found.newerInLine?.tag, '1.8.4');
    assert.equal(found.newestTag?.tag, '1.8.4');
    assert.equal(missing.tagMissing, true);

    const [mismatch, untagged] = b.map((r) => resolver.peek(r));
    if (mismatch?.state !== 'resolved' || untagged?.state !== 'resolved') return assert.fail('resolved');
    assert.equal(mismatch.digestMismatch, true);
    assert.equal(mismatch.digestImage?.digest, digest(1));
    assert.equal(untagged.digestImage?.digest, digest(4));
    assert.equal(untagged.digestMismatch, false);
  });

  it('serves from the cache within the TTL, then asks again; invalidate forgets at once', async () => {
    let now = 0;
    const source = new FakeSource(repos());
    const resolver = new ReferenceResolver(source, { ttlMs: 1000, now: () => now });
    const refs = refsOf([`${EU}/api:1.8.3`]);
    await resolver.resolve(refs);
    await resolver.resolve(refs);
    assert.equal(source.calls.length, 1);
    assert.equal(resolver.isCached(refs[0]!), true);
    now = 1500;
    assert.equal(resolver.peek(refs[0]!), undefined);
    await resolver.resolve(refs);
    assert.equal(source.calls.length, 2);
    const changed: string[][] = [];
    resolver.onDidChange((keys) => changed.push([...keys]));
    resolver.invalidate({ registryId: '210987654321' });
    assert.ok(resolver.peek(refs[0]!));
    resolver.invalidate({ repository: 'api', region: 'eu-west-1' });
    assert.equal(resolver.peek(refs[0]!), undefined);
    assert.deepEqual(changed, [['123456789012|eu-west-1|api']]);
  });

  it('drops an answer that arrives after an invalidation', async () => {
    const source = new FakeSource(repos());
    const resolver = new ReferenceResolver(source);
    const refs = refsOf([`${EU}/api:1.8.3`]);
    const pending = resolver.resolve(refs);
    resolver.invalidate();
    await pending;
    assert.equal(resolver.peek(refs[0]!), undefined);
  });

  it('reads a missing repository and unusable credentials as states, once per repository', async () => {
    const source = new FakeSource(repos());
    const resolver = new ReferenceResolver(source);
    const [gone] = refsOf([`${EU}/gone:1`]);
    await resolver.resolve([gone!]);
    assert.equal(resolver.peek(gone!)?.state, 'repositoryMissing');
    source.fail = { code: 'noCredentials', message: 'no credentials' };
    const [api1, api2] = refsOf([`${US}/api:1.0.0`, `${US}/api:2.0.0`]);
    await resolver.resolve([api1!, api2!]);
    const p = resolver.peek(api2!);
    assert.equal(p?.state, 'unavailable');
    assert.equal(p?.state === 'unavailable' && p.problem.code, 'noCredentials');
    assert.equal(source.calls.filter((c) => c.op === 'list').length, 2);
  });

  it('completes a large repository with imageIds lookups, one by one only when a chunk has a missing id', async () => {
    const big: ImageInfo[] = Array.from({ length: 50 }, (_, i) => ({ digest: digest(100 + i), tags: [`t${i}`] }));
    const source = new FakeSource(new Map([['123456789012/eu-west-1/big', big]]), 10);
    const resolver = new ReferenceResolver(source, { maxPages: 2 });
    const refs = refsOf([`${EU}/big:t1`, `${EU}/big:t45`, `${EU}/big:t46`, `${EU}/big:nope`]);
    await resolver.resolve(refs);
    assert.deepEqual(
      source.calls.map((c) => `${c.op}${c.ids ? ` ${c.ids.map((i) => i.imageTag).join(',')}` : ''}`),
      ['list', 'list', 'describe t45,t46,nope', 'describe t45', 'describe t46', 'describe nope'],
    );
    const states = refs.map((r) => resolver.peek(r));
    assert.deepEqual(
      states.map((s) => s?.state === 'resolved' && s.tagMissing),
      [false, false, false, true],
    );
    await resolver.resolve(refs);
    assert.equal(source.calls.length, 6, 'everything known now');
  });
});
