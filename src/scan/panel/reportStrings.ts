// The report page's display strings, rendered here in the display language (the page itself holds no text).
import * as vscode from 'vscode';
import type { ReportStrings } from '../reportProtocol';
import type { RepositoryScanning } from '../scanning';

export function reportStrings(): ReportStrings {
  const t = vscode.l10n.t;
  return {
    summary: t('Summary'),
    findings: t('Findings'),
    total: t('Findings in total'),
    scanType: t('Scan type'),
    basic: t('Basic scanning'),
    enhanced: t('Enhanced scanning (Amazon Inspector)'),
    status: t('Scan status'),
    completedAt: t('Scan completed'),
    sourceUpdatedAt: t('Vulnerability database updated'),
    frequency: t('Scanning'),
    digest: t('Digest'),
    filterPlaceholder: t('Filter by id, package, version or text'),
    filterLabel: t('Filter findings'),
    severityFilter: t('Show severities'),
    groupByPackage: t('Group by package'),
    // {0} shown of {1}: the page fills in the numbers.
    showing: t('{0} of {1} findings shown'),
    exportCsv: t('Export CSV…'),
    exportJson: t('Export JSON…'),
    refresh: t('Refresh'),
    scanNow: t('Scan Now'),
    colSeverity: t('Severity'),
    colId: t('ID'),
    colPackage: t('Package'),
    colVersion: t('Installed'),
    colFixedIn: t('Fixed in'),
    colScore: t('Score'),
    colTitle: t('Title'),
    expand: t('Show details of'),
    collapse: t('Hide details of'),
    copyId: t('Copy ID'),
    copied: t('Copied {0}'),
    description: t('Description'),
    remediation: t('Remediation'),
    references: t('References'),
    packages: t('Packages'),
    details: t('Details'),
    exploitAvailable: t('Exploit available'),
    fixAvailable: t('Fix available'),
    findingStatus: t('Finding status'),
    firstObserved: t('First observed'),
    lastObserved: t('Last observed'),
    vector: t('Scoring vector'),
    related: t('Related vulnerabilities'),
    noFindings: t('The scan found no vulnerabilities.'),
    noMatches: t('No finding matches the filter.'),
    noPackage: t('(no package)'),
    loading: t('Reading the scan findings…'),
    truncated: t('Only the first {0} findings are shown.'),
    showAll: t('Show all {0} findings'),
    groupFindings: t('{0} findings'),
    sevCRITICAL: t('Critical'),
    sevHIGH: t('High'),
    sevMEDIUM: t('Medium'),
    sevLOW: t('Low'),
    sevINFORMATIONAL: t('Informational'),
    sevUNDEFINED: t('Undefined'),
  };
}

/** How a repository is scanned, in words. */
export function frequencyText(s: RepositoryScanning): string {
  const frequency =
    s.frequency === 'CONTINUOUS_SCAN'
      ? vscode.l10n.t('Continuous')
      : s.frequency === 'SCAN_ON_PUSH'
        ? vscode.l10n.t('On push')
        : vscode.l10n.t('Manual');
  if (s.source === 'registryRule' && s.filter !== undefined) return vscode.l10n.t('{0} (registry rule “{1}”)', frequency, s.filter);
  if (s.source === 'repository') return vscode.l10n.t('{0} (repository setting)', frequency);
  return frequency;
}
