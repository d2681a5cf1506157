// How images of a repository get scanned: the registry's scanning configuration (basic or enhanced, rules with
// repository filters) combined with the repository's own scan-on-push flag.
import type { ScanType } from './model';

export type ScanFrequency = 'SCAN_ON_PUSH' | 'CONTINUOUS_SCAN' | 'MANUAL';

export interface ScanningRule {
  frequency: ScanFrequency;
  /** Wildcard filters (`*` matches any run of characters), e.g. `prod-*`. */
  filters: string[];
}

export interface RegistryScanning {
  scanType: ScanType;
  rules: ScanningRule[];
}

export interface RepositoryScanning {
  scanType: ScanType;
  frequency: ScanFrequency;
  /** Where the frequency comes from: a registry rule (with the filter that matched) or the repository's flag. */
  source: 'registryRule' | 'repository' | 'default';
  filter?: string;
}

const PRECEDENCE: Readonly<Record<ScanFrequency, number>> = { CONTINUOUS_SCAN: 0, SCAN_ON_PUSH: 1, MANUAL: 2 };

/** ECR's wildcard filter: `*` matches any characters (including none); everything else literally. */
export function matchesWildcard(filter: string, name: string): boolean {
  const pattern = filter
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(name);
}

/**
 * The scanning that applies to a repository: the matching registry rule with the highest precedence
 * (continuous before scan on push before manual); without one, the repository's legacy scan-on-push flag
 * (basic scanning only), else manual.
 */
export function scanningForRepository(
  registry: RegistryScanning | undefined,
  repositoryName: string,
  repositoryScanOnPush: boolean | undefined,
): RepositoryScanning {
  const scanType = registry?.scanType ?? 'BASIC';
  let best: { frequency: ScanFrequency; filter: string } | undefined;
  for (const rule of registry?.rules ?? []) {
    const filter = rule.filters.find((f) => matchesWildcard(f, repositoryName));
    if (filter === undefined) continue;
    if (!best || PRECEDENCE[rule.frequency] < PRECEDENCE[best.frequency]) best = { frequency: rule.frequency, filter };
  }
  if (best) return { scanType, frequency: best.frequency, source: 'registryRule', filter: best.filter };
  if (scanType === 'BASIC' && repositoryScanOnPush) return { scanType, frequency: 'SCAN_ON_PUSH', source: 'repository' };
  return { scanType, frequency: 'MANUAL', source: 'default' };
}
