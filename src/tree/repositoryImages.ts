// The images of one repository as the tree shows them [pure]: the paged listing, its tag rows in the configured
// order, the untagged images (under an "Untagged (N)" group) minus the platform manifests learnt from the image
// indexes read so far, and the images by digest (a platform row's size).
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
  /** A background fetch changed what the tree should show. */
  onSettled: () => void;
  /** Tag rows of loaded images, in the configured order. */
  rowsOf: (images: Image[]) => Tag[];
  /** The configured order (the rows are recomputed when it changes). */
  sortBy: () => string;
}

export class RepositoryImages {
  readonly list: PagedList<Image>;
  /**
   * Rows derived from list.items, recomputed when the item count or sort order changes: tag rows, and the rows of
   * untagged images (shown under the "Untagged (N)" group).
   */
  private rows: { count: number; sortBy: string; tagged: Tag[]; untagged: Tag[] } | undefined;
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

  constructor(private readonly options: RepositoryImagesOptions) {
    this.list = new PagedList<Image>(options.source, options.onSettled);
  }

  /** Forgets the rows (the sort order changed); they are recomputed on the next read. */
  invalidateRows(): void {
    this.rows = undefined;
  }

  /** Tagged and untagged rows of every loaded image. */
  tagRows(): { tagged: Tag[]; untagged: Tag[] } {
    const sortBy = this.options.sortBy();
    if (!this.rows || this.rows.count !== this.list.items.length || this.rows.sortBy !== sortBy) {
      const all = this.list.items.length ? this.options.rowsOf(this.list.items) : [];
      this.rows = {
        count: this.list.items.length,
        sortBy,
        tagged: all.filter((t) => t.tag !== undefined),
        untagged: all.filter((t) => t.tag === undefined),
      };
    }
    return this.rows;
  }

  /** Rows of newly loaded images (for quick picks), without the platform manifests learnt so far. */
  rowsOfPage(images: Image[]): Tag[] {
    return this.options.rowsOf(images).filter((t) => t.tag !== undefined || !this.children.has(t.image.digest));
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

  /** Indexes newly loaded images by digest. */
  private indexImages(): void {
    const items = this.list.items;
    for (; this.indexed < items.length; this.indexed++) {
      const image = items[this.indexed];
      if (image.digest) this.byDigest.set(image.digest, image);
    }
  }
}
