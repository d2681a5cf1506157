// The images of one repository as the tree shows them [pure]. The first page paints at once; the remaining pages
// load in the background (one request at a time, cancellable, up to a cap) and the rows are sorted once, across
// every loaded page, when the listing ends. Until then the rows are provisional (the first pages' order says
// nothing about the newest image). Also: the untagged images (under an "Untagged (N)" group) minus the platform
// manifests learnt from the image indexes read so far, and the images by digest (a platform row's size).
import type { Image, Platform, Repository, Tag, UntaggedGroup } from '../model/types';
import { isMultiArch } from './format';
import { PagedList } from './pagedList';

/** Most image indexes read to tell an untagged group's platform manifests from untagged images of their own. */
export const MAX_INDEXES_READ = 200;
/** Indexes read at the same time for that. */
const INDEX_READS_AT_ONCE = 4;

export interface RepositoryImagesOptions {
  /** Starts the listing (lazily, once) with a signal aborted by cancel(). */
  source: (signal: AbortSignal) => AsyncIterable<Image[]>;
  /** What the repository shows changed (a page arrived, the listing ended). */
  onSettled: () => void;
  /** Tag rows of loaded images, in the configured order. */
  rowsOf: (images: Image[]) => Tag[];
  /** The configured order (the rows are recomputed when it changes). */
  sortBy: () => string;
  /** Most images loaded before the user asks for all of them (Load All). */
  cap: number;
}

/** How far the listing is, for the repository row. */
export interface ImagesStatus {
  /** Images loaded so far. */
  loaded: number;
  /** Pages are still being fetched in the background. */
  loading: boolean;
  /** Every image is loaded: the order and the counts are final. */
  complete: boolean;
  /** Loading stopped at the cap while more images exist (or may exist). */
  capped: boolean;
  cap: number;
  /** The listing failed (the rows loaded before stay). */
  failed: boolean;
  /** Once complete or capped: rows with a tag, and images without one (platform manifests learnt excluded). */
  tags?: number;
  untagged?: number;
}

interface Rows {
  count: number;
  sortBy: string;
  provisional: boolean;
  tagged: Tag[];
  untagged: Tag[];
}

export class RepositoryImages {
  readonly list: PagedList<Image>;
  private cap: number;
  private rows: Rows | undefined;
  /** The background load of the pages after the first (single-flight). */
  private background: Promise<void> | undefined;
  private cancelled = false;
  /** Resolved (and replaced) whenever a page arrives or the listing ends: pickers wait on it. */
  private progress = deferred();
  /**
   * Digests the repository's image indexes reference, learnt whenever an index's platforms are read. ECR's
   * DescribeImages lists each platform manifest as an untagged image; these are not untagged images of their own.
   */
  private readonly children = new Set<string>();
  /** digest → loaded image (the size of a platform's image), extended as pages arrive. */
  private readonly byDigest = new Map<string, Image>();
  private indexed = 0;
  /** Reading the loaded indexes for the untagged group (for `resolvedCount` loaded images). */
  private resolving: Promise<void> | undefined;
  private resolvedCount: number | undefined;
  /** The group was expanded: it stays (as "Untagged (0)") when reading the indexes leaves nothing in it. */
  private groupOpened = false;
  /** The current "Untagged (N)" row, the parent of the untagged rows (the same instance while N stays). */
  private group: UntaggedGroup | undefined;
  private newest: { count: number; image: Image | undefined } | undefined;

  constructor(private readonly options: RepositoryImagesOptions) {
    this.cap = Math.max(1, options.cap);
    // Page-level notifications come from the background loop; the list only fetches ahead below the cap.
    this.list = new PagedList<Image>(
      options.source,
      () => undefined,
      () => this.list.items.length < this.cap,
    );
  }

  /** Loads the first page (shown at once) and starts loading the rest in the background. Never rejects. */
  async start(): Promise<void> {
    if (!this.list.started) {
      await this.list.loadNext();
      // A one-page repository is usually known to be complete at once: no provisional rows, no flicker.
      await Promise.race([this.list.settledAhead(), new Promise((resolve) => setTimeout(resolve, 0))]);
    }
    if (this.list.hasMore) void this.continueLoading();
  }

