// DescribeImageScanFindings pages (basic `findings` or enhanced `enhancedFindings`) → one ScanReport. Every
// string is untrusted: sanitised and bounded here; links are kept only when they are plain https: URLs.
import type { DescribeImageScanFindingsResponse, EnhancedImageScanFinding, ImageScanFinding, ImageScanFindings } from '@aws-sdk/client-ecr';
import { sanitizeText } from '../model/sanitize';
import { epochMs } from '../model/untrusted';
import { SEVERITY_ORDER, severityRank, toSeverity } from '../model/severity';
import type { SeverityCounts } from '../model/types';
import type { Finding, FindingPackage, ScanReport } from './model';

const LIMIT = { id: 128, title: 512, description: 8000, name: 256, version: 128, vector: 256, short: 64, url: 2048, remediation: 4000 };

// Printable ASCII without surrounding spaces: already clean (the common case for every field), no copy needed.
const CLEAN_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

// Printable ASCII and line feeds only.
const CLEAN_LINES = /^[\x20-\x7e\n]*$/;

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length <= max && CLEAN_ASCII.test(value)) return value;
  const s = sanitizeText(value, max).trim();
  return s === '' ? undefined : s;
}

/** Like `text` but keeps line breaks (descriptions have paragraphs); every line is sanitised on its own. */
function multiline(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Clean one-line text (most descriptions) passes with one test; CLEAN_ASCII admits no line breaks.
  if (value.length <= max) {
    if (CLEAN_ASCII.test(value)) return value;
    // Clean paragraphs (printable lines, no trailing spaces, at most one blank line between them) are already what
    // the line-by-line clean-up below returns.
    if (value !== '' && CLEAN_LINES.test(value) && CLEAN_ASCII.test(value[0]! + value[value.length - 1]!) && !/ \n|\n\n\n/.test(value)) {
      return value;
    }
  }
  if (!/[\r\n]/.test(value)) return text(value, max);
  const lines = value
    .split(/\r\n|\r|\n/)
    .map((l) => sanitizeText(l, max).trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (lines === '') return undefined;
  return lines.length > max
    ? `${Array.from(lines)
        .slice(0, max - 1)
        .join('')}…`
    : lines;
}

// An https: URL that URL parsing returns unchanged (the common case: every advisory link), so it needs no parse: a
// lowercase DNS host whose last label starts with a letter (never an IPv4 number) and holds no punycode, no port,
// no credentials, a path (and query, fragment) of printable characters URL keeps as they are: no percent escapes,
// quotes, backslashes or spaces. Dot segments (`/.`) are normalised by URL, so safeHttpsUrl sends those the long way.
const PLAIN_HTTPS = /^https:\/\/(?:(?!xn--)[a-z0-9-]+\.)*(?!xn--)[a-z][a-z0-9-]*\/[\w\-~!$&()*+,;=:@/?#.]*$/;

/** An https: URL without credentials, normalised; anything else (javascript:, command:, http:, garbage) → undefined. */
export function safeHttpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > LIMIT.url) return undefined;
  if (PLAIN_HTTPS.test(value) && !value.includes('/.')) return value;
  const trimmed = value.trim();
  if (!/^https:\/\//i.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || !url.hostname) return undefined;
  const href = url.href;
  // The href is shown as text too: no controls or bidi tricks may survive (URL() percent-encodes most of them).
  return sanitizeText(href, LIMIT.url) === href ? href : undefined;
}

function score(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 10 ? Math.round(n * 10) / 10 : undefined;
}

function addReference(refs: string[], value: unknown): void {
  const url = safeHttpsUrl(value);
  if (url && !refs.includes(url) && refs.length < 50) refs.push(url);
}

/** A basic-scanning finding (Clair-style: name, uri, severity, key/value attributes). */
export function normalizeBasicFinding(f: ImageScanFinding): Finding {
  // The few attributes read, first occurrence of each key (5,000 findings per image are common: no object per finding).
  let packageName: string | undefined;
  let packageVersion: string | undefined;
  let cvss3Score: string | undefined;
  let cvss3Vector: string | undefined;
  let cvss2Score: string | undefined;
  let cvss2Vector: string | undefined;
  if (Array.isArray(f.attributes)) {
    for (const a of f.attributes) {
      if (!a || typeof a.value !== 'string') continue;
      switch (a.key) {
        case 'package_name':
          packageName ??= a.value;
          break;
        case 'package_version':
          packageVersion ??= a.value;
          break;
        case 'CVSS3_SCORE':
          cvss3Score ??= a.value;
          break;
        case 'CVSS3_VECTOR':
          cvss3Vector ??= a.value;
          break;
        case 'CVSS2_SCORE':
          cvss2Score ??= a.value;
          break;
        case 'CVSS2_VECTOR':
          cvss2Vector ??= a.value;
          break;
      }
    }
  }
  const cvss3 = score(cvss3Score);
  const cvss2 = score(cvss2Score);
  // Arrays as literals of their final length: pushing onto [] would reserve room for 16 (5,000 findings per image).
  const name = text(packageName, LIMIT.name);
  let pkg: FindingPackage | undefined;
  if (name) {
    const version = text(packageVersion, LIMIT.version);
    pkg = version ? { name, version } : { name };
  }
  const uri = safeHttpsUrl(f.uri);
  const finding: Finding = {
    id: text(f.name, LIMIT.id) ?? 'UNKNOWN',
    severity: toSeverity(f.severity),
    packages: pkg ? [pkg] : [],
    references: uri ? [uri] : [],
  };
  const description = multiline(f.description, LIMIT.description);
  if (description) finding.description = description;
  if (cvss3 !== undefined) {
    finding.score = cvss3;
    finding.scoreSource = 'CVSS3';
    const vector = text(cvss3Vector, LIMIT.vector);
    if (vector) finding.scoringVector = vector;
  } else if (cvss2 !== undefined) {
    finding.score = cvss2;
    finding.scoreSource = 'CVSS2';
    const vector = text(cvss2Vector, LIMIT.vector);
    if (vector) finding.scoringVector = vector;
  }
  return finding;
}

function packageVersion(p: { epoch?: unknown; version?: unknown; release?: unknown }): string | undefined {
  const version = typeof p.version === 'string' ? p.version : undefined;
  if (!version) return undefined;
  const epoch = typeof p.epoch === 'number' && p.epoch > 0 ? `${p.epoch}:` : '';
  const release = typeof p.release === 'string' && p.release !== '' ? `-${p.release}` : '';
  return text(`${epoch}${version}${release}`, LIMIT.version);
}

/** An enhanced-scanning finding (Amazon Inspector): title, packages with fixed-in versions, remediation, score. */
export function normalizeEnhancedFinding(f: EnhancedImageScanFinding): Finding {
  const details = f.packageVulnerabilityDetails;
  const title = text(f.title, LIMIT.title);
  const finding: Finding = {
    id: text(details?.vulnerabilityId, LIMIT.id) ?? text(f.title, LIMIT.id) ?? text(f.findingArn, LIMIT.id) ?? 'UNKNOWN',
    severity: toSeverity(f.severity),
    packages: [],
    references: [],
  };
  if (title && title !== finding.id) finding.title = title;
  const description = multiline(f.description, LIMIT.description);
  if (description) finding.description = description;
  for (const p of Array.isArray(details?.vulnerablePackages) ? details.vulnerablePackages : []) {
    const name = text(p?.name, LIMIT.name);
    if (!name) continue;
    const pkg: FindingPackage = { name };
    const version = packageVersion(p);
    if (version) pkg.version = version;
    const fixedIn = text(p.fixedInVersion, LIMIT.version);
    // Inspector writes "NotAvailable" when no fix exists: that is the absence of a version, not a version.
    if (fixedIn && !/^not ?available$/i.test(fixedIn)) pkg.fixedIn = fixedIn;
    const manager = text(p.packageManager, LIMIT.short);
    if (manager) pkg.packageManager = manager;
    const arch = text(p.arch, LIMIT.short);
    if (arch) pkg.arch = arch;
    const filePath = text(p.filePath, LIMIT.name);
    if (filePath) pkg.filePath = filePath;
    finding.packages.push(pkg);
    if (finding.packages.length >= 100) break;
  }
  const inspector = score(f.score);
  if (inspector !== undefined) {
    finding.score = inspector;
    finding.scoreSource = 'INSPECTOR';
  }
  const vector = text(f.scoreDetails?.cvss?.scoringVector, LIMIT.vector);
  if (vector) finding.scoringVector = vector;
  const remediation = multiline(f.remediation?.recommendation?.text, LIMIT.remediation);
  if (remediation) finding.remediation = remediation;
  addReference(finding.references, details?.sourceUrl);
  for (const url of Array.isArray(details?.referenceUrls) ? details.referenceUrls : []) addReference(finding.references, url);
  addReference(finding.references, f.remediation?.recommendation?.url);
  const exploit = text(f.exploitAvailable, LIMIT.short);
  if (exploit) finding.exploitAvailable = exploit.toUpperCase();
  const fix = text(f.fixAvailable, LIMIT.short);
  if (fix) finding.fixAvailable = fix.toUpperCase();
  const status = text(f.status, LIMIT.short);
  if (status) finding.status = status.toUpperCase();
  const first = epochMs(f.firstObservedAt);
  if (first !== undefined) finding.firstObservedAt = first;
  const last = epochMs(f.lastObservedAt);
  if (last !== undefined) finding.lastObservedAt = last;
  if (Array.isArray(details?.relatedVulnerabilities)) {
    const related: string[] = [];
    for (const r of details.relatedVulnerabilities) {
      const id = text(r, LIMIT.id);
      if (id !== undefined && related.push(id) >= 50) break;
    }
    if (related.length > 0) finding.related = related;
  }
  return finding;
}

/** Per-severity counts of the findings themselves. */
export function countFindings(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

function serverCounts(value: unknown): SeverityCounts | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const counts: SeverityCounts = {};
  let any = false;
  for (const [key, n] of Object.entries(value as Record<string, unknown>)) {
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) continue;
    const sev = toSeverity(key);
    counts[sev] = (counts[sev] ?? 0) + Math.floor(n);
    any = true;
  }
  return any || Object.keys(value).length > 0 ? counts : undefined;
}

