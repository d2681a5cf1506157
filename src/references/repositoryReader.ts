// Reading one repository for reference resolution [pure]: DescribeImages by imageIds with the retry rules ECR's
// whole-call ImageNotFoundException needs, and the repository's listing (newest images, versions). Stateless: the
// resolver (resolution.ts) keeps the answers.
import { message } from '../model/message';
import { sanitizeText } from '../model/sanitize';
import type { ProblemInfo } from '../model/types';
import { chunkImageIds, type ImageId, type ImageInfo, type ImageLookupSource, type RepositoryAddress } from './batches';

export interface Entry {
  readonly fetchedAt: number;
  readonly image?: ImageInfo;
}

/** A listing of the repository (DescribeImages without ids): every tag, for "newest" and "newer in the line". */
export interface Listing {
  readonly fetchedAt: number;
  readonly byTag: Map<string, ImageInfo>;
  readonly byDigest: Map<string, ImageInfo>;
  /** Every image was listed (an id not in it does not exist), or only the first `maxPages` pages. */
  complete: boolean;
  newest?: { tag: string; image: ImageInfo };
}

/** A failure of the whole repository (it does not exist, or it cannot be read). */
export interface RepositoryFailure {
  readonly fetchedAt: number;
  readonly outcome: 'repositoryMissing' | 'unavailable';
  readonly problem?: ProblemInfo;
}

/** What is known about one repository. */
export interface LookupResult {
  readonly entries: Map<string, Entry>;
  readonly failure?: RepositoryFailure;
  readonly listing?: Listing;
}

export function problemOf(err: unknown): ProblemInfo {
  const p = (err as { problem?: ProblemInfo } | undefined)?.problem;
  if (p && typeof p.code === 'string') return p;
  return { code: 'unknown', message: message('aws.unknown', sanitizeText(err instanceof Error ? err.message : String(err), 300)) };
}

export const idKey = (id: ImageId): string => (id.imageTag !== undefined ? `t:${id.imageTag}` : `d:${id.imageDigest}`);

/** The first tag of an image in a stable order (for "newest tag"). */
export function firstTag(image: ImageInfo): string | undefined {
  let best: string | undefined;
  for (const t of image.tags) if (best === undefined || t < best) best = t;
  return best;
}

export function addToListing(listing: Listing, image: ImageInfo): void {
  listing.byDigest.set(image.digest, image);
  for (const t of image.tags) listing.byTag.set(t, image);
  const tag = firstTag(image);
  if (tag !== undefined && image.pushedAt) {
    const best = listing.newest;
    if (!best || (best.image.pushedAt?.getTime() ?? 0) < image.pushedAt.getTime()) listing.newest = { tag, image };
  }
}

/** Records an image under its digest and every tag it carries. */
export function addEntries(entries: Map<string, Entry>, image: ImageInfo, fetchedAt: number): void {
  entries.set(idKey({ imageDigest: image.digest }), { fetchedAt, image });
  for (const t of image.tags) entries.set(idKey({ imageTag: t }), { fetchedAt, image });
}

export class RepositoryReader {
  constructor(
    private readonly source: ImageLookupSource,
    private readonly now: () => number,
    private readonly maxPages: number,
  ) {}

  /** DescribeImages with imageIds, ≤ 100 per call; a missing id is retried without, a second one reads the listing. */
  async lookupIds(repo: RepositoryAddress, ids: readonly ImageId[], signal?: AbortSignal): Promise<LookupResult> {
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
  async readListing(repo: RepositoryAddress, signal?: AbortSignal): Promise<Listing> {
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
}
