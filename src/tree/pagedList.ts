// Pages of an AsyncIterable pulled one at a time. The tree shows what has arrived; the next page is fetched
// ahead in the background (so "Load more…" is instant and the row disappears as soon as the source is known to
// be exhausted) but never awaited by the first paint. Single-flight: concurrent calls share one fetch.
export class PagedList<T> {
  readonly items: T[] = [];
  /** The failure that ended the listing, if any (a failed iterator cannot be resumed; refresh starts over). */
  error: unknown;
  private staged: T[] | undefined;
  private exhausted = false;
  private iterator: AsyncIterator<T[]> | undefined;
  private ahead: Promise<void> | undefined;
  private pending: Promise<void> | undefined;
  private readonly controller = new AbortController();

  /**
   * @param source starts the listing (called once, lazily) with a signal aborted by cancel().
   * @param onSettled called when a background fetch changed what the tree should show.
   */
  constructor(
    private readonly source: (signal: AbortSignal) => AsyncIterable<T[]>,
    private readonly onSettled: () => void = () => undefined,
    /** False stops the fetch ahead (a cap was reached: nothing beyond it is requested). */
    private readonly mayPrefetch: () => boolean = () => true,
  ) {}

  /** True while more pages may exist (unknown until the fetch ahead settles). */
  get hasMore(): boolean {
    return this.staged !== undefined || (!this.exhausted && this.error === undefined);
  }

  get started(): boolean {
    return this.iterator !== undefined;
  }

  /** Appends the next page (fetching it if it is not here yet), then starts fetching the one after. Never rejects. */
  loadNext(): Promise<void> {
    this.pending ??= this.take().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Resolves when the background fetch of the next page has settled (or at once when none runs). */
  settledAhead(): Promise<void> {
    return this.ahead ?? Promise.resolve();
  }

  private async take(): Promise<void> {
    if (this.staged === undefined && this.hasMore) await this.pullAhead();
    if (this.staged !== undefined) {
      for (const item of this.staged) this.items.push(item);
      this.staged = undefined;
    }
    if (this.hasMore && this.mayPrefetch()) {
      void this.pullAhead().then(() => {
        if (!this.controller.signal.aborted) this.onSettled();
      });
    }
  }

  private pullAhead(): Promise<void> {
    this.ahead ??= this.pull().finally(() => {
      this.ahead = undefined;
    });
    return this.ahead;
  }

  private async pull(): Promise<void> {
    try {
      this.iterator ??= this.source(this.controller.signal)[Symbol.asyncIterator]();
      const next = await this.iterator.next();
      if (next.done) this.exhausted = true;
      else this.staged = next.value;
    } catch (err) {
      this.error = err;
      this.exhausted = true;
    }
  }

  /** Stops a running listing (the node was refreshed or the view disposed). */
  cancel(): void {
    this.controller.abort();
    this.iterator?.return?.().catch(() => undefined);
  }
}

/**
 * Every item of a list as pages arrive (for quick picks): what is loaded, then each next page, loaded on demand
 * (`onLoaded` after each); rethrows the failure that ended the listing.
 */
export async function* drainPages<T>(list: PagedList<T>, onLoaded: () => void, signal?: AbortSignal): AsyncIterable<T[]> {
  let index = 0;
  for (;;) {
    if (index >= list.items.length) {
      if (!list.hasMore) break;
      await list.loadNext();
      onLoaded();
    }
    signal?.throwIfAborted();
    if (index < list.items.length) {
      const fresh = list.items.slice(index);
      index = list.items.length;
      yield fresh;
    }
  }
  if (list.error !== undefined) throw list.error;
}
