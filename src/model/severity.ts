// The severity order of scan findings and everything derived from it, in one place for every layer: rank and
// comparator, the lenient reading of a server's severity string, and summaries of counts per severity.
import type { Severity, SeverityCounts } from './types';

/** Worst first. Enhanced scanning's UNTRIAGED is folded into UNDEFINED (both mean "no severity assigned"). */
export const SEVERITY_ORDER: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];

const RANK: Readonly<Record<Severity, number>> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFORMATIONAL: 4, UNDEFINED: 5 };

/** The codicon of each severity, wherever one is drawn (tree, report page): always beside its word, never alone. */
export const SEVERITY_CODICON: Readonly<Record<Severity, 'error' | 'warning' | 'info' | 'question'>> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'info',
  INFORMATIONAL: 'info',
  UNDEFINED: 'question',
};

/** 0 for CRITICAL … 5 for UNDEFINED (the index in SEVERITY_ORDER). */
export function severityRank(s: Severity): number {
  return RANK[s];
}

/** Sort comparator: worst severity first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[a] - RANK[b];
}

/** A server's severity string as one of ours (case-insensitive; UNTRIAGED and anything unknown → UNDEFINED). */
export function toSeverity(value: unknown): Severity {
  if (typeof value !== 'string') return 'UNDEFINED';
  // As the API spells them (the common case): no copies.
  if (Object.prototype.hasOwnProperty.call(RANK, value)) return value as Severity;
  const upper = value.trim().toUpperCase();
  return Object.prototype.hasOwnProperty.call(RANK, upper) ? (upper as Severity) : 'UNDEFINED';
}

/**
 * The worst severity with a count above 0, or undefined when nothing was found (or there are no counts).
 * UNDEFINED counts as a finding: an image with only unrated findings still has findings.
 */
export function worstSeverity(counts: SeverityCounts | undefined): Severity | undefined {
  if (!counts) return undefined;
  return SEVERITY_ORDER.find((s) => (counts[s] ?? 0) > 0);
}

/** The sum of the counts of every severity. */
export function totalOf(counts: SeverityCounts | undefined): number {
  if (!counts) return 0;
  let n = 0;
  for (const s of SEVERITY_ORDER) n += counts[s] ?? 0;
  return n;
}

/** [severity, count] for every severity with a count above 0, worst first. */
export function countRows(counts: SeverityCounts | undefined): Array<[Severity, number]> {
  if (!counts) return [];
  return SEVERITY_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) => [s, counts[s] as number]);
}