/**
 * Worst first, stable: inside a severity the server's order stays (the report page sorts further). ECR and the
 * emulator already answer worst first, so the common case is one pass and no copy; otherwise buckets (linear).
 */
function worstFirst(findings: Finding[]): Finding[] {
  let previous = 0;
  let sorted = true;
  for (const f of findings) {
    const rank = severityRank(f.severity);
    if (rank < previous) {
      sorted = false;
      break;
    }
    previous = rank;
  }
  if (sorted) return findings;
  const buckets: Finding[][] = SEVERITY_ORDER.map(() => []);
  for (const f of findings) buckets[severityRank(f.severity)]!.push(f);
  return buckets.flat();
}

/**
 * A DescribeImageScanFindings page as the SDK types it, or with `imageScanFindings` as the JSON the server sent
 * (aws/rawJson.ts: timestamps in epoch seconds, any shape at all from a hostile server).
 */
export type FindingsPage = Omit<DescribeImageScanFindingsResponse, 'imageScanFindings'> & { imageScanFindings?: unknown };

/**
 * Collects DescribeImageScanFindings pages into one report. Pages add their findings; the summary (status, times,
 * server counts) comes from the first page that carries it. `limit` bounds memory against a hostile server.
 */
export class ScanReportBuilder {
  private readonly findings: Finding[] = [];
  private status?: string;
  private statusDescription?: string;
  private completedAt?: number;
  private sourceUpdatedAt?: number;
  private counts?: SeverityCounts;
  private enhanced = false;
  private truncated = false;

