// The report page's display strings, rendered here in the display language (the page itself holds no text).
import * as vscode from 'vscode';
import { severityWord } from '../../l10n/severityWords';
import type { ReportStrings } from '../reportProtocol';
import type { RepositoryScanning } from '../scanning';

export function reportStrings(): ReportStrings {
  return {
    summary: vscode.l10n.t('Summary'),
    findings: vscode.l10n.t('Findings'),
    total: vscode.l10n.t('Findings in total'),
    scanType: vscode.l10n.t('Scan type'),
    basic: vscode.l10n.t('Basic scanning'),
    enhanced: vscode.l10n.t('Enhanced scanning (Amazon Inspector)'),
    status: vscode.l10n.t('Scan status'),
    completedAt: vscode.l10n.t('Scan completed'),
    sourceUpdatedAt: vscode.l10n.t('Vulnerability database updated'),
    frequency: vscode.l10n.t('Scanning'),
    digest: vscode.l10n.t('Digest'),
    filterPlaceholder: vscode.l10n.t('Filter by id, package, version or text'),
    filterLabel: vscode.l10n.t('Filter findings'),
    severityFilter: vscode.l10n.t('Show severities'),
    groupByPackage: vscode.l10n.t('Group by package'),
    // {0} shown of {1}: the page fills in the numbers.
    showing: vscode.l10n.t('{0} of {1} findings shown'),
    exportCsv: vscode.l10n.t('Export CSV…'),
    exportJson: vscode.l10n.t('Export JSON…'),
    refresh: vscode.l10n.t('Refresh'),
    scanNow: vscode.l10n.t('Scan Now'),
    colSeverity: vscode.l10n.t('Severity'),
    colId: vscode.l10n.t('Vulnerability ID'),
    colPackage: vscode.l10n.t('Package'),
    colVersion: vscode.l10n.t('Installed'),
    colFixedIn: vscode.l10n.t('Fixed in'),
    colScore: vscode.l10n.t('Score'),
    colTitle: vscode.l10n.t('Title'),
    expand: vscode.l10n.t('Show details of'),
    collapse: vscode.l10n.t('Hide details of'),
    copyId: vscode.l10n.t('Copy ID'),
    copied: vscode.l10n.t('Copied {0}'),
    description: vscode.l10n.t('Description'),
    remediation: vscode.l10n.t('Remediation'),
    references: vscode.l10n.t('References'),
    packages: vscode.l10n.t('Packages'),
    details: vscode.l10n.t('Details'),
    exploitAvailable: vscode.l10n.t('Exploit available'),
    fixAvailable: vscode.l10n.t('Fix available'),
    findingStatus: vscode.l10n.t('Finding status'),
    firstObserved: vscode.l10n.t('First observed'),
    lastObserved: vscode.l10n.t('Last observed'),
    vector: vscode.l10n.t('Scoring vector'),
    related: vscode.l10n.t('Related vulnerabilities'),
    noFindings: vscode.l10n.t('The scan found no vulnerabilities.'),
    noMatches: vscode.l10n.t('No finding matches the filter.'),
    noPackage: vscode.l10n.t('(no package)'),
    loading: vscode.l10n.t('Reading the scan findings…'),
    truncated: vscode.l10n.t('Only the first {0} findings are shown.'),
    showAll: vscode.l10n.t('Show all {0} findings'),
    groupFindings: vscode.l10n.t('{0} findings'),
    sevCRITICAL: severityWord('CRITICAL'),
    sevHIGH: severityWord('HIGH'),
    sevMEDIUM: severityWord('MEDIUM'),
    sevLOW: severityWord('LOW'),
    sevINFORMATIONAL: severityWord('INFORMATIONAL'),
    sevUNDEFINED: severityWord('UNDEFINED'),
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
