// Repository settings as choices: the four tag mutability settings, exclusion filter input, and whether a change
// narrows what users can do (fewer tags that may be overwritten), which the Repository Settings pick confirms.

export const MUTABILITIES = ['MUTABLE', 'IMMUTABLE', 'MUTABLE_WITH_EXCLUSION', 'IMMUTABLE_WITH_EXCLUSION'] as const;
export type Mutability = (typeof MUTABILITIES)[number];

export const MAX_EXCLUSION_FILTERS = 5;
const FILTER_RE = /^[0-9a-zA-Z._*-]{1,128}$/;

export const hasExclusions = (m: string): boolean => m === 'MUTABLE_WITH_EXCLUSION' || m === 'IMMUTABLE_WITH_EXCLUSION';

/** Parses "dev-*, test-*" into filters; returns the first invalid entry instead when there is one. */
export function parseExclusionFilters(input: string): { filters: string[] } | { invalid: string } | { tooMany: number } {
  const filters = [
    ...new Set(
      input
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const bad = filters.find((f) => !FILTER_RE.test(f));
  if (bad !== undefined) return { invalid: bad };
  if (filters.length === 0) return { invalid: '' };
  if (filters.length > MAX_EXCLUSION_FILTERS) return { tooMany: filters.length };
  return { filters };
}

const subset = (a: readonly string[], b: readonly string[]): boolean => a.every((x) => b.includes(x));

/**
 * True when the change may leave some tag immutable that could be overwritten before. Filters are compared as sets
 * (a wildcard covering another is not worked out), so an undecidable change counts as narrowing and is confirmed.
 */
export function narrowsMutability(from: string, fromFilters: readonly string[], to: string, toFilters: readonly string[]): boolean {
  if (to === 'MUTABLE') return false;
  if (from === 'IMMUTABLE') return false;
  if (to === 'IMMUTABLE') return true;
  if (from === 'MUTABLE') return true;
  if (from === 'IMMUTABLE_WITH_EXCLUSION' && to === 'IMMUTABLE_WITH_EXCLUSION') return !subset(fromFilters, toFilters);
  if (from === 'MUTABLE_WITH_EXCLUSION' && to === 'MUTABLE_WITH_EXCLUSION') return !subset(toFilters, fromFilters);
  return true;
}
