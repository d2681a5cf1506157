// Resolving image references against ECR, batched and cached [pure]. References are grouped by repository; each
// repository costs one DescribeImages listing page (up to 1000 images, every tag and digest with size, push time and
// scan summary), shared by every reference to it in every open document and by concurrent callers. A listing page
// rather than DescribeImages with imageIds: ECR fails the whole call when one id is missing (a missing tag is what
// the problems are for), and the listing also answers "newest tag" and "newer tag in the same line". Repositories
// larger than `maxPages` pages are completed with imageIds calls (≤ 100 ids each) for the references not yet seen.
import type { ProblemInfo, ScanSummary } from '../model/types';
import type { ImageReference } from './imageReference';
import { newestInLine } from './tagVersions';

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

/**
 * Where images come from (the AWS side implements it with the SDK; tests with the emulator or a fake). Failures are
 * thrown; an error carrying `problem` (ProblemInfo) is reported as such. `code: 'notFound'` on a listing means the
 * repository does not exist; on `describe`, that one of the ids does not.
 */
export interface ImageLookupSource {
  listPage(repo: RepositoryAddress, nextToken: string | undefined, signal?: AbortSignal): Promise<ImagePage>;
  describe(repo: RepositoryAddress, ids: readonly ImageId[], signal?: AbortSignal): Promise<readonly ImageInfo[]>;
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
      /** Only the first pages of a large repository were listed: newest tags are among those. */
      readonly partial: boolean;
      /** When this was read from ECR (ms since epoch). */
      readonly fetchedAt: number;
    }
  | { readonly state: 'repositoryMissing'; readonly fetchedAt: number }
  | { readonly state: 'unavailable'; readonly problem: ProblemInfo; readonly fetchedAt: number };

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

/** What is known about one repository. */
interface RepositoryState {
  readonly fetchedAt: number;
  readonly byTag: Map<string, ImageInfo>;
  readonly byDigest: Map<string, ImageInfo>;
  /** Every image was listed (a missing id is missing), or only the first pages plus looked-up ids. */
  complete: boolean;
  /** Ids looked up individually and not found (for incomplete listings). */
  readonly missing: Set<string>;
  newest?: { tag: string; image: ImageInfo };
  readonly outcome: 'listed' | 'repositoryMissing' | 'unavailable';
  readonly problem?: ProblemInfo;
}

export interface ResolverOptions {
  /** How long a repository's answer is reused (ms). Default 60 s. */
  ttlMs?: number;
  /** Listing pages read before falling back to imageIds lookups. Default 5 (5,000 images). */
  maxPages?: number;
  now?: () => number;
}

function problemOf(err: unknown): ProblemInfo {
  const p = (err as { problem?: ProblemInfo } | undefined)?.problem;
  if (p && typeof p.code === 'string' && typeof p.message === 'string') return p;
  return { code: 'unknown', message: err instanceof Error ? err.message : String(err) };
}

const idKey = (id: ImageId): string => (id.imageTag !== undefined ? `t:${id.imageTag}` : `d:${id.imageDigest}`);

/** The first tag of an image in a stable order (for "newest tag"). */
function firstTag(image: ImageInfo): string | undefined {
  let best: string | undefined;
  for (const t of image.tags) if (best === undefined || t < best) best = t;
  return best;
}

export class ReferenceResolver {
  private readonly states = new Map<string, RepositoryState>();
  private readonly inFlight = new Map<string, Promise<RepositoryState>>();
  private readonly listeners = new Set<(keys: readonly string[]) => void>();
  private readonly ttlMs: number;
  private readonly maxPages: number;
  private readonly now: () => number;
  private generation = 0;

