// Resolving image references against ECR, batched and cached [pure]. The references of all open documents are grouped
// by repository; each repository costs one DescribeImages call with the `imageIds` (tags and digests) not yet cached,
// up to 100 per call, shared by concurrent callers. DescribeImages has no per-id `failures` (unlike BatchGetImage): ECR
// fails the whole call with ImageNotFoundException naming the first missing id, so a missing id costs one more call
// (retry without it); a second miss in the same lookup reads the repository's listing instead, which answers every
// remaining id at once. What needs more than the referenced images ("newest tag in the repository", "a newer tag in
// the same line") comes from that listing, read by loadVersions after the problems of a lookup are shown (in the
// background, one repository at a time, only for repositories referenced with a version-like tag: see
// backgroundVersions.ts), on hover and when quick fixes are asked for, and cached for longer than the ids
// (`versionsTtlMs`). Answers are cached per (registry, repository, tag/digest) with a TTL; `retain` forgets the
// references of closed documents. The batches are planned in batches.ts; repositoryReader.ts makes the calls.
import type { ImageReference } from './imageReference';
import { newestInLine } from './tagVersions';
import {
  idKey,
  problemOf,
  RepositoryReader,
  type Entry,
  type Listing,
  type LookupResult,
  type RepositoryFailure,
} from './repositoryReader';
import {
  type RepositoryAddress,
  type ImageId,
  type ImageLookupSource,
  type ReferenceResolution,
  type VersionsFailure,
  hasVersionTag,
  repositoryKey,
  repositoryOf,
  type RepositoryBatch,
  planBatches,
} from './batches';

/** One id's answer: the image, or undefined when ECR said it does not exist. */
interface RepositoryState {
  readonly ids: Map<string, Entry>;
  failure?: RepositoryFailure;
  listing?: Listing;
}

/** The answer of one lookup round, stored at once when no invalidation happened meanwhile. */
export interface ResolverOptions {
  /** How long answers are reused (ms). Default 60 s. */
  ttlMs?: number;
  /** How long a repository's listing answers "newest tag" and "newer tag in the line" (ms). Default 5 minutes. */
  versionsTtlMs?: number;
  /** Listing pages read for a repository's versions (and for a lookup with several missing ids). Default 5 (5,000 images). */
  maxPages?: number;
  now?: () => number;
}

export class ReferenceResolver {
  private readonly states = new Map<string, RepositoryState>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly listingsInFlight = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(keys: readonly string[]) => void>();
  private readonly ttlMs: number;
  private readonly versionsTtlMs: number;
  private readonly reader: RepositoryReader;
  private readonly now: () => number;
  private generation = 0;

  constructor(source: ImageLookupSource, opts: ResolverOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.versionsTtlMs = Math.max(this.ttlMs, opts.versionsTtlMs ?? 300_000);
    this.now = opts.now ?? Date.now;
    this.reader = new RepositoryReader(source, this.now, Math.max(1, opts.maxPages ?? 5));
  }

