// The background listing of repositories' versions against a recording fake source that answers like ECR: only
// repositories referenced with a version-like tag that exists are listed, one listing in flight at a time, the
// resolver's change event (which re-publishes the problems) brings the newer-tag problem and its quick fix, failures
// go to onFailure only, cancel and the setting stop it, the listing is cached longer than the ids.
import { strict as assert } from 'node:assert';
import type { ProblemInfo } from '../../../src/model/types';
import { BackgroundVersions } from '../../../src/references/backgroundVersions';
import type { ImageReference } from '../../../src/references/imageReference';
import { referenceFixes, referenceProblems } from '../../../src/references/referenceProblems';
import { ReferenceResolver } from '../../../src/references/resolution';
import {
  hasVersionTag,
  type DescribeOutcome,
  type ImageId,
  type ImageInfo,
  type ImageLookupSource,
  type ImagePage,
  type RepositoryAddress,
} from '../../../src/references/batches';
import { scanReferences } from '../../../src/references/scanner';

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;
const EU = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const US = '210987654321.dkr.ecr.us-east-1.amazonaws.com';

function refsOf(lines: string[]): ImageReference[] {
  return [...scanReferences(lines.map((l, i) => `k${i}: ${l}`).join('\n'), 'yaml').references];
}

/** Answers like ECR (an imageIds call fails on the first missing id, naming it); records calls; listings can be held. */
class FakeSource implements ImageLookupSource {
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Repositories whose listing fails with this problem. */
  readonly failing = new Map<string, ProblemInfo>();
  /** While set, listings wait for release(). */
  private gate: { promise: Promise<void>; open: () => void } | undefined;
  readonly signals: (AbortSignal | undefined)[] = [];

  constructor(readonly repos: Map<string, ImageInfo[]>) {}

  hold(): void {
    let open!: () => void;
    const promise = new Promise<void>((r) => (open = r));
    this.gate = { promise, open };
  }

  release(): void {
    const g = this.gate;
    this.gate = undefined;
    g?.open();
  }

  async listPage(repo: RepositoryAddress, _token: string | undefined, signal?: AbortSignal): Promise<ImagePage> {
    this.calls.push(`list ${repo.region}/${repo.repository}`);
    this.signals.push(signal);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.gate) await this.gate.promise;
      else await Promise.resolve();
      const fail = this.failing.get(repo.repository);
      if (fail) throw Object.assign(new Error(fail.code), { problem: fail });
      return { images: this.repos.get(repo.repository) ?? [] };
    } finally {
      this.inFlight--;
    }
  }

  async describe(repo: RepositoryAddress, ids: readonly ImageId[]): Promise<DescribeOutcome> {
    this.calls.push(`describe ${repo.region}/${repo.repository}`);
    await Promise.resolve();
    const all = this.repos.get(repo.repository);
    if (!all) return { kind: 'repositoryNotFound' };
    const images: ImageInfo[] = [];
    for (const id of ids) {
      const found = all.find((i) => (id.imageTag !== undefined ? i.tags.includes(id.imageTag) : i.digest === id.imageDigest));
      if (!found) return { kind: 'imageNotFound', id };
      if (!images.includes(found)) images.push(found);
    }
    return { kind: 'images', images };
  }

  lists(): string[] {
    return this.calls.filter((c) => c.startsWith('list '));
  }
}

function repos(): Map<string, ImageInfo[]> {
  return new Map<string, ImageInfo[]>([
    [
      'api',
      [
        { digest: digest(1), tags: ['1.8.3'], pushedAt: new Date(1000) },
        { digest: digest(2), tags: ['1.8.4', 'stable'], pushedAt: new Date(3000) },
      ],
    ],
    ['web', [{ digest: digest(3), tags: ['latest', 'main'], pushedAt: new Date(2000) }]],
    ['worker', [{ digest: digest(4), tags: ['2.0.0'], pushedAt: new Date(2000) }]],
    ['jobs', [{ digest: digest(5), tags: ['v3.1', 'v3.2'], pushedAt: new Date(2000) }]],
  ]);
}

interface Setup {
  source: FakeSource;
  resolver: ReferenceResolver;
  background: BackgroundVersions;
  failures: { repo: string; code: string | undefined }[];
  changes: string[][];
  setEnabled(on: boolean): void;
  setNow(ms: number): void;
}

