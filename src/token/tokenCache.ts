// A keyed cache for expiring credentials (ECR authorization tokens, registry bearer tokens): reuse until the
// renew point, one in-flight fetch per key, failures never cached. Pure and clock-injectable.
import { renewAt as halfLifeRenewAt } from './expiry';

export interface TokenCacheOptions {
  /** Wall clock in ms since epoch; defaults to Date.now. */
  clock?: () => number;
  /** When to replace a value issued at `issuedAt`; defaults to half its lifetime (see expiry.renewAt). */
  renewAt?: (issuedAt: number, expiresAt: number) => number;
}

/**
 * If the wall clock moved back to before a value's issue time by more than this, the renew arithmetic is no
 * longer trustworthy (e.g. the machine's clock was corrected): fetch again rather than serve a token whose
 * lifetime we cannot judge. Small backward steps (NTP slews) are tolerated.
 */
const CLOCK_BACK_TOLERANCE_MS = 5 * 60_000;

interface Entry<T> {
  value: T;
  issuedAt: number;
  renewAt: number;
}

export class TokenCache<T extends { expiresAt: Date }> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inflight = new Map<string, Promise<T>>();
  private readonly clock: () => number;
  private readonly renewPoint: (issuedAt: number, expiresAt: number) => number;

  constructor(opts: TokenCacheOptions = {}) {
    this.clock = opts.clock ?? Date.now;
    this.renewPoint = opts.renewAt ?? halfLifeRenewAt;
  }

  /**
   * The cached value while `now` is before its renew point (and before its expiry, in case the clock jumped);
   * otherwise one shared call to `fetcher` per key, however many callers wait. A rejected fetch is not cached
   * and the next `get` tries again. The issue time is taken when the fetch resolves.
   */
  get(key: string, fetcher: () => Promise<T>, now: number = this.clock()): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && now < entry.renewAt && now < entry.value.expiresAt.getTime() && now >= entry.issuedAt - CLOCK_BACK_TOLERANCE_MS) {
      return Promise.resolve(entry.value);
    }
    const pending = this.inflight.get(key);
    if (pending) {
      return pending;
    }
    let promise: Promise<T>;
    try {
      promise = Promise.resolve(fetcher());
    } catch (err) {
      promise = Promise.reject(err);
    }
    const tracked = promise.then(
      (value) => {
        // Only the fetch still registered may store: invalidate() during a fetch means "don't keep this".
        if (this.inflight.get(key) === tracked) {
          this.inflight.delete(key);
          const issuedAt = this.clock();
          this.entries.set(key, { value, issuedAt, renewAt: this.renewPoint(issuedAt, value.expiresAt.getTime()) });
        }
        return value;
      },
      (err: unknown) => {
        if (this.inflight.get(key) === tracked) {
          this.inflight.delete(key);
        }
        throw err;
      },
    );
    this.inflight.set(key, tracked);
    return tracked;
  }

  /** The cached value if it has not expired yet (it may be past its renew point); never fetches. */
  peek(key: string, now: number = this.clock()): T | undefined {
    const entry = this.entries.get(key);
    return entry && now < entry.value.expiresAt.getTime() ? entry.value : undefined;
  }

  /** When the cached value for `key` was issued and will be renewed, for display and scheduling. */
  info(key: string): { issuedAt: number; renewAt: number; expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    return entry && { issuedAt: entry.issuedAt, renewAt: entry.renewAt, expiresAt: entry.value.expiresAt.getTime() };
  }

  /** Forget the value and detach any in-flight fetch (its result will not be stored). */
  invalidate(key: string): void {
    this.entries.delete(key);
    this.inflight.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.inflight.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
