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
  /** Most images of a repository loaded before the user asks for all (setting ecrExplorer.images.maxLoaded). */
  maxLoaded(): number;
}

/** Repositories with more images than this reload behind their rows on refresh (one ECR page). */
const SWAP_THRESHOLD = 1000;

export class TreeListings {
  private readonly repositories = new Map<string, PagedList<Repository>>();
  private readonly images = new Map<string, RepositoryImages>();
  /** A refreshed repository's new listing, loading in the background until it replaces the shown one. */
  private readonly reloading = new Map<string, RepositoryImages>();
  private readonly reloads = new Map<string, Promise<void>>();
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
      entry = this.newImages(repo, () => this.deps.fire(repo));
      this.images.set(key, entry);
    }
    return entry;
  }

  private newImages(repo: Repository, onSettled: () => void): RepositoryImages {
    return new RepositoryImages({
      source: (signal) => this.deps.sources.listImages(repo, signal),
      onSettled,
      rowsOf: (images) => this.deps.sources.tagsOf(repo, images),
      sortBy: () => this.deps.sortBy(),
      cap: this.deps.maxLoaded(),
    });
  }

  /** True while a refreshed repository's new listing loads behind the rows shown. */
  isReloading(repo: Repository): boolean {
    return this.reloading.has(nodeId(repo));
  }

  /**
   * Refresh of a repository whose images are shown: the listing starts again in the background and replaces
   * the rows only when it has ended (complete, capped or failed), so the tree neither collapses nor jumps. A
   * repository never loaded is simply forgotten. Resolves when the swap happened.
   */
  reloadImages(repo: Repository): Promise<void> {
    const key = nodeId(repo);
    const run = this.reload(repo, key).finally(() => {
      if (this.reloads.get(key) === run) this.reloads.delete(key);
    });
    this.reloads.set(key, run);
    return run;
  }

  /** Resolves when the repository's images stopped loading: a reload swapped in and the background load ended. */
  async imagesSettled(repo: Repository): Promise<void> {
    const key = nodeId(repo);
    while (this.reloads.has(key)) await this.reloads.get(key);
    await this.images.get(key)?.settled();
  }

  private async reload(repo: Repository, key: string): Promise<void> {
    const shown = this.images.get(key);
    this.reloading.get(key)?.cancel();
    this.reloading.delete(key);
    this.dropPlatformsUnder(key);
    // A repository that fits in one page simply lists again (a single call); bigger ones swap when done.
    if (!shown?.list.started || shown.list.items.length <= SWAP_THRESHOLD) {
      shown?.cancel();
      this.images.delete(key);
      this.deps.fire(repo);
      return;
    }
    // One request in flight per repository: the shown listing stops loading while the new one runs.
    shown.cancel();
    const next = this.newImages(repo, () => undefined);
    this.reloading.set(key, next);
    this.deps.fire(repo);
    await next.start();
    await next.settled();
    if (this.reloading.get(key) !== next) return;
    this.reloading.delete(key);
    this.images.set(key, next);
    this.deps.fire(repo);
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
    for (const map of [this.images, this.reloading]) {
      for (const [key, entry] of map) {
        if (match(key)) {
          entry.cancel();
          map.delete(key);
        }
      }
    }
    for (const key of this.platforms.keys()) {
      if (match(key)) this.platforms.delete(key);
    }
  }

  private dropPlatformsUnder(repoKey: string): void {
    for (const key of this.platforms.keys()) {
      if (key.startsWith(`${repoKey}:`)) this.platforms.delete(key);
    }
  }
}