function setup(): Setup {
  const source = new FakeSource(repos());
  let now = 1_000_000;
  const resolver = new ReferenceResolver(source, { now: () => now });
  const changes: string[][] = [];
  resolver.onDidChange((keys) => changes.push([...keys]));
  const failures: { repo: string; code: string | undefined }[] = [];
  let enabled = true;
  const background = new BackgroundVersions(resolver, {
    enabled: () => enabled,
    onFailure: (repo, problem) => failures.push({ repo: repo.repository, code: problem?.code }),
    now: () => now,
  });
  return {
    source,
    resolver,
    background,
    failures,
    changes,
    setEnabled: (on) => (enabled = on),
    setNow: (ms) => (now = ms),
  };
}

describe('(unit) references background versions', () => {
  it('reads the tag rule of the newer-tag check', () => {
    const refs = refsOf([`${EU}/api:1.8.3`, `${EU}/jobs:v3.1`, `${EU}/web:latest`, `${EU}/web:main`, `${EU}/web:20240101`]);
    assert.deepEqual(
      refs.map((r) => hasVersionTag(r)),
      [true, true, false, false, false],
    );
  });

  it('lists only repositories referenced with a version-like tag that exists, after the lookup', async () => {
    const s = setup();
    const refs = refsOf([
      `${EU}/api:1.8.3`,
      `${EU}/api:stable`,
      `${EU}/web:latest`,
      `${EU}/web:main`,
      `${EU}/worker:9.9.9`,
      `${EU}/missing:1.0.0`,
      `${EU}/jobs:v3.1`,
      `public.ecr.aws/team/app:1.0.0`,
    ]);
    await s.resolver.resolve(refs);
    const lookups = s.source.calls.length;
    assert.equal(s.source.lists().length, 0, 'the lookup reads no listing');
    s.background.enqueue(refs);
    await s.background.idle();
    // web: no version-like tag; worker: its only version-like tag is missing; missing: no repository.
    assert.deepEqual(s.source.calls.slice(lookups), ['list eu-west-1/api', 'list eu-west-1/jobs']);
    assert.deepEqual(s.failures, []);
    // Known now: enqueueing again (the next lookup round) lists nothing.
    s.background.enqueue(refs);
    await s.background.idle();
    assert.equal(s.source.lists().length, 2);
  });

  it('keeps one listing in flight at a time, in the order the repositories were seen', async () => {
    const s = setup();
    const refs = refsOf([`${EU}/jobs:v3.1`, `${EU}/api:1.8.3`, `${EU}/worker:2.0.0`]);
    await s.resolver.resolve(refs);
    s.source.hold();
    s.background.enqueue(refs);
    // More rounds while the first listing is out queue nothing twice.
    await new Promise((r) => setImmediate(r));
    s.background.enqueue(refs);
    assert.deepEqual(s.source.lists(), ['list eu-west-1/jobs']);
    assert.equal(s.background.queued, 2);
    s.source.release();
    await s.background.idle();
    assert.deepEqual(s.source.lists(), ['list eu-west-1/jobs', 'list eu-west-1/api', 'list eu-west-1/worker']);
    assert.equal(s.source.maxInFlight, 1);
  });

  it('announces the listing, so the problems are published again with the newer tag and its quick fix', async () => {
    const s = setup();
    const refs = refsOf([`${EU}/api:1.8.3`]);
    const ref = refs[0]!;
    await s.resolver.resolve(refs);
    const threshold = { threshold: 'CRITICAL' as const };
    assert.deepEqual(
      referenceProblems(ref, s.resolver.peek(ref), threshold).map((p) => p.code),
      [],
    );
    assert.ok(!referenceFixes(ref, s.resolver.peek(ref)).some((f) => f.kind === 'updateTag'));
    const before = s.changes.length;
    s.background.enqueue(refs);
    await s.background.idle();
    assert.deepEqual(s.changes.slice(before), [['123456789012|eu-west-1|api']]);
    const problems = referenceProblems(ref, s.resolver.peek(ref), threshold);
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.message.id, p.message.args]),
      [['newerTag', 'information', 'references.newerTag', ['1.8.4', '1.8.3']]],
    );
    const update = referenceFixes(ref, s.resolver.peek(ref)).find((f) => f.kind === 'updateTag');
    assert.deepEqual(
      update?.edits.map((e) => e.newText),
      ['1.8.4'],
    );
  });

  it('reports a failed listing to onFailure only, goes on with the next repository and leaves the failed one alone for a while', async () => {
    const s = setup();
    s.source.failing.set('api', { code: 'throttled', message: { id: 'aws.throttled', args: [] } });
    const refs = refsOf([`${EU}/api:1.8.3`, `${EU}/jobs:v3.1`]);
    await s.resolver.resolve(refs);
    s.background.enqueue(refs);
    await s.background.idle();
    assert.deepEqual(s.failures, [{ repo: 'api', code: 'throttled' }]);
    assert.deepEqual(s.source.lists(), ['list eu-west-1/api', 'list eu-west-1/jobs']);
    const api = s.resolver.peek(refs[0]!);
    assert.ok(api?.state === 'resolved' && !api.versionsKnown && api.tagImage, 'the lookup answer stays');
    s.source.failing.clear();
    s.background.enqueue(refs);
    await s.background.idle();
    assert.equal(s.source.lists().length, 2, 'not tried again within a minute');
    s.setNow(1_000_000 + 30_000);
    s.background.enqueue(refs);
    await s.background.idle();
    assert.equal(s.source.lists().length, 2);
    s.setNow(1_000_000 + 61_000);
    await s.resolver.resolve(refs);
    s.background.enqueue(refs);
    await s.background.idle();
    assert.deepEqual(s.source.lists().slice(2), ['list eu-west-1/api']);
    assert.equal(s.failures.length, 1);
  });

  it('makes no listing while problems are off, and stops its queue when they are turned off', async () => {
    const s = setup();
    const refs = refsOf([`${EU}/api:1.8.3`, `${EU}/jobs:v3.1`, `${EU}/worker:2.0.0`]);
    await s.resolver.resolve(refs);
    s.setEnabled(false);
    s.background.enqueue(refs);
    await s.background.idle();
    assert.deepEqual(s.source.lists(), []);
    s.setEnabled(true);
    s.source.hold();
    s.background.enqueue(refs);
    await new Promise((r) => setImmediate(r));
    s.setEnabled(false);
    s.source.release();
    await s.background.idle();
    assert.deepEqual(s.source.lists(), ['list eu-west-1/api'], 'the queue stopped after the listing in flight');
  });

  it('cancel aborts the listing in flight and forgets the queue; the listing of an invalidated repository is not kept', async () => {
    const s = setup();
    const refs = refsOf([`${EU}/api:1.8.3`, `${EU}/jobs:v3.1`]);
    await s.resolver.resolve(refs);
    s.source.hold();
    s.background.enqueue(refs);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(s.source.lists(), ['list eu-west-1/api']);
    // Refresh: the background stops, then the resolver forgets.
    s.background.cancel();
    s.resolver.invalidate();
    assert.equal(s.source.signals[0]?.aborted, true);
    s.source.release();
    await s.background.idle();
    assert.deepEqual(s.source.lists(), ['list eu-west-1/api'], 'jobs was dropped from the queue');
    assert.equal(s.resolver.size.listings, 0);
    assert.deepEqual(s.failures, [], 'a cancelled listing is no failure');
    // The next round starts again.
    await s.resolver.resolve(refs);
    s.background.enqueue(refs);
    await s.background.idle();
    assert.deepEqual(s.source.lists(), ['list eu-west-1/api', 'list eu-west-1/api', 'list eu-west-1/jobs']);
  });

  it('reuses the listing for five minutes while the ids are asked again after a minute', async () => {
    const s = setup();
    const refs = refsOf([`${EU}/api:1.8.3`]);
    await s.resolver.resolve(refs);
    s.background.enqueue(refs);
    await s.background.idle();
    assert.deepEqual(s.source.calls, ['describe eu-west-1/api', 'list eu-west-1/api']);
    s.setNow(1_000_000 + 120_000);
    await s.resolver.resolve(refs);
    s.background.enqueue(refs);
    await s.background.idle();
    assert.deepEqual(s.source.calls.slice(2), ['describe eu-west-1/api'], 'the ids again, the listing from the cache');
    const r = s.resolver.peek(refs[0]!);
    assert.ok(r?.state === 'resolved' && r.newerInLine?.tag === '1.8.4');
    s.setNow(1_000_000 + 301_000);
    await s.resolver.resolve(refs);
    s.background.enqueue(refs);
    await s.background.idle();
    assert.deepEqual(s.source.calls.slice(3), ['describe eu-west-1/api', 'list eu-west-1/api']);
  });

  it('does nothing once disposed', async () => {
    const s = setup();
    const refs = refsOf([`${EU}/api:1.8.3`, `${US}/api:1.0.0`]);
    await s.resolver.resolve(refs);
    s.background.dispose();
    s.background.enqueue(refs);
    await s.background.idle();
    assert.deepEqual(s.source.lists(), []);
  });
});
