// Display text for tree rows and tooltips (pure: no vscode; the caller passes VS Code's display language).
import type { Image } from '../model/types';

export const MULTI_ARCH_MEDIA_TYPES: readonly string[] = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

export function isMultiArch(image: Pick<Image, 'mediaType'>): boolean {
  return image.mediaType !== undefined && MULTI_ARCH_MEDIA_TYPES.includes(image.mediaType);
}

/** `sha256:0123456789ab` (algorithm + first 12 hex digits), as docker shows image ids. */
export function shortDigest(digest: string): string {
  const [algo, hex] = digest.includes(':') ? digest.split(':', 2) : ['', digest];
  return algo ? `${algo}:${hex.slice(0, 12)}` : hex.slice(0, 12);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 days ago", "in 2 hours", "now" in the given language. */
export function relativeTime(when: Date, now: number, lang?: string): string {
  // An invalid date (untrusted server data) has no sensible text; Intl would throw on it.
  if (!Number.isFinite(when.getTime())) return '';
  const diff = when.getTime() - now;
  const fmt = new Intl.RelativeTimeFormat(safeLocale(lang), { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return fmt.format(Math.round(diff / ms), unit);
  }
  return fmt.format(0, 'second');
}

/** Decimal (SI) units like `docker images`: "12.3 MB". */
export function formatSize(bytes: number, lang?: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return new Intl.NumberFormat(safeLocale(lang), {
    style: 'unit',
    unit: units[i],
    unitDisplay: 'short',
    maximumFractionDigits: i === 0 ? 0 : 1,
  }).format(value);
}

export function formatDateTime(when: Date, lang?: string): string {
  if (!Number.isFinite(when.getTime())) return '';
  return new Intl.DateTimeFormat(safeLocale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(when);
}

function safeLocale(lang?: string): string | undefined {
  if (!lang) return undefined;
  try {
    return Intl.getCanonicalLocales(lang)[0];
  } catch {
    return undefined;
  }
}
