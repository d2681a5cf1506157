// What the tree has listed so far [pure]: each registry's repositories and each repository's images as paged
// lists, and each multi-arch image's platforms read once; dropped by node id prefix when a row is refreshed.
import type { Image, Node, Platform, Problem, ProblemInfo, Registry, Repository, Tag } from '../model/types';
import { nodeId } from './nodeIds';
import { PagedList } from './pagedList';
import { RepositoryImages } from './repositoryImages';

/** A multi-arch image's platforms as the registry lists them. */
export interface PlatformListing {
  platforms: Platform[];
  /** Platforms beyond the client's bound (1,000) that are not listed. */
  omitted: number;
  /** Digests of every manifest the index references (platforms, attestations, the omitted ones). */
  referenced: string[];
}

/** Where the listings come from (src/tree/sources.ts). */
export interface ListingSources {
  listRepositories(registry: Registry, signal: AbortSignal): AsyncIterable<Repository[]>;
  listImages(repo: Repository, signal: AbortSignal): AsyncIterable<Image[]>;
  tagsOf(repo: Repository, images: Image[]): Tag[];
  platforms(tag: Tag, signal?: AbortSignal): Promise<PlatformListing>;
  toProblem(err: unknown, registry?: Registry): ProblemInfo;
}

export interface ListingsDeps {
  sources: ListingSources;
  /** What a node shows changed (a page arrived in the background, platform manifests left the untagged group). */
  fire(node: Node): void;
  warn(message: string, err: unknown): void;
  /** The configured order of tag rows. */
  sortBy(): string;
}

export class TreeListings {
  private readonly repositories = new Map<string, PagedList<Repository>>();
  private readonly images = new Map<string, RepositoryImages>();
  private readonly platforms = new Map<string, Promise<PlatformListing | Problem>>();

  constructor(private readonly deps: ListingsDeps) {}

  /** A registry's repositories (the listing starts on the first page asked for). */
  repositoryList(registry: Registry): PagedList<Repository> {
    const key = nodeId(registry);
    let list = this.repositories.get(key);
    if (!list) {
      list = new PagedList<Repository>(
        (signal) => this.deps.sources.listRepositories(registry, signal),
        () => this.deps.fire(registry),
      );
      this.repositories.set(key, list);
    }
    return list;
  }

  /** Repositories listed so far (undefined when the registry was never expanded). */
  knownRepositoryList(registry: Registry): PagedList<Repository> | undefined {
    return this.repositories.get(nodeId(registry));
  }

  /** A repository's images (the listing starts on the first page asked for). */
  imageList(repo: Repository): RepositoryImages {
    const key = nodeId(repo);
    let entry = this.images.get(key);
    if (!entry) {
      entry = new RepositoryImages({
        source: (signal) => this.deps.sources.listImages(repo, signal),
        onSettled: () => this.deps.fire(repo),
        rowsOf: (images) => this.deps.sources.tagsOf(repo, images),
        sortBy: () => this.deps.sortBy(),
      });
      this.images.set(key, entry);
    }
    return entry;
  }

  /** Images listed so far (undefined when the repository was never expanded). */
  knownImages(repo: Repository): RepositoryImages | undefined {
    return this.images.get(nodeId(repo));
  }

  /** The sort order changed: every repository's rows are recomputed. */
  invalidateRows(): void {
    for (const entry of this.images.values()) entry.invalidateRows();
  }

  /** Ids of the registries and repositories whose listing failed. */
  failedIds(): string[] {
    const failed: string[] = [];
    for (const [key, list] of this.repositories) if (list.error !== undefined) failed.push(key);
    for (const [key, entry] of this.images) if (entry.list.error !== undefined) failed.push(key);
    return failed;
  }

  /** The platforms of a tag's image, read once (shared by expanding, hovering and the untagged group). */
  platformsOf(tag: Tag, quiet = false): Promise<PlatformListing | Problem> {
    const key = nodeId(tag);
    let pending = this.platforms.get(key);
    if (!pending) {
      pending = this.deps.sources
        .platforms(tag)
        .then((listing) => {
          const entry = this.images.get(nodeId(tag.parent));
          if (entry) {
            entry.fillPlatformSizes(listing.platforms);
            // Platform manifests just learnt leave the untagged group: redraw the repository's rows.
            if (entry.learnChildren(listing.referenced) && !quiet) this.deps.fire(tag.parent);
          }
          return listing;
        })
        .catch((err: unknown): Problem => {
          this.platforms.delete(key);
          this.deps.warn(`Reading the platforms of ${key} failed`, err);
          return { kind: 'problem', parent: tag, problem: this.deps.sources.toProblem(err, tag.parent.parent) };
        });
      this.platforms.set(key, pending);
    }
    return pending;
  }

  /** Forgets a tag's platforms (read again on the next expand). */
  dropPlatforms(tag: Tag): void {
    this.platforms.delete(nodeId(tag));
  }

  /** Cancels and forgets every listing whose node id matches. */
  dropWhere(match: (key: string) => boolean): void {
    for (const [key, list] of this.repositories) {
      if (match(key)) {
        list.cancel();
        this.repositories.delete(key);
      }
    }
    for (const [key, entry] of this.images) {
      if (match(key)) {
        entry.list.cancel();
        this.images.delete(key);
      }
    }
    for (const key of this.platforms.keys()) {
      if (match(key)) this.platforms.delete(key);
    }
  }
}
