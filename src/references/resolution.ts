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
// references of closed documents.
import { message } from '../model/message';
import { sanitizeText } from '../model/sanitize';
import type { ProblemInfo, ScanSummary } from '../model/types';
import type { ImageReference } from './imageReference';
import { newestInLine, parseTagVersion } from './tagVersions';

export interface ImageInfo {
  readonly digest: string;
  readonly tags: readonly string[];
  readonly sizeBytes?: number;
  readonly pushedAt?: Date;
  readonly mediaType?: string;
  readonly artifactMediaType?: string;
  readonly scan?: ScanSummary;
  /** When the scan summary was computed. */
  readonly scannedAt?: Date;
}

/** A private ECR repository: what one DescribeImages call is about. */
export interface RepositoryAddress {
  readonly registryId: string;
  readonly region: string;
  readonly repository: string;
}

export interface ImageId {
  readonly imageTag?: string;
  readonly imageDigest?: string;
}

export interface ImagePage {
  readonly images: readonly ImageInfo[];
  readonly nextToken?: string;
}

/** What a DescribeImages call with imageIds answered. */
export type DescribeOutcome =
  | { readonly kind: 'images'; readonly images: readonly ImageInfo[] }
  /** ImageNotFoundException: the whole call failed; `id` is the one ECR named (undefined when it named none). */
  | { readonly kind: 'imageNotFound'; readonly id?: ImageId }
  | { readonly kind: 'repositoryNotFound' };

/**
 * Where images come from (the AWS side implements it with the SDK; tests with the emulator or a fake). Other failures
 * are thrown; an error carrying `problem` (ProblemInfo) is reported as such. `code: 'notFound'` on a listing means the
 * repository does not exist.
 */
export interface ImageLookupSource {
  listPage(repo: RepositoryAddress, nextToken: string | undefined, signal?: AbortSignal): Promise<ImagePage>;
  describe(repo: RepositoryAddress, ids: readonly ImageId[], signal?: AbortSignal): Promise<DescribeOutcome>;
}

export type ReferenceResolution =
  | {
      readonly state: 'resolved';
      /** The image the tag points to now; undefined when the reference has no tag or the tag does not exist. */
      readonly tagImage?: ImageInfo;
      /** The image the pinned digest names; undefined when there is no digest or it does not exist. */
      readonly digestImage?: ImageInfo;
      readonly tagMissing: boolean;
      readonly digestMissing: boolean;
      /** The tag exists and points to another digest than the one pinned beside it. */
      readonly digestMismatch: boolean;
      /** A newer tag in the same version line (tagVersions.ts), with its image. */
      readonly newerInLine?: { readonly tag: string; readonly image: ImageInfo };
      /** The most recently pushed tag of the repository (with its image). */
      readonly newestTag?: { readonly tag: string; readonly image: ImageInfo };
      /** The repository's listing is known (newestTag and newerInLine are answered; see loadVersions). */
      readonly versionsKnown: boolean;
      /** Only the first pages of a large repository were listed: newest tags are among those. */
      readonly partial: boolean;
      /** When this was read from ECR (ms since epoch). */
      readonly fetchedAt: number;
    }
  | { readonly state: 'repositoryMissing'; readonly fetchedAt: number }
  | { readonly state: 'unavailable'; readonly problem: ProblemInfo; readonly fetchedAt: number };

/** A listing (loadVersions) that failed for a reason other than a missing repository. */
export interface VersionsFailure {
  readonly repo: RepositoryAddress;
  readonly problem: ProblemInfo;
}

/**
 * The reference's tag reads as a version (tagVersions.ts), so the repository's listing can show a newer tag in its line:
 * the rule of the "newer tag" problem, and of which repositories get a background listing.
 */
export function hasVersionTag(ref: ImageReference): boolean {
  return ref.tag !== undefined && !ref.implicitLatest && parseTagVersion(ref.tag) !== undefined;
}

/** ECR allows at most 100 imageIds per DescribeImages call. */
export const MAX_IMAGE_IDS_PER_CALL = 100;

/** The cache key of a repository (registry, region, name). */
export function repositoryKey(r: RepositoryAddress): string {
  return `${r.registryId}|${r.region}|${r.repository}`;
}

/** The repository a reference names, when it is a private ECR registry (ECR Public and other hosts are never looked up). */
export function repositoryOf(ref: ImageReference): RepositoryAddress | undefined {
  if (ref.ecr.kind !== 'private') return undefined;
  return { registryId: ref.ecr.registryId, region: ref.ecr.region, repository: ref.repository };
}

