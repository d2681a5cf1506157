// The repositories' listings read in the background [pure], so that "a newer tag in the same line" reaches the
// Problems panel (and *Update to newest tag* the quick fixes) without a hover. It runs after a lookup round has
// published its problems (missing, stale digest, vulnerable): one repository at a time (one listing request in
// flight), only for repositories referenced with a version-like tag that exists (resolution.ts: hasVersionTag), and
// never while problems are off (the caller's `enabled`: the setting and workspace trust). The listing is cached by
// the resolver (loadVersions, `versionsTtlMs`), whose change event re-publishes the documents' problems. A failed
// listing is reported to `onFailure` (the caller logs it) and not tried again for `retryAfterMs`; it never
// interrupts the user.
import type { ProblemInfo } from '../model/types';
import type { ImageReference } from './imageReference';
import {
  hasVersionTag,
  repositoryKey,
  repositoryOf,
  type ReferenceResolution,
  type RepositoryAddress,
  type VersionsFailure,
} from './batches';

/** What the background listing needs from the resolver. */
export interface VersionsSource {
  peek(ref: ImageReference): ReferenceResolution | undefined;
  loadVersions(refs: Iterable<ImageReference>, signal?: AbortSignal): Promise<readonly VersionsFailure[]>;
}

export interface BackgroundVersionsOptions {
  /** Whether problems are on (setting and workspace trust); checked before every listing. */
  enabled(): boolean;
  /** A listing failed (or threw): logged by the caller, never shown as a notification. */
  onFailure(repo: RepositoryAddress, problem: ProblemInfo | undefined, error?: unknown): void;
  /** How long a repository whose listing failed is left alone (ms). Default 60 s. */
  retryAfterMs?: number;
  now?: () => number;
}

export class BackgroundVersions {
  /** Repositories waiting for their listing, in first-seen order, with a reference that names each. */
  private readonly queue = new Map<string, ImageReference>();
  private readonly failedAt = new Map<string, number>();
  private running: Promise<void> | undefined;
  private current: string | undefined;
  private abort = new AbortController();
  private disposed = false;
  private readonly retryAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: VersionsSource,
    private readonly opts: BackgroundVersionsOptions,
  ) {
    this.retryAfterMs = opts.retryAfterMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** A version-like tag that exists, in a repository whose versions are not known yet. */
  private wanted(ref: ImageReference): boolean {
    if (!hasVersionTag(ref)) return false;
    const r = this.source.peek(ref);
    return r?.state === 'resolved' && r.tagImage !== undefined && !r.versionsKnown;
  }

  /**
   * Queues the listing of the repositories of `refs` that need one (called after their problems were published) and
   * starts working through the queue if it is idle.
   */
  enqueue(refs: Iterable<ImageReference>): void {
    if (this.disposed || !this.opts.enabled()) return;
    for (const ref of refs) {
      const repo = repositoryOf(ref);
      if (!repo) continue;
      const key = repositoryKey(repo);
      if (this.queue.has(key) || this.current === key || !this.wanted(ref)) continue;
      const failed = this.failedAt.get(key);
      if (failed !== undefined && this.now() - failed < this.retryAfterMs) continue;
      this.queue.set(key, ref);
    }
    if (this.queue.size && !this.running) this.running = this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    // Let the caller finish (its problems are published first).
    await Promise.resolve();
    for (;;) {
      const next = this.queue.entries().next();
      if (next.done) return;
      const [key, ref] = next.value;
      this.queue.delete(key);
      if (this.disposed || !this.opts.enabled()) {
        this.queue.clear();
        return;
      }
      // The document may have closed or the answer changed meanwhile.
      if (!this.wanted(ref)) continue;
      // Read per repository: cancel() replaces the controller and the queue, the loop goes on with what comes next.
      const signal = this.abort.signal;
      this.current = key;
      try {
        const failures = await this.source.loadVersions([ref], signal);
        for (const f of failures) {
          this.failedAt.set(key, this.now());
          this.opts.onFailure(f.repo, f.problem);
        }
      } catch (err) {
        if (!signal.aborted) {
          this.failedAt.set(key, this.now());
          this.opts.onFailure(repositoryOf(ref)!, undefined, err);
        }
      } finally {
        this.current = undefined;
      }
    }
  }

  /** How many repositories wait for their listing (for tests). */
  get queued(): number {
    return this.queue.size;
  }

  /** Stops the listing in flight and forgets the queue (Refresh, settings changed); failed repositories may be tried again. */
  cancel(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.queue.clear();
    this.failedAt.clear();
    // The aborted listing ends on its own; the repository may be queued again at once.
    this.current = undefined;
  }

  /** Resolves when nothing is queued or running (tests and the bench). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
}
