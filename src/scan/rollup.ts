// Findings grouped by package (the counts per severity are summarised by model/severity.ts).
import { compareSeverity } from '../model/severity';
import type { SeverityCounts } from '../model/types';
import type { Finding, Severity } from './model';

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
