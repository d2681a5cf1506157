// Summaries of scan findings: worst severity, totals, counts per severity, findings grouped by package.
import { SEVERITY_ORDER, compareSeverity, type Finding, type Severity, type SeverityCounts } from './model';

/** The worst severity with a non-zero count; undefined when nothing was found. */
export function worstOf(counts: SeverityCounts | undefined): Severity | undefined {
  if (!counts) return undefined;
  return SEVERITY_ORDER.find((s) => (counts[s] ?? 0) > 0);
}

export function totalOf(counts: SeverityCounts | undefined): number {
  if (!counts) return 0;
  let n = 0;
  for (const s of SEVERITY_ORDER) n += counts[s] ?? 0;
  return n;
}

/** [severity, count] for every severity with a count, worst first. */
export function countRows(counts: SeverityCounts | undefined): Array<[Severity, number]> {
  if (!counts) return [];
  return SEVERITY_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) => [s, counts[s] as number]);
}

export interface PackageGroup {
  /** Package name; '' for findings that name no package. */
  name: string;
  /** Worst severity among its findings. */
  worst: Severity;
  counts: SeverityCounts;
  /** Installed versions seen for this package, in first-seen order. */
  versions: string[];
  /** Fixed-in versions seen (enhanced scanning), in first-seen order. */
  fixedIn: string[];
  findings: Finding[];
}

/**
 * Findings grouped by package (a finding that names several packages appears in each), groups ordered by worst
 * severity, then by number of findings, then by name. Findings keep their input order inside a group.
 */
export function groupByPackage(findings: readonly Finding[]): PackageGroup[] {
  const groups = new Map<string, PackageGroup>();
  const add = (name: string, f: Finding, version?: string, fixedIn?: string): void => {
    let g = groups.get(name);
    if (!g) {
      g = { name, worst: f.severity, counts: {}, versions: [], fixedIn: [], findings: [] };
      groups.set(name, g);
    }
    if (g.findings[g.findings.length - 1] !== f) {
      g.findings.push(f);
      g.counts[f.severity] = (g.counts[f.severity] ?? 0) + 1;
      if (compareSeverity(f.severity, g.worst) < 0) g.worst = f.severity;
    }
    if (version && !g.versions.includes(version)) g.versions.push(version);
    if (fixedIn && !g.fixedIn.includes(fixedIn)) g.fixedIn.push(fixedIn);
  };
  for (const f of findings) {
    if (f.packages.length === 0) add('', f);
    for (const p of f.packages) add(p.name, f, p.version, p.fixedIn);
  }
  return [...groups.values()].sort(
    (a, b) =>
      compareSeverity(a.worst, b.worst) ||
      b.findings.length - a.findings.length ||
      (a.name === '' ? 1 : 0) - (b.name === '' ? 1 : 0) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