/** The ids a set of references needs, deduplicated; a tag and a digest of one reference are separate ids. */
export function imageIdsOf(refs: readonly ImageReference[]): ImageId[] {
  const seen = new Set<string>();
  const out: ImageId[] = [];
  const add = (id: ImageId): void => {
    const k = id.imageTag !== undefined ? `t:${id.imageTag}` : `d:${id.imageDigest}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(id);
  };
  for (const r of refs) {
    if (r.tag !== undefined) add({ imageTag: r.tag });
    if (r.digest !== undefined) add({ imageDigest: r.digest });
  }
  return out;
}

export interface RepositoryBatch {
  readonly repo: RepositoryAddress;
  readonly key: string;
  readonly references: readonly ImageReference[];
  readonly imageIds: readonly ImageId[];
}

/** Groups references by repository (in first-seen order); non-ECR and ECR Public references are left out. */
export function planBatches(refs: Iterable<ImageReference>): RepositoryBatch[] {
  const groups = new Map<string, { repo: RepositoryAddress; refs: ImageReference[] }>();
  for (const ref of refs) {
    const repo = repositoryOf(ref);
    if (!repo) continue;
    const key = repositoryKey(repo);
    const g = groups.get(key) ?? { repo, refs: [] };
    g.refs.push(ref);
    groups.set(key, g);
  }
  return [...groups.entries()].map(([key, g]) => ({ repo: g.repo, key, references: g.refs, imageIds: imageIdsOf(g.refs) }));
}

/** Splits ids into DescribeImages-sized chunks. */
export function chunkImageIds(ids: readonly ImageId[], size = MAX_IMAGE_IDS_PER_CALL): ImageId[][] {
  const out: ImageId[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/** One id's answer: the image, or undefined when ECR said it does not exist. */
interface Entry {
  readonly fetchedAt: number;
  readonly image?: ImageInfo;
}

/** A listing of the repository (DescribeImages without ids): every tag, for "newest" and "newer in the line". */
interface Listing {
  readonly fetchedAt: number;
  readonly byTag: Map<string, ImageInfo>;
  readonly byDigest: Map<string, ImageInfo>;
  /** Every image was listed (an id not in it does not exist), or only the first `maxPages` pages. */
  complete: boolean;
  newest?: { tag: string; image: ImageInfo };
}

/** A failure of the whole repository (it does not exist, or it cannot be read). */
interface RepositoryFailure {
  readonly fetchedAt: number;
  readonly outcome: 'repositoryMissing' | 'unavailable';
  readonly problem?: ProblemInfo;
}

/** What is known about one repository. */
interface RepositoryState {
  readonly ids: Map<string, Entry>;
  failure?: RepositoryFailure;
  listing?: Listing;
}

/** The answer of one lookup round, stored at once when no invalidation happened meanwhile. */
interface LookupResult {
  readonly entries: Map<string, Entry>;
  readonly failure?: RepositoryFailure;
  readonly listing?: Listing;
}

export interface ResolverOptions {
  /** How long answers are reused (ms). Default 60 s. */
  ttlMs?: number;
  /** How long a repository's listing answers "newest tag" and "newer tag in the line" (ms). Default 5 minutes. */
  versionsTtlMs?: number;
  /** Listing pages read for a repository's versions (and for a lookup with several missing ids). Default 5 (5,000 images). */
  maxPages?: number;
  now?: () => number;
}

function problemOf(err: unknown): ProblemInfo {
  const p = (err as { problem?: ProblemInfo } | undefined)?.problem;
  if (p && typeof p.code === 'string') return p;
  return { code: 'unknown', message: message('aws.unknown', sanitizeText(err instanceof Error ? err.message : String(err), 300)) };
}

const idKey = (id: ImageId): string => (id.imageTag !== undefined ? `t:${id.imageTag}` : `d:${id.imageDigest}`);

/** The first tag of an image in a stable order (for "newest tag"). */
function firstTag(image: ImageInfo): string | undefined {
  let best: string | undefined;
  for (const t of image.tags) if (best === undefined || t < best) best = t;
  return best;
}

function addToListing(listing: Listing, image: ImageInfo): void {
  listing.byDigest.set(image.digest, image);
  for (const t of image.tags) listing.byTag.set(t, image);
  const tag = firstTag(image);
  if (tag !== undefined && image.pushedAt) {
    const best = listing.newest;
    if (!best || (best.image.pushedAt?.getTime() ?? 0) < image.pushedAt.getTime()) listing.newest = { tag, image };
  }
}

/** Records an image under its digest and every tag it carries. */
function addEntries(entries: Map<string, Entry>, image: ImageInfo, fetchedAt: number): void {
  entries.set(idKey({ imageDigest: image.digest }), { fetchedAt, image });
  for (const t of image.tags) entries.set(idKey({ imageTag: t }), { fetchedAt, image });
}

export class ReferenceResolver {
  private readonly states = new Map<string, RepositoryState>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly listingsInFlight = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(keys: readonly string[]) => void>();
  private readonly ttlMs: number;
  private readonly versionsTtlMs: number;
  private readonly maxPages: number;
  private readonly now: () => number;
  private generation = 0;

  constructor(
    private readonly source: ImageLookupSource,
    opts: ResolverOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.versionsTtlMs = Math.max(this.ttlMs, opts.versionsTtlMs ?? 300_000);
    this.maxPages = Math.max(1, opts.maxPages ?? 5);
    this.now = opts.now ?? Date.now;
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
      const flight = this.lookupIds(batch.repo, unknown, signal)
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

  /** DescribeImages with imageIds, ≤ 100 per call; a missing id is retried without, a second one reads the listing. */
  private async lookupIds(repo: RepositoryAddress, ids: readonly ImageId[], signal?: AbortSignal): Promise<LookupResult> {
    const fetchedAt = this.now();
    const entries = new Map<string, Entry>();
    const missing = (id: ImageId): void => void entries.set(idKey(id), { fetchedAt });
    const known = (id: ImageId): boolean => entries.has(idKey(id));
    let misses = 0;
    let listing: Listing | undefined;
    try {
      for (const chunk of chunkImageIds(ids)) {
        let rest = chunk.filter((id) => !known(id));
        while (rest.length) {
          if (listing) {
            rest = await this.answerFromListing(repo, listing, rest, entries, fetchedAt, signal);
            if (rest.length === 0) break;
          }
          const out = await this.source.describe(repo, rest, signal);
          if (out.kind === 'repositoryNotFound') return { entries, failure: { fetchedAt, outcome: 'repositoryMissing' } };
          if (out.kind === 'images') {
            for (const image of out.images) addEntries(entries, image, fetchedAt);
            // Ids the answer does not cover (a server that skipped one) stay unknown rather than being guessed.
            break;
          }
          const named = rest.length === 1 ? rest[0] : out.id && rest.find((id) => idKey(id) === idKey(out.id!));
          misses++;
          if (named) missing(named);
          if (!named || misses > 1) {
            // Several missing ids (or one ECR did not name): one listing answers the rest at once.
            listing ??= await this.readListing(repo, signal);
          }
          rest = rest.filter((id) => !known(id));
        }
      }
    } catch (err) {
      const problem = problemOf(err);
      if (problem.code === 'notFound') return { entries, failure: { fetchedAt, outcome: 'repositoryMissing' } };
      if (signal?.aborted) return { entries };
      return { entries, failure: { fetchedAt, outcome: 'unavailable', problem } };
    }
    return { entries, ...(listing ? { listing } : {}) };
  }

  /**
   * Answers ids from a listing; with a partial listing the ids it does not show are asked one by one. Returns the ids
   * still to ask with imageIds (none: every id is answered).
   */
  private async answerFromListing(
    repo: RepositoryAddress,
    listing: Listing,
    ids: readonly ImageId[],
    entries: Map<string, Entry>,
    fetchedAt: number,
    signal?: AbortSignal,
  ): Promise<ImageId[]> {
    for (const id of ids) {
      const image = id.imageTag !== undefined ? listing.byTag.get(id.imageTag) : listing.byDigest.get(id.imageDigest!);
      if (image) addEntries(entries, image, fetchedAt);
      else if (listing.complete) entries.set(idKey(id), { fetchedAt });
      else {
        const out = await this.source.describe(repo, [id], signal);
        if (out.kind === 'images') for (const i of out.images) addEntries(entries, i, fetchedAt);
        else entries.set(idKey(id), { fetchedAt });
      }
    }
    return [];
  }

  /** The repository's listing: up to `maxPages` pages of DescribeImages (1000 images each). Throws on failure. */
  private async readListing(repo: RepositoryAddress, signal?: AbortSignal): Promise<Listing> {
    const listing: Listing = { fetchedAt: this.now(), byTag: new Map(), byDigest: new Map(), complete: false };
    let token: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      const res = await this.source.listPage(repo, token, signal);
      for (const image of res.images) addToListing(listing, image);
      token = res.nextToken;
      if (!token) {
        listing.complete = true;
        break;
      }
    }
    return listing;
  }

  /**
   * Reads the listing of the references' repositories that have none cached ("newest tag", "newer tag in the same
   * line"): called in the background after the problems are shown (backgroundVersions.ts), for a hover and when quick
   * fixes are asked for; resolving itself stays at one call per repository. Repositories known to be missing or
   * unreadable are skipped; a failed listing is left out (the problems and the hover show what the lookup found) and
   * returned, for the caller to log.
   */
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
          flight = this.readListing(batch.repo, signal)
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