  /** Called with the repository keys whose answers changed (resolved or invalidated). */
  onDidChange(listener: (keys: readonly string[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(keys: readonly string[]): void {
    for (const l of [...this.listeners]) l(keys);
  }

  private fresh<T extends { fetchedAt: number }>(value: T | undefined): T | undefined {
    return value && this.now() - value.fetchedAt < this.ttlMs ? value : undefined;
  }

  /** The repository's listing while it answers versions (it answers ids only while `fresh`). */
  private freshListing(state: RepositoryState | undefined): Listing | undefined {
    const listing = state?.listing;
    return listing && this.now() - listing.fetchedAt < this.versionsTtlMs ? listing : undefined;
  }

  /** What is known about an id: `{ image }` (image undefined: it does not exist), or undefined when unknown. */
  private answer(state: RepositoryState | undefined, id: ImageId): Entry | undefined {
    if (!state) return undefined;
    const entry = this.fresh(state.ids.get(idKey(id)));
    if (entry) return entry;
    const listing = this.fresh(state.listing);
    if (!listing) return undefined;
    const image = id.imageTag !== undefined ? listing.byTag.get(id.imageTag) : listing.byDigest.get(id.imageDigest!);
    if (image) return { fetchedAt: listing.fetchedAt, image };
    return listing.complete ? { fetchedAt: listing.fetchedAt } : undefined;
  }

  /** True when the reference can be answered from the cache (no call needed). */
  isCached(ref: ImageReference): boolean {
    return !repositoryOf(ref) || this.peek(ref) !== undefined;
  }

  /** How many ids and listings are cached (for tests: closed documents are forgotten). */
  get size(): { repositories: number; ids: number; listings: number } {
    let ids = 0;
    let listings = 0;
    for (const s of this.states.values()) {
      ids += s.ids.size;
      if (s.listing) listings++;
    }
    return { repositories: this.states.size, ids, listings };
  }

  /**
   * Looks up the ids of the references that the cache does not answer: per repository one DescribeImages call with up
   * to 100 imageIds (see the file comment for missing ids); concurrent callers share a lookup. Failures are recorded
   * per repository (see peek), never thrown.
   */
  async resolve(refs: Iterable<ImageReference>, signal?: AbortSignal): Promise<void> {
    const changed = new Set<string>();
    await Promise.all(planBatches(refs).map((batch) => this.resolveRepository(batch, changed, signal)));
    if (changed.size) this.fire([...changed]);
  }

  private async resolveRepository(batch: RepositoryBatch, changed: Set<string>, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      const state = this.states.get(batch.key);
      if (this.fresh(state?.failure)) return;
      const unknown = batch.imageIds.filter((id) => !this.answer(state, id));
      if (unknown.length === 0) return;
      const running = this.inFlight.get(batch.key);
      if (running) {
        // Another caller is asking this repository: wait, then look up only what it did not cover.
        await running;
        continue;
      }
      const generation = this.generation;
      const flight = this.reader
        .lookupIds(batch.repo, unknown, signal)
        .then((result) => {
          // An invalidation while the call was out makes its answer stale: keep it out of the cache.
          if (generation !== this.generation || signal?.aborted) return;
          this.store(batch.key, result);
          changed.add(batch.key);
        })
        .finally(() => {
          if (this.inFlight.get(batch.key) === flight) this.inFlight.delete(batch.key);
        });
      this.inFlight.set(batch.key, flight);
      await flight;
      return;
    }
  }

  private store(key: string, result: LookupResult): void {
    const state = this.states.get(key) ?? { ids: new Map<string, Entry>() };
    for (const [k, e] of result.entries) state.ids.set(k, e);
    if (result.failure) state.failure = result.failure;
    else if (state.failure && !this.fresh(state.failure)) delete state.failure;
    if (result.listing) state.listing = result.listing;
    this.states.set(key, state);
  }

  async loadVersions(refs: Iterable<ImageReference>, signal?: AbortSignal): Promise<VersionsFailure[]> {
    const changed: string[] = [];
    const failures: VersionsFailure[] = [];
    await Promise.all(
      planBatches(refs).map(async (batch) => {
        const state = this.states.get(batch.key);
        if (this.fresh(state?.failure) || this.freshListing(state)) return;
        let flight = this.listingsInFlight.get(batch.key);
        if (!flight) {
          const generation = this.generation;
          flight = this.reader
            .readListing(batch.repo, signal)
            .then(
              (listing) => {
                if (generation !== this.generation || signal?.aborted) return;
                this.store(batch.key, { entries: new Map(), listing });
                changed.push(batch.key);
              },
              (err: unknown) => {
                if (generation !== this.generation || signal?.aborted) return;
                const problem = problemOf(err);
                if (problem.code === 'notFound') {
                  this.store(batch.key, { entries: new Map(), failure: { fetchedAt: this.now(), outcome: 'repositoryMissing' } });
                  changed.push(batch.key);
                } else failures.push({ repo: batch.repo, problem });
              },
            )
            .finally(() => {
              if (this.listingsInFlight.get(batch.key) === flight) this.listingsInFlight.delete(batch.key);
            });
          this.listingsInFlight.set(batch.key, flight);
        }
        await flight;
      }),
    );
    if (changed.length) this.fire(changed);
    return failures;
  }

  /** What the cache says about a reference (fresh answers only); undefined when it has not been looked up. */
  peek(ref: ImageReference): ReferenceResolution | undefined {
    const repo = repositoryOf(ref);
    if (!repo) return undefined;
    const state = this.states.get(repositoryKey(repo));
    if (!state) return undefined;
    const failure = this.fresh(state.failure);
    if (failure?.outcome === 'repositoryMissing') return { state: 'repositoryMissing', fetchedAt: failure.fetchedAt };
    if (failure) return { state: 'unavailable', problem: failure.problem!, fetchedAt: failure.fetchedAt };
    const tag = ref.tag !== undefined ? this.answer(state, { imageTag: ref.tag }) : undefined;
    const dig = ref.digest !== undefined ? this.answer(state, { imageDigest: ref.digest }) : undefined;
    if ((ref.tag !== undefined && !tag) || (ref.digest !== undefined && !dig)) return undefined;
    const tagImage = tag?.image;
    const digestImage = dig?.image;
    const listing = this.freshListing(state);
    const newerTag = listing && tagImage && hasVersionTag(ref) ? newestInLine(ref.tag!, listing.byTag.keys()) : undefined;
    const newerImage = newerTag !== undefined ? listing?.byTag.get(newerTag) : undefined;
    const fetchedAt = Math.min(tag?.fetchedAt ?? Infinity, dig?.fetchedAt ?? Infinity);
    return {
      state: 'resolved',
      ...(tagImage ? { tagImage } : {}),
      ...(digestImage ? { digestImage } : {}),
      tagMissing: ref.tag !== undefined && !tagImage,
      digestMissing: ref.digest !== undefined && !digestImage,
      digestMismatch: !!tagImage && ref.digest !== undefined && tagImage.digest !== ref.digest,
      ...(newerTag !== undefined && newerImage ? { newerInLine: { tag: newerTag, image: newerImage } } : {}),
      ...(listing?.newest ? { newestTag: listing.newest } : {}),
      versionsKnown: !!listing,
      partial: !!listing && !listing.complete,
      fetchedAt,
    };
  }

  /**
   * Keeps only what the given references (those of the open documents) need: ids no reference names and repositories
   * no reference names are forgotten, so a closed document's references leave the cache.
   */
  retain(refs: Iterable<ImageReference>): void {
    const wanted = new Map<string, Set<string>>();
    for (const batch of planBatches(refs)) wanted.set(batch.key, new Set(batch.imageIds.map(idKey)));
    for (const [key, state] of [...this.states]) {
      const ids = wanted.get(key);
      if (!ids) {
        this.states.delete(key);
        continue;
      }
      for (const k of [...state.ids.keys()]) if (!ids.has(k)) state.ids.delete(k);
    }
  }

  /**
   * Forgets cached answers: everything, one registry (account + region), or one repository. Called by Refresh and
   * after push, delete and retag.
   */
  invalidate(filter: Partial<RepositoryAddress> = {}): void {
    const keys: string[] = [];
    for (const key of this.states.keys()) {
      const [registryId, region, repository] = key.split('|');
      if (filter.registryId !== undefined && filter.registryId !== registryId) continue;
      if (filter.region !== undefined && filter.region !== region) continue;
      if (filter.repository !== undefined && filter.repository !== repository) continue;
      keys.push(key);
    }
    for (const k of keys) this.states.delete(k);
    // Answers still on their way predate the invalidation: they are neither shared nor cached.
    this.inFlight.clear();
    this.listingsInFlight.clear();
    this.generation++;
    if (keys.length) this.fire(keys);
  }
}
