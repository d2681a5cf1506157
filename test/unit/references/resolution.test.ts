// Resolution planning and the resolver against a recording fake source: batching per repository, caching with a
// TTL, invalidation, large repositories, failures.
import { strict as assert } from 'node:assert';
import type { ImageReference } from '../../../src/references/imageReference';
import { ReferenceResolver } from '../../../src/references/resolution';
import {
  chunkImageIds,
  imageIdsOf,
  planBatches,
  type ImageId,
  type ImageInfo,
  type DescribeOutcome,
  type ImageLookupSource,
  type ImagePage,
  type RepositoryAddress,
} from '../../../src/references/batches';
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

/**
 * A source over a fixed set of repositories that answers like ECR (the whole imageIds call fails on the first missing
 * id, naming it), recording every call; page size configurable.
 */
class FakeSource implements ImageLookupSource {
  calls: Call[] = [];
  fail?: { code: string; message: string };
  /** ImageNotFound without naming the id (a server whose message is not understood). */
  anonymousMisses = false;
  constructor(
    readonly repos: Map<string, ImageInfo[]>,
    readonly pageSize = 1000,
  ) {}
  private images(repo: RepositoryAddress): ImageInfo[] | undefined {
    return this.repos.get(`${repo.registryId}/${repo.region}/${repo.repository}`);
  }
  async listPage(repo: RepositoryAddress, token: string | undefined): Promise<ImagePage> {
    this.calls.push({ op: 'list', repo: repo.repository });
    await Promise.resolve();
    if (this.fail) throw Object.assign(new Error(this.fail.message), { problem: this.fail });
    const all = this.images(repo);
    if (!all) throw Object.assign(new Error('no repo'), { problem: { code: 'notFound', message: 'missing' } });
    const start = token ? Number(token) : 0;
    const next = start + this.pageSize;
    return { images: all.slice(start, next), ...(next < all.length ? { nextToken: String(next) } : {}) };
  }
  async describe(repo: RepositoryAddress, ids: readonly ImageId[]): Promise<DescribeOutcome> {
    this.calls.push({ op: 'describe', repo: repo.repository, ids });
    await Promise.resolve();
    if (this.fail) throw Object.assign(new Error(this.fail.message), { problem: this.fail });
    const all = this.images(repo);
    if (!all) return { kind: 'repositoryNotFound' };
    const images: ImageInfo[] = [];
    for (const id of ids) {
      const found = all.find((i) => (id.imageTag !== undefined ? i.tags.includes(id.imageTag) : i.digest === id.imageDigest));
      if (!found) return { kind: 'imageNotFound', ...(this.anonymousMisses ? {} : { id }) };
      if (!images.includes(found)) images.push(found);
    }
    return { kind: 'images', images };
  }
}

