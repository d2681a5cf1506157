// Token expiry arithmetic for the status bar and the token cache. Pure: every function takes wall-clock
// instants (ms since epoch) as inputs, so there are no ticking counters to drift after sleep or a clock change.
import { message, type Message } from '../model/message';

export type ExpiryLevel = 'ok' | 'warning' | 'expired';

const MINUTE_MS = 60_000;

/** Milliseconds left until `expiresAt` (negative once expired). */
export function remainingMs(expiresAt: number, now: number): number {
  return expiresAt - now;
}

/**
 * `expired` when nothing is left (remaining ≤ 0); `warning` when the remaining time is at most `warningMs`
 * (exactly at the threshold counts as warning); otherwise `ok`. A non-finite expiry is treated as expired.
 */
export function expiryLevel(expiresAt: number, now: number, warningMs: number): ExpiryLevel {
  const left = remainingMs(expiresAt, now);
  if (!Number.isFinite(left) || left <= 0) {
    return 'expired';
  }
  return left <= warningMs ? 'warning' : 'ok';
}

/** The messages of this module (a compact remaining time); src/l10n/tokenMessages.ts renders them. */
export const TOKEN_MESSAGE_IDS = ['token.expired', 'token.lessThanMinute', 'token.hoursMinutes', 'token.hours', 'token.minutes'] as const;
export type TokenMessageId = (typeof TOKEN_MESSAGE_IDS)[number];
export type TokenMessage = Message<TokenMessageId>;

/**
 * Compact remaining time as a message: "11h 42m", "12h", "42m", "<1m", "expired" once rendered (the words and
 * their order come from the display language). Minutes are rounded down so the text never promises more time
 * than is left.
 */
export function formatRemaining(ms: number): TokenMessage {
  if (!Number.isFinite(ms) || ms <= 0) {
    return message('token.expired');
  }
  const totalMinutes = Math.floor(ms / MINUTE_MS);
  if (totalMinutes < 1) {
    return message('token.lessThanMinute');
  }
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) {
    return message('token.minutes', minutes);
  }
  return minutes === 0 ? message('token.hours', hours) : message('token.hoursMinutes', hours, minutes);
}

/**
 * Absolute local date and time of an instant, e.g. "Jan 2, 2026, 3:04 PM" (en-US) or "2026/01/02 15:04" (ja).
 * `timeZone` defaults to the machine's zone; tests pass one explicitly.
 */
export function formatExpiryTime(instant: number, locale?: string, timeZone?: string): string {
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  return fmt.format(new Date(instant));
}

/**
 * When a cached token should be replaced: half way through its lifetime.
 * Why half: amazon-ecr-credential-helper (ecr-login/cache AuthEntry.IsValid) treats a cached token as valid
 * until half of its requested window has passed, so a 12-hour ECR token is reused for 6 hours. That leaves
 * anything that copied the token (a `docker login` credential store, a long pull) hours of validity, while the
 * cache still avoids one GetAuthorizationToken call per click. A token issued already expired (lifetime ≤ 0,
 * e.g. moto's fixed 2015 expiry) renews immediately.
 */
export function renewAt(issuedAt: number, expiresAt: number): number {
  const lifetime = expiresAt - issuedAt;
  if (!Number.isFinite(lifetime) || lifetime <= 0) {
    return issuedAt;
  }
  return issuedAt + lifetime / 2;
}

/**
 * Milliseconds until the wall clock's next minute boundary (for redrawing an absolute "HH:MM" time).
 * Always in (0, 60000], so a timer set with it never spins.
 */
export function msUntilNextMinute(now: number): number {
  const into = ((now % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
  return MINUTE_MS - into;
}

/**
 * Milliseconds until `formatRemaining(remainingMs(expiresAt, now))` shows a different text, so a status bar can
 * sleep exactly that long (and re-evaluate from the wall clock when it wakes). Undefined once expired: the text
 * no longer changes. Always in [1, 60000] otherwise.
 */
export function msUntilRemainingChanges(expiresAt: number, now: number): number | undefined {
  const left = remainingMs(expiresAt, now);
  if (!Number.isFinite(left) || left <= 0) {
    return undefined;
  }
  // Below a minute the next change is "expired" at zero; above, the first instant below the current whole minute.
  return left < MINUTE_MS ? left : (left % MINUTE_MS) + 1;
}

export interface ExpirySummary<T> {
  /** Worst level across all items: expired > warning > ok. */
  level: ExpiryLevel;
  /** The still-valid item that expires first (what a status bar shows), if any. */
  next?: T;
  counts: Record<ExpiryLevel, number>;
}

/** Summarise many registries' expiries at one instant; undefined for an empty list. */
export function summarizeExpiries<T extends { expiresAt: number }>(
  items: readonly T[],
  now: number,
  warningMs: number,
): ExpirySummary<T> | undefined {
  if (items.length === 0) {
    return undefined;
  }
  const counts: Record<ExpiryLevel, number> = { ok: 0, warning: 0, expired: 0 };
  let next: T | undefined;
  for (const item of items) {
    const level = expiryLevel(item.expiresAt, now, warningMs);
    counts[level]++;
    if (level !== 'expired' && (next === undefined || item.expiresAt < next.expiresAt)) {
      next = item;
    }
  }
  const level: ExpiryLevel = counts.expired > 0 ? 'expired' : counts.warning > 0 ? 'warning' : 'ok';
  return { level, next, counts };
}
