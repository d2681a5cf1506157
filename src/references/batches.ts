// What reference resolution works with [pure]: the image facts a lookup returns, the source that answers
// DescribeImages by imageIds or by listing (src/aws/imageLookup.ts implements it), and how the references of the
// open documents are grouped into per-repository batches of at most 100 imageIds (resolution.ts sends them).
import type { ProblemInfo, ScanSummary } from '../model/types';
import type { ImageReference } from './imageReference';
import { parseTagVersion } from './tagVersions';

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