  /** The background load: resolves when the listing is complete, capped, failed or cancelled. Never rejects. */
  continueLoading(): Promise<void> {
    this.background ??= (async () => {
      // Settle after the assignment above, even when there is nothing left to load.
      await Promise.resolve();
      try {
        while (!this.cancelled && this.list.hasMore && this.list.error === undefined && this.list.items.length < this.cap) {
          await this.list.loadNext();
          if (this.cancelled) return;
          this.notify();
        }
      } finally {
        this.background = undefined;
        // The order and the counts are final now: the next read sorts once.
        this.rows = undefined;
        if (!this.cancelled) this.notify();
      }
    })();
    return this.background;
  }

  /** Resolves when the background load has ended (at once when none runs). */
  settled(): Promise<void> {
    return this.background ?? Promise.resolve();
  }

  /** Load All: lifts the cap and loads the rest. */
  loadAll(): Promise<void> {
    this.cap = Number.POSITIVE_INFINITY;
    return this.continueLoading();
  }

  status(): ImagesStatus {
    const loaded = this.list.items.length;
    const failed = this.list.error !== undefined;
    const loading = this.background !== undefined;
    const complete = !failed && !this.list.hasMore;
    const capped = !failed && !loading && this.list.hasMore && loaded >= this.cap;
    const status: ImagesStatus = { loaded, loading, complete, capped, cap: this.cap, failed };
    if (this.list.started && !loading && (complete || capped)) {
      const rows = this.tagRows();
      status.tags = rows.tagged.length;
      status.untagged = this.visibleUntagged().length;
    }
    return status;
  }

  /** Stops the background load (the node was refreshed or the view disposed). */
  cancel(): void {
    this.cancelled = true;
    this.list.cancel();
    this.notify();
  }

  /** Forgets the rows (the sort order changed); they are recomputed on the next read. */
  invalidateRows(): void {
    this.rows = undefined;
  }

  /**
   * Tagged and untagged rows. While pages are still loading these are the rows of what was loaded when first
   * asked, marked provisional, and kept as they are (no re-sort per page); once loading ends, every loaded image
   * is sorted once.
   */
  tagRows(): { tagged: Tag[]; untagged: Tag[]; provisional: boolean } {
    const sortBy = this.options.sortBy();
    const provisional = this.background !== undefined && this.list.hasMore;
    const stale =
      !this.rows ||
      this.rows.sortBy !== sortBy ||
      this.rows.provisional !== provisional ||
      (!provisional && this.rows.count !== this.list.items.length);
    if (stale) {
      const all = this.list.items.length ? this.options.rowsOf(this.list.items) : [];
      if (provisional) for (const row of all) row.provisional = true;
      this.rows = {
        count: this.list.items.length,
        sortBy,
        provisional,
        tagged: all.filter((t) => t.tag !== undefined),
        untagged: all.filter((t) => t.tag === undefined),
      };
    }
    return this.rows as Rows;
  }

  /** Rows (in the configured order) of every loaded image with a tag containing `needle` (lower case). */
  matchingRows(needle: string): Tag[] {
    const matches = this.list.items.filter((image) => image.tags.some((tag) => tag.toLowerCase().includes(needle)));
    return this.options.rowsOf(matches).filter((t) => t.tag !== undefined && t.tag.toLowerCase().includes(needle));
  }

  /** Rows of newly loaded images (for quick picks), without the platform manifests learnt so far. */
  rowsOfPage(images: Image[]): Tag[] {
    return this.options.rowsOf(images).filter((t) => t.tag !== undefined || !this.children.has(t.image.digest));
  }

  /** The most recently pushed image, once the listing ended (until then "newest" is not known); computed once. */
  newestImage(): Image | undefined {
    if (this.background !== undefined) return undefined;
    const count = this.list.items.length;
    if (this.newest?.count !== count) {
      let image: Image | undefined;
      for (const img of this.list.items) {
        if (img.pushedAt && (!image?.pushedAt || img.pushedAt > image.pushedAt)) image = img;
      }
      this.newest = { count, image };
    }
    return this.newest.image;
  }

  /** A loaded image carrying exactly this tag. */
  loadedTag(tag: string): Image | undefined {
    return this.list.items.find((image) => image.tags.includes(tag));
  }

