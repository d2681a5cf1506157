// Reading JSON-shaped values from servers and files [pure]: nothing is assumed about their shape.

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A time → ms since epoch: a Date (SDK), epoch seconds (AWS JSON as sent; fractions are milliseconds, rounded as
 * the SDK reads them) or an ISO string (moto, some fields); anything else or an invalid time → undefined.
 */
export function epochMs(value: unknown): number | undefined {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? Math.round(value * 1000)
        : typeof value === 'string'
          ? Date.parse(value)
          : NaN;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : undefined;
}

/** `epochMs` as a Date (the same object when it already is a valid Date). */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value : undefined;
  const ms = epochMs(value);
  return ms === undefined ? undefined : new Date(ms);
}