const show = (calls: readonly Call[]): string[] =>
  calls.map((c) => `${c.op} ${c.repo}${c.ids ? ` ${c.ids.map((i) => i.imageTag ?? i.imageDigest?.slice(-1)).join(',')}` : ''}`);

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

  it('asks each repository once with the imageIds of every reference, shared by concurrent callers', async () => {
    const source = new FakeSource(repos());
    const resolver = new ReferenceResolver(source);
    const a = refsOf([`${EU}/api:1.8.3`, `${EU}/api:1.8.4@${digest(1)}`, `${US}/api:1.0.0`]);
    const b = refsOf([`${EU}/api:1.8.4@${digest(1)}`, `${EU}/api@${digest(4)}`]);
    await Promise.all([resolver.resolve(a), resolver.resolve(b)]);
    // The second caller waits for the first lookup of eu-west-1/api and then asks only for what it did not cover.
    assert.deepEqual(show(source.calls), ['describe api 1.8.3,1.8.4,1', 'describe api 1.0.0', 'describe api 4']);

    const [found, mismatch] = a.map((r) => resolver.peek(r));
    if (found?.state !== 'resolved' || mismatch?.state !== 'resolved') return assert.fail('resolved');
    assert.equal(found.tagImage?.digest, digest(1));
    assert.equal(found.tagMissing, false);
    assert.equal(found.versionsKnown, false, 'no listing was read');
    assert.equal(found.newerInLine, undefined);
    assert.equal(mismatch.digestMismatch, true);
    assert.equal(mismatch.digestImage?.digest, digest(1));
    const untagged = resolver.peek(b[1]!);
    if (untagged?.state !== 'resolved') return assert.fail('resolved');
    assert.equal(untagged.digestImage?.digest, digest(4));
    assert.equal(untagged.digestMismatch, false);
    await resolver.resolve([...a, ...b]);
    assert.equal(source.calls.length, 3, 'all cached');
  });

  it('marks the id ECR names as missing and asks again without it; a second miss reads the listing once', async () => {
    const source = new FakeSource(repos());
    const resolver = new ReferenceResolver(source);
    const one = refsOf([`${EU}/api:1.8.3`, `${EU}/api:9.9.9`, `${EU}/api:stable`]);
    await resolver.resolve(one);
    assert.deepEqual(show(source.calls), ['describe api 1.8.3,9.9.9,stable', 'describe api 1.8.3,stable']);
    assert.deepEqual(
      one.map((r) => {
        const p = resolver.peek(r);
        return p?.state === 'resolved' && p.tagMissing;
      }),
      [false, true, false],
    );

    source.calls = [];
    const two = refsOf([`${EU}/api:2.0.0`, `${EU}/api:7.0.0`, `${EU}/api:8.0.0`, `${EU}/api@${digest(7)}`]);
    await resolver.resolve(two);
    assert.deepEqual(show(source.calls), ['describe api 2.0.0,7.0.0,8.0.0,7', 'describe api 2.0.0,8.0.0,7', 'list api']);
    assert.deepEqual(
      two.map((r) => {
        const p = resolver.peek(r);
        return p?.state === 'resolved' && (p.tagMissing || p.digestMissing);
      }),
      [false, true, true, true],
    );
    // The listing came for free: versions are known now.
    const p = resolver.peek(one[0]!);
    assert.equal(p?.state === 'resolved' && p.newerInLine?.tag, '1.8.4');
  });

  it('reads the listing when ECR does not name the missing id', async () => {
    const source = new FakeSource(repos());
    source.anonymousMisses = true;
    const resolver = new ReferenceResolver(source);
    const refs = refsOf([`${EU}/api:1.8.3`, `${EU}/api:9.9.9`]);
    await resolver.resolve(refs);
    assert.deepEqual(show(source.calls), ['describe api 1.8.3,9.9.9', 'list api']);
    assert.deepEqual(
      refs.map((r) => {
        const p = resolver.peek(r);
        return p?.state === 'resolved' && p.tagMissing;
      }),
      [false, true],
    );
  });

  it('loads the versions (newest tag, newer tag in the line) lazily, once per repository', async () => {
    const source = new FakeSource(repos());
    const resolver = new ReferenceResolver(source);
    const refs = refsOf([`${EU}/api:1.8.3`, `${EU}/api:2.0.0`]);
    await resolver.resolve(refs);
    const changed: string[][] = [];
    resolver.onDidChange((keys) => changed.push([...keys]));
    await Promise.all([resolver.loadVersions([refs[0]!]), resolver.loadVersions(refs)]);
    await resolver.loadVersions(refs);
    assert.deepEqual(show(source.calls), ['describe api 1.8.3,2.0.0', 'list api']);
    assert.deepEqual(changed, [['123456789012|eu-west-1|api']]);
    const p = resolver.peek(refs[0]!);
    if (p?.state !== 'resolved') return assert.fail('resolved');
    assert.equal(p.versionsKnown, true);
    assert.equal(p.newerInLine?.tag, '1.8.4');
    assert.equal(p.newestTag?.tag, '1.8.4');
    assert.equal(p.partial, false);
    // A listing answers ids too: a new reference to the repository needs no call.
    const [more] = refsOf([`${EU}/api:stable`]);
    await resolver.resolve([more!]);
    assert.equal(source.calls.length, 2);
    // No listing for a repository that does not exist.
    const [gone] = refsOf([`${EU}/gone:1`]);
    await resolver.resolve([gone!]);
    await resolver.loadVersions([gone!]);
    assert.deepEqual(show(source.calls).slice(2), ['describe gone 1']);
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

  it('forgets what only closed documents referenced (retain)', async () => {
    const source = new FakeSource(repos());
    const resolver = new ReferenceResolver(source);
    const open = refsOf([`${EU}/api:1.8.3`]);
    const closed = refsOf([`${EU}/api:2.0.0`, `${US}/api:1.0.0`]);
    await resolver.resolve([...open, ...closed]);
    // Each image is recorded under its digest and every tag: 1.8.3 + its digest, 2.0.0 + its digest, 1.0.0 + its digest.
    assert.deepEqual(resolver.size, { repositories: 2, ids: 6, listings: 0 });
    resolver.retain(open);
    assert.deepEqual(resolver.size, { repositories: 1, ids: 1, listings: 0 });
    assert.ok(resolver.peek(open[0]!));
    assert.equal(resolver.peek(closed[0]!), undefined);
    assert.equal(resolver.peek(closed[1]!), undefined);
    resolver.retain([]);
    assert.deepEqual(resolver.size, { repositories: 0, ids: 0, listings: 0 });
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
    await resolver.resolve([api1!, api2!]);
    await resolver.loadVersions([api1!]);
    const p = resolver.peek(api2!);
    assert.equal(p?.state, 'unavailable');
    assert.equal(p?.state === 'unavailable' && p.problem.code, 'noCredentials');
    assert.deepEqual(show(source.calls), ['describe gone 1', 'describe api 1.0.0,2.0.0']);
  });

  it('splits more than 100 ids into DescribeImages-sized calls', async () => {
    const many: ImageInfo[] = Array.from({ length: 150 }, (_, i) => ({ digest: digest(100 + i), tags: [`t${i}`] }));
    const source = new FakeSource(new Map([['123456789012/eu-west-1/big', many]]));
    const resolver = new ReferenceResolver(source);
    const refs = refsOf(many.map((_, i) => `${EU}/big:t${i}`));
    await resolver.resolve(refs);
    assert.deepEqual(
      source.calls.map((c) => c.ids?.length),
      [100, 50],
    );
    assert.ok(refs.every((r) => resolver.peek(r)?.state === 'resolved'));
  });

  it('asks one by one for ids a partial listing of a large repository does not show', async () => {
    const big: ImageInfo[] = Array.from({ length: 50 }, (_, i) => ({ digest: digest(100 + i), tags: [`t${i}`] }));
    const source = new FakeSource(new Map([['123456789012/eu-west-1/big', big]]), 10);
    const resolver = new ReferenceResolver(source, { maxPages: 2 });
    const refs = refsOf([`${EU}/big:t1`, `${EU}/big:t45`, `${EU}/big:nope`, `${EU}/big:gone`, `${EU}/big:t15`, `${EU}/big:t46`]);
    await resolver.resolve(refs);
    assert.deepEqual(show(source.calls), [
      'describe big t1,t45,nope,gone,t15,t46',
      'describe big t1,t45,gone,t15,t46',
      'list big',
      'list big',
      'describe big t45',
      'describe big t46',
    ]);
    const states = refs.map((r) => resolver.peek(r));
    assert.deepEqual(
      states.map((s) => s?.state === 'resolved' && s.tagMissing),
      [false, false, true, true, false, false],
    );
    assert.equal(states[0]?.state === 'resolved' && states[0].partial, true);
    await resolver.resolve(refs);
    assert.equal(source.calls.length, 6, 'everything known now');
  });
});