  /**
   * Every loaded image, then the ones that arrive, a page at a time (for quick picks); starts the listing and the
   * background load when needed, never past the cap.
   */
  async *pages(signal?: AbortSignal): AsyncIterable<Image[]> {
    await this.start();
    let index = 0;
    for (;;) {
      signal?.throwIfAborted();
      const waiting = this.progress.promise;
      const items = this.list.items;
      if (index < items.length) {
        const fresh = items.slice(index);
        index = items.length;
        yield fresh;
        continue;
      }
      if (this.background === undefined) break;
      await abortable(waiting, signal);
    }
    if (this.list.error !== undefined && index === 0) throw this.list.error;
  }

  /** The untagged rows that are not platform manifests of an index read so far. */
  visibleUntagged(): Tag[] {
    const untagged = this.rows?.untagged ?? [];
    return this.children.size ? untagged.filter((t) => !this.children.has(t.image.digest)) : untagged;
  }

  /** The "Untagged (N)" row of the repository, or undefined when it has no untagged image to show. */
  untaggedGroup(repo: Repository): UntaggedGroup | undefined {
    this.tagRows();
    const count = this.visibleUntagged().length;
    if (count === 0 && !(this.groupOpened && this.rows?.untagged.length)) {
      this.group = undefined;
      return undefined;
    }
    if (this.group && this.group.parent === repo && this.group.count === count) return this.group;
    this.group = { kind: 'untaggedGroup', parent: repo, count };
    return this.group;
  }

  /** The group was expanded. */
  openGroup(): void {
    this.groupOpened = true;
  }

  /** True when a loaded image carries a tag containing `needle` (lower case). */
  hasMatchingTag(needle: string): boolean {
    return this.list.items.some((image) => image.tags.some((tag) => tag.toLowerCase().includes(needle)));
  }

  /**
   * Reads the loaded image indexes (at most MAX_INDEXES_READ, INDEX_READS_AT_ONCE at a time, with `readIndex`
   * shared with expanding their rows) so their platform manifests leave the untagged group. Only when an untagged
   * single-arch image could be one; once per number of loaded images.
   */
  resolveChildren(readIndex: (tag: Tag) => Promise<unknown>): Promise<void> {
    const count = this.list.items.length;
    if (this.resolving && this.resolvedCount === count) return this.resolving;
    this.resolvedCount = count;
    this.resolving = (async () => {
      const { tagged, untagged } = this.tagRows();
      if (!untagged.some((t) => !isMultiArch(t.image) && !this.children.has(t.image.digest))) return;
      const seen = new Set<string>();
      const indexes: Tag[] = [];
      for (const t of [...tagged, ...untagged]) {
        if (isMultiArch(t.image) && t.image.digest && !seen.has(t.image.digest) && indexes.length < MAX_INDEXES_READ) {
          seen.add(t.image.digest);
          indexes.push(t);
        }
      }
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < indexes.length) await readIndex(indexes[next++]);
      };
      await Promise.all(Array.from({ length: Math.min(INDEX_READS_AT_ONCE, indexes.length) }, worker));
    })();
    return this.resolving;
  }

  /** A platform row shows its image's size when DescribeImages listed the platform manifest (as an untagged image). */
  fillPlatformSizes(platforms: Platform[]): void {
    this.indexImages();
    for (const p of platforms) {
      const size = this.byDigest.get(p.digest)?.sizeBytes;
      if (size !== undefined) p.sizeBytes = size;
    }
  }

  /** Remembers what an index references; true when that hides a loaded untagged row. */
  learnChildren(referenced: string[]): boolean {
    this.indexImages();
    let hides = false;
    for (const digest of referenced) {
      if (this.children.has(digest)) continue;
      this.children.add(digest);
      if (this.byDigest.get(digest)?.tags.length === 0) hides = true;
    }
    return hides;
  }

  private notify(): void {
    const done = this.progress;
    this.progress = deferred();
    done.resolve();
    this.options.onSettled();
  }

  /** Indexes newly loaded images by digest. */
  private indexImages(): void {
    const items = this.list.items;
    for (; this.indexed < items.length; this.indexed++) {
      const image = items[this.indexed];
      if (image.digest) this.byDigest.set(image.digest, image);
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function abortable(promise: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return promise;
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