  constructor(
    private readonly source: ImageLookupSource,
    opts: ResolverOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 60_000;
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

  private fresh(state: RepositoryState | undefined): state is RepositoryState {
    return !!state && this.now() - state.fetchedAt < this.ttlMs;
  }

  /** True when every reference can be answered from the cache (no call needed). */
  isCached(ref: ImageReference): boolean {
    const repo = repositoryOf(ref);
    if (!repo) return true;
    const state = this.states.get(repositoryKey(repo));
    return this.fresh(state) && imageIdsOf([ref]).every((id) => this.knows(state, id));
  }

  private knows(state: RepositoryState, id: ImageId): boolean {
    if (state.outcome !== 'listed' || state.complete) return true;
    const k = idKey(id);
    return state.missing.has(k) || (id.imageTag !== undefined ? state.byTag.has(id.imageTag) : state.byDigest.has(id.imageDigest!));
  }

  /**
   * Looks up every repository the references name that is not answered by the cache: one listing per repository,
   * concurrent callers share it. Failures are recorded per repository (see peek), never thrown.
   */
  async resolve(refs: Iterable<ImageReference>, signal?: AbortSignal): Promise<void> {
    const batches = planBatches(refs);
    const changed: string[] = [];
    await Promise.all(
      batches.map(async (batch) => {
        const state = this.states.get(batch.key);
        const unknown = this.fresh(state) ? batch.imageIds.filter((id) => !this.knows(state, id)) : undefined;
        if (unknown && unknown.length === 0) return;
        const generation = this.generation;
        let next: RepositoryState;
        if (unknown && state) {
          next = await this.complete(batch.repo, state, unknown, signal);
        } else {
          let flight = this.inFlight.get(batch.key);
          if (!flight) {
            flight = this.load(batch.repo, batch.imageIds, signal).finally(() => this.inFlight.delete(batch.key));
            this.inFlight.set(batch.key, flight);
          }
          next = await flight;
          const missingIds = batch.imageIds.filter((id) => !this.knows(next, id));
          if (missingIds.length) next = await this.complete(batch.repo, next, missingIds, signal);
        }
        // An invalidation while the call was out makes its answer stale: keep it out of the cache.
        if (generation !== this.generation || signal?.aborted) return;
        this.states.set(batch.key, next);
        changed.push(batch.key);
      }),
    );
    if (changed.length) this.fire(changed);
  }

  private async load(repo: RepositoryAddress, wanted: readonly ImageId[], signal?: AbortSignal): Promise<RepositoryState> {
    const fetchedAt = this.now();
    const state: RepositoryState = {
      fetchedAt,
      byTag: new Map(),
      byDigest: new Map(),
      complete: false,
      missing: new Set(),
      outcome: 'listed',
    };
    try {
      let token: string | undefined;
      for (let page = 0; page < this.maxPages; page++) {
        const res = await this.source.listPage(repo, token, signal);
        for (const image of res.images) this.add(state, image);
        token = res.nextToken;
        if (!token) {
          state.complete = true;
          break;
        }
        // Later pages only matter while some reference has not been seen yet.
        if (wanted.every((id) => this.knows(state, id))) break;
      }
    } catch (err) {
      const problem = problemOf(err);
      if (problem.code === 'notFound') return { ...state, outcome: 'repositoryMissing', complete: true };
      return { ...state, outcome: 'unavailable', problem, complete: true };
    }
    return state;
  }

  /** imageIds lookups for ids a partial listing did not show (≤ 100 per call; one by one if a chunk has a missing id). */
  private async complete(
    repo: RepositoryAddress,
    state: RepositoryState,
    ids: readonly ImageId[],
    signal?: AbortSignal,
  ): Promise<RepositoryState> {
    if (state.outcome !== 'listed' || state.complete) return state;
    const lookup = async (chunk: readonly ImageId[]): Promise<boolean> => {
      try {
        for (const image of await this.source.describe(repo, chunk, signal)) this.add(state, image);
        return true;
      } catch (err) {
        if (problemOf(err).code !== 'notFound') throw err;
        return false;
      }
    };
    try {
      for (const chunk of chunkImageIds(ids)) {
        if (await lookup(chunk)) continue;
        // ECR names no id when one is missing: a single id is the answer, several are asked one by one.
        if (chunk.length === 1) state.missing.add(idKey(chunk[0]!));
        else for (const id of chunk) if (!(await lookup([id]))) state.missing.add(idKey(id));
      }
    } catch {
      // The listing stands; these ids stay unknown (no problem is claimed for them).
    }
    return state;
  }

  private add(state: RepositoryState, image: ImageInfo): void {
    state.byDigest.set(image.digest, image);
    for (const t of image.tags) state.byTag.set(t, image);
    const tag = firstTag(image);
    if (tag !== undefined && image.pushedAt) {
      const best = state.newest;
      if (!best || (best.image.pushedAt?.getTime() ?? 0) < image.pushedAt.getTime()) state.newest = { tag, image };
    }
  }

  /** What the cache says about a reference (fresh answers only); undefined when it has not been looked up. */
  peek(ref: ImageReference): ReferenceResolution | undefined {
    const repo = repositoryOf(ref);
    if (!repo) return undefined;
    const state = this.states.get(repositoryKey(repo));
    if (!this.fresh(state)) return undefined;
    if (state.outcome === 'repositoryMissing') return { state: 'repositoryMissing', fetchedAt: state.fetchedAt };
    if (state.outcome === 'unavailable') return { state: 'unavailable', problem: state.problem!, fetchedAt: state.fetchedAt };
    if (!imageIdsOf([ref]).every((id) => this.knows(state, id))) return undefined;
    const tagImage = ref.tag !== undefined ? state.byTag.get(ref.tag) : undefined;
    const digestImage = ref.digest !== undefined ? state.byDigest.get(ref.digest) : undefined;
    const newerTag = ref.tag !== undefined && tagImage && !ref.implicitLatest ? newestInLine(ref.tag, state.byTag.keys()) : undefined;
    const newer = newerTag !== undefined ? { tag: newerTag, image: state.byTag.get(newerTag)! } : undefined;
    return {
      state: 'resolved',
      ...(tagImage ? { tagImage } : {}),
      ...(digestImage ? { digestImage } : {}),
      tagMissing: ref.tag !== undefined && !tagImage,
      digestMissing: ref.digest !== undefined && !digestImage,
      digestMismatch: !!tagImage && ref.digest !== undefined && tagImage.digest !== ref.digest,
      ...(newer !== undefined ? { newerInLine: newer } : {}),
      ...(state.newest ? { newestTag: state.newest } : {}),
      partial: !state.complete,
      fetchedAt: state.fetchedAt,
    };
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
    this.generation++;
    if (keys.length) this.fire(keys);
  }
}
