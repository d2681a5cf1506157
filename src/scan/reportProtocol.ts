// The messages between the findings report panel (extension side) and its web page, typed once for both, and
// the state the page persists (what the panel serializer gets back after a window reload).
import type { Finding, ScanReport } from './model';

/** The view type of report panels (also in package.json's onWebviewPanel activation event). */
export const REPORT_VIEW_TYPE = 'ecrExplorer.scanReport';

/** Which image a report shows; enough to find it again after a reload. */
export interface ReportKey {
  /** Registry.id (`ecr:<profile>:<region>:<registryId>`). */
  registry: string;
  repository: string;
  digest: string;
  tag?: string;
}

export type SortColumn = 'severity' | 'id' | 'package' | 'version' | 'fixedIn' | 'score' | 'title';

/** The page's own view state (sort, filters, grouping, expanded rows), kept across reloads. */
export interface ReportUiState {
  sort: SortColumn;
  descending: boolean;
  text: string;
  /** Severities hidden by the filter. */
  hidden: string[];
  grouped: boolean;
  /** Keys of expanded findings (see findingKey). */
  expanded: string[];
  /** Collapsed package groups. */
  collapsedGroups: string[];
}

export interface PersistedReport {
  key: ReportKey;
  ui?: ReportUiState;
}

/** Display strings, rendered by the extension in the display language (the page holds no text of its own). */
export type ReportStringId =
  | 'summary'
  | 'findings'
  | 'total'
  | 'scanType'
  | 'basic'
  | 'enhanced'
  | 'status'
  | 'completedAt'
  | 'sourceUpdatedAt'
  | 'frequency'
  | 'digest'
  | 'filterPlaceholder'
  | 'filterLabel'
  | 'severityFilter'
  | 'groupByPackage'
  | 'showing'
  | 'exportCsv'
  | 'exportJson'
  | 'refresh'
  | 'scanNow'
  | 'colSeverity'
  | 'colId'
  | 'colPackage'
  | 'colVersion'
  | 'colFixedIn'
  | 'colScore'
  | 'colTitle'
  | 'expand'
  | 'collapse'
  | 'copyId'
  | 'copied'
  | 'description'
  | 'remediation'
  | 'references'
  | 'packages'
  | 'details'
  | 'exploitAvailable'
  | 'fixAvailable'
  | 'findingStatus'
  | 'firstObserved'
  | 'lastObserved'
  | 'vector'
  | 'related'
  | 'noFindings'
  | 'noMatches'
  | 'noPackage'
  | 'loading'
  | 'truncated'
  | 'showAll'
  | 'groupFindings'
  | 'sevCRITICAL'
  | 'sevHIGH'
  | 'sevMEDIUM'
  | 'sevLOW'
  | 'sevINFORMATIONAL'
  | 'sevUNDEFINED';

export type ReportStrings = Readonly<Record<ReportStringId, string>>;

export interface ReportSubject {
  key: ReportKey;
  /** `repo:tag` or `repo@sha256:…` as shown in the title. */
  label: string;
  region: string;
  registryId: string;
}

/** Extension → page. */
export type ToPage =
  | { type: 'loading'; subject: ReportSubject; strings: ReportStrings; locale: string }
  | {
      type: 'report';
      subject: ReportSubject;
      report: ScanReport;
      /** How this repository is scanned, already in words (e.g. "Scan on push"). */
      frequency?: string;
      canScan: boolean;
      strings: ReportStrings;
      locale: string;
    }
  | { type: 'problem'; subject: ReportSubject; message: string; canScan: boolean; strings: ReportStrings; locale: string }
  | { type: 'copied'; id: string };

/** Page → extension. */
export type FromPage =
  | { type: 'ready' }
  | { type: 'state'; ui: ReportUiState }
  | { type: 'export'; format: 'csv' | 'json'; /** finding keys in table order; absent = all */ keys?: string[] }
  | { type: 'copyId'; id: string }
  | { type: 'openLink'; url: string }
  | { type: 'refresh' }
  | { type: 'scan' };

/** A stable key of a finding inside one report (ids repeat across packages in enhanced scans rarely, but can). */
export function findingKey(f: Finding, index: number): string {
  return `${f.id}#${index}`;
}
