// The one model of an image's scan findings, whichever scan produced them: basic scanning (`findings`) and
// enhanced scanning by Amazon Inspector (`enhancedFindings`) are normalised into the same plain data, which
// also travels as JSON to the report webview (dates as ms since epoch, no class instances).
import type { Severity, SeverityCounts } from '../model/types';

export type { Severity };

/** The scan states ECR reports (imageScanStatus.status); other strings are kept as they come. */
export type ScanStatus =
  'IN_PROGRESS' | 'COMPLETE' | 'FAILED' | 'UNSUPPORTED_IMAGE' | 'ACTIVE' | 'PENDING' | 'SCAN_ELIGIBILITY_EXPIRED' | 'FINDINGS_UNAVAILABLE';

export type ScanType = 'BASIC' | 'ENHANCED';

export interface FindingPackage {
  name: string;
  /** Installed version (enhanced: epoch:version-release when given). */
  version?: string;
  /** The version that fixes it (enhanced scanning only). */
  fixedIn?: string;
  packageManager?: string;
  arch?: string;
  filePath?: string;
}

export interface Finding {
  /** CVE or vendor id (basic `name`, enhanced `packageVulnerabilityDetails.vulnerabilityId`), else the title. */
  id: string;
  severity: Severity;
  /** Enhanced `title`; basic findings have none (the UI shows the id). */
  title?: string;
  description?: string;
  /** Vulnerable packages: one for basic findings (from the attributes), any number for enhanced ones. */
  packages: FindingPackage[];
  /** CVSS score (basic: CVSS3 if present, else CVSS2) or the Inspector score (enhanced). */
  score?: number;
  /** Which score `score` is. */
  scoreSource?: 'CVSS2' | 'CVSS3' | 'INSPECTOR';
  scoringVector?: string;
  /** Remediation text (enhanced). */
  remediation?: string;
  /** https: links only (basic `uri`; enhanced source, reference and remediation URLs), de-duplicated. */
  references: string[];
  /** YES / NO (enhanced). */
  exploitAvailable?: string;
  /** YES / NO / PARTIAL (enhanced). */
  fixAvailable?: string;
  /** ACTIVE / SUPPRESSED / CLOSED (enhanced). */
  status?: string;
  /** ms since epoch. */
  firstObservedAt?: number;
  lastObservedAt?: number;
  /** Related vulnerability ids (enhanced). */
  related?: string[];
}

export interface ScanReport {
  /** Basic or enhanced findings (from the response shape; status ACTIVE/PENDING/… also means enhanced). */
  scanType: ScanType;
  /** imageScanStatus.status; undefined when the server sent none. */
  status?: string;
  statusDescription?: string;
  /** ms since epoch. */
  completedAt?: number;
  vulnerabilitySourceUpdatedAt?: number;
  /** Counts per severity as the server summarised them (else counted from the findings). */
  counts: SeverityCounts;
  /** Worst first; within a severity in the server's order (the report page sorts further: findingOrder.ts). */
  findings: Finding[];
  /** The listing stopped at the safety limit; `findings` holds the first ones. */
  truncated?: boolean;
}

/** Status values that mean "findings are there to read". */
export function hasFindings(status: string | undefined): boolean {
  return status === 'COMPLETE' || status === 'ACTIVE';
}