  constructor(private readonly limit = 100_000) {}

  add(page: FindingsPage): void {
    const st = page.imageScanStatus;
    this.status ??= text(st?.status, LIMIT.short);
    this.statusDescription ??= text(st?.description, LIMIT.title);
    if (typeof page.imageScanFindings !== 'object' || page.imageScanFindings === null) return;
    // Every field below is checked before use: the SDK's shapes are only what a well-behaved server sends.
    const body = page.imageScanFindings as ImageScanFindings;
    this.completedAt ??= epochMs(body.imageScanCompletedAt);
    this.sourceUpdatedAt ??= epochMs(body.vulnerabilitySourceUpdatedAt);
    this.counts ??= serverCounts(body.findingSeverityCounts);
    const basic = Array.isArray(body.findings) ? body.findings : [];
    const enhanced = Array.isArray(body.enhancedFindings) ? body.enhancedFindings : [];
    if (enhanced.length > 0) this.enhanced = true;
    for (const f of basic) this.push(f && typeof f === 'object' ? normalizeBasicFinding(f) : undefined);
    for (const f of enhanced) this.push(f && typeof f === 'object' ? normalizeEnhancedFinding(f) : undefined);
  }

  private push(f: Finding | undefined): void {
    if (!f) return;
    if (this.findings.length >= this.limit) {
      this.truncated = true;
      return;
    }
    this.findings.push(f);
  }

  get size(): number {
    return this.findings.length;
  }

  get isTruncated(): boolean {
    return this.truncated;
  }

  build(): ScanReport {
    const findings = worstFirst(this.findings);
    const enhancedStatus =
      this.status !== undefined && ['ACTIVE', 'PENDING', 'SCAN_ELIGIBILITY_EXPIRED', 'FINDINGS_UNAVAILABLE'].includes(this.status);
    const report: ScanReport = {
      scanType: this.enhanced || enhancedStatus ? 'ENHANCED' : 'BASIC',
      counts: this.counts ?? countFindings(findings),
      findings,
    };
    if (this.status) report.status = this.status;
    if (this.statusDescription) report.statusDescription = this.statusDescription;
    if (this.completedAt !== undefined) report.completedAt = this.completedAt;
    if (this.sourceUpdatedAt !== undefined) report.vulnerabilitySourceUpdatedAt = this.sourceUpdatedAt;
    if (this.truncated) report.truncated = true;
    return report;
  }
}

/** One response (or several pages) → a report. */
export function normalizeScanFindings(pages: FindingsPage | readonly FindingsPage[]): ScanReport {
  const builder = new ScanReportBuilder();
  for (const p of Array.isArray(pages) ? pages : [pages]) builder.add(p as FindingsPage);
  return builder.build();
}
