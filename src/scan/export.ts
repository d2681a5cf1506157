// Scan findings as CSV (one row per finding and package, safe to open in a spreadsheet) and as JSON.
import type { Finding, ScanReport } from './model';

/** What the export names as its subject. */
export interface ExportSubject {
  repository: string;
  /** Tag, when the report was opened from a tag. */
  tag?: string;
  digest: string;
  registryId?: string;
  region?: string;
}

export const CSV_COLUMNS = [
  'severity',
  'id',
  'title',
  'package',
  'installedVersion',
  'fixedInVersion',
  'score',
  'scoreSource',
  'status',
  'exploitAvailable',
  'fixAvailable',
  'firstObservedAt',
  'lastObservedAt',
  'references',
  'description',
  'remediation',
] as const;

// Leading characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (or a DDE call), in
// ASCII and full width, plus the tab and carriage return that some of them skip before looking.
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/**
 * One CSV field (RFC 4180): a value that a spreadsheet would evaluate is prefixed with an apostrophe (so
 * `=cmd|' /C calc'!A0` stays text), then the field is quoted when it holds a comma, quote or line break.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

function rowsOf(f: Finding): Array<Array<string | number | undefined>> {
  const common = (pkg?: Finding['packages'][number]): Array<string | number | undefined> => [
    f.severity,
    f.id,
    f.title,
    pkg?.name,
    pkg?.version,
    pkg?.fixedIn,
    f.score,
    f.scoreSource,
    f.status,
    f.exploitAvailable,
    f.fixAvailable,
    iso(f.firstObservedAt),
    iso(f.lastObservedAt),
    f.references.join(' '),
    f.description,
    f.remediation,
  ];
  return f.packages.length === 0 ? [common()] : f.packages.map((p) => common(p));
}

/**
 * The findings as CSV: a header row, then one row per (finding, package), CRLF line ends, with a UTF-8 byte order
 * mark so spreadsheet programs read non-ASCII text correctly.
 */
export function findingsToCsv(findings: readonly Finding[], opts: { bom?: boolean } = {}): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of findings) for (const row of rowsOf(f)) lines.push(row.map(csvField).join(','));
  return `${opts.bom === false ? '' : '\ufeff'}${lines.join('\r\n')}\r\n`;
}

/** The report as a self-describing JSON document (dates in ISO 8601). */
export function reportToJson(report: ScanReport, subject: ExportSubject, findings: readonly Finding[] = report.findings): string {
  const doc = {
    image: subject,
    scan: {
      type: report.scanType,
      status: report.status,
      statusDescription: report.statusDescription,
      completedAt: iso(report.completedAt),
      vulnerabilitySourceUpdatedAt: iso(report.vulnerabilitySourceUpdatedAt),
      counts: report.counts,
      truncated: report.truncated || undefined,
    },
    findings: findings.map((f) => ({ ...f, firstObservedAt: iso(f.firstObservedAt), lastObservedAt: iso(f.lastObservedAt) })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
