// Image scanning in the emulator: DescribeImageScanFindings (basic `findings` or enhanced `enhancedFindings`,
// paged by maxResults/nextToken, generated on demand from the seeded counts), StartImageScan (IN_PROGRESS for
// a while, then its outcome; one scan per image per 24 hours) and the registry scanning configuration.
import {
  SCAN_TEXT,
  decodeToken,
  encodeToken,
  lookup,
  maxResults,
  partition,
  registryOf,
  repoOf,
  type CallContext,
  type Operation,
} from './ecrApi';
import { EcrError, invalid } from './ecrErrors';
import { isIndexType, settleScan, sha256, type ImageRecord, type RepoRecord, type ScanRecord } from './state';
import type { RegistryScanningSeed, Severity } from './types';

type Json = Record<string, unknown>;

const ORDER: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];
const DAY = 24 * 3_600_000;
const epoch = (ms: number): number => ms / 1000;

const PACKAGES = [
  ['openssl', '3.0.11', '3.0.13'],
  ['libc6', '2.36-9+deb12u3', '2.36-9+deb12u7'],
  ['zlib1g', '1:1.2.13.dfsg-1', '1:1.2.13.dfsg-1+deb12u1'],
  ['curl', '7.88.1-10+deb12u4', '7.88.1-10+deb12u8'],
  ['libxml2', '2.9.14+dfsg-1.3', '2.9.14+dfsg-1.3~deb12u1'],
  ['sqlite3', '3.40.1-2', '3.40.1-2+deb12u1'],
  ['perl-base', '5.36.0-7+deb12u1', ''],
  ['libgnutls30', '3.7.9-2+deb12u2', '3.7.9-2+deb12u3'],
  ['libsystemd0', '252.22-1~deb12u1', ''],
  ['tar', '1.34+dfsg-1.2', ''],
  ['ncurses-base', '6.4-4', '6.4-4+deb12u1'],
  ['requests', '2.25.1', '2.32.0'],
  ['lodash', '4.17.15', '4.17.21'],
  ['golang.org/x/net', 'v0.7.0', 'v0.23.0'],
] as const;
const SCORE: Record<Severity, number> = { CRITICAL: 9.8, HIGH: 7.5, MEDIUM: 5.3, LOW: 2.4, INFORMATIONAL: 0, UNDEFINED: 0 };

/** Severity of the i-th generated finding: the counts laid out worst first. */
function severityAt(counts: Partial<Record<Severity, number>>, i: number): Severity {
  let left = i;
  for (const s of ORDER) {
    const n = counts[s] ?? 0;
    if (left < n) return s;
    left -= n;
  }
  return 'UNDEFINED';
}

function totalOf(counts: Partial<Record<Severity, number>>): number {
  return ORDER.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

function cveOf(digest: string, i: number): string {
  return `CVE-${2019 + (i % 6)}-${String(10000 + ((parseInt(digest.slice(7, 13), 16) + i * 7919) % 89999)).padStart(5, '0')}`;
}

/** The i-th generated basic finding (Clair-style, like real basic scanning). */
function basicFinding(img: ImageRecord, counts: Partial<Record<Severity, number>>, i: number): Json {
  const severity = severityAt(counts, i);
  const [name, version] = PACKAGES[i % PACKAGES.length];
  const id = cveOf(img.digest, i);
  return {
    name: id,
    description: `A flaw was found in ${name} that may allow a remote attacker to cause a denial of service (finding ${i + 1}).`,
    uri: `https://security-tracker.debian.org/tracker/${id}`,
    severity,
    attributes: [
      { key: 'package_version', value: version },
      { key: 'package_name', value: name },
      { key: 'CVSS2_VECTOR', value: 'AV:N/AC:L/Au:N/C:N/I:N/A:P' },
      { key: 'CVSS2_SCORE', value: String(SCORE[severity]) },
    ],
  };
}

/** The i-th generated enhanced finding (Amazon Inspector shape). */
function enhancedFinding(
  repo: RepoRecord,
  img: ImageRecord,
  counts: Partial<Record<Severity, number>>,
  i: number,
  completedAt: number,
): Json {
  const severity = severityAt(counts, i);
  const [name, version, fixed] = PACKAGES[i % PACKAGES.length];
  const id = cveOf(img.digest, i);
  const p = partition(repo.region).arn;
  const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
  return {
    awsAccountId: repo.accountId,
    description: `${name} before ${fixed || 'a fixed release'} mishandles crafted input.\n\nAn attacker could exploit this to execute code (finding ${i + 1}).`,
    findingArn: `arn:${p}:inspector2:${repo.region}:${repo.accountId}:finding/${sha256(`${img.digest}#${i}`).slice(0, 32)}`,
    firstObservedAt: epoch(completedAt - 7 * DAY),
    lastObservedAt: epoch(completedAt),
    updatedAt: epoch(completedAt),
    packageVulnerabilityDetails: {
      cvss: [{ baseScore: SCORE[severity], scoringVector: vector, source: 'NVD', version: '3.1' }],
      referenceUrls: [`https://www.cve.org/CVERecord?id=${id}`],
      relatedVulnerabilities: i % 4 === 0 ? [`GHSA-${sha256(id).slice(0, 4)}-${sha256(id).slice(4, 8)}-${sha256(id).slice(8, 12)}`] : [],
      source: 'NVD',
      sourceUrl: `https://nvd.nist.gov/vuln/detail/${id}`,
      vendorCreatedAt: epoch(completedAt - 30 * DAY),
      vendorSeverity: severity,
      vulnerabilityId: id,
      vulnerablePackages: [
        {
          arch: 'X86_64',
          epoch: 0,
          name,
          packageManager: name.includes('/') ? 'GOMOD' : name === 'requests' ? 'PIP' : name === 'lodash' ? 'NPM' : 'OS',
          version,
          release: '',
          sourceLayerHash: `sha256:${sha256(`${img.digest}layer`)}`,
          fixedInVersion: fixed || 'NotAvailable',
        },
      ],
    },
    remediation: { recommendation: { text: fixed ? `Upgrade ${name} to ${fixed} or later.` : 'None Provided' } },
    resources: [
      {
        details: {
          awsEcrContainerImage: {
            architecture: 'amd64',
            imageHash: img.digest,
            imageTags: img.tags,
            platform: 'DEBIAN_12',
            pushedAt: epoch(img.pushedAt),
            registry: repo.accountId,
            repositoryName: repo.name,
          },
        },
        id: `arn:${p}:ecr:${repo.region}:${repo.accountId}:repository/${repo.name}/${img.digest}`,
        type: 'AWS_ECR_CONTAINER_IMAGE',
      },
    ],
    score: SCORE[severity],
    scoreDetails: { cvss: { adjustments: [], score: SCORE[severity], scoreSource: 'NVD', scoringVector: vector, version: '3.1' } },
    severity,
    status: 'ACTIVE',
    title: `${id} - ${name}`,
    type: 'PACKAGE_VULNERABILITY',
    fixAvailable: fixed ? 'YES' : 'NO',
    exploitAvailable: i % 9 === 0 ? 'YES' : 'NO',
  };
}

function registryScanningOf(ctx: CallContext, registryId: string): RegistryScanningSeed {
  return ctx.store.registryScanning.get(`${registryId}/${ctx.region}`) ?? { scanType: 'BASIC', rules: [] };
}

function imageOf(repo: RepoRecord, input: Json): ImageRecord {
  const id = input.imageId as { imageDigest?: string; imageTag?: string } | undefined;
  if (!id || typeof id !== 'object') throw invalid('imageId', 'Member must not be null');
  const found = lookup(repo, id);
  if (!found.img) {
    throw new EcrError(
      'ImageNotFoundException',
      `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repo.name}' in the registry with id '${repo.accountId}'`,
    );
  }
  return found.img;
}

function imageIdJson(img: ImageRecord, input: Json): Json {
  const tag = (input.imageId as { imageTag?: string }).imageTag;
  return { imageDigest: img.digest, ...(tag ? { imageTag: tag } : {}) };
}

function severityCounts(scan: ScanRecord): Partial<Record<Severity, number>> {
  if (!scan.details) return scan.findings;
  const counts: Partial<Record<string, number>> = {};
  for (const d of scan.details) {
    const s = typeof d.severity === 'string' ? d.severity : 'UNDEFINED';
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts as Partial<Record<Severity, number>>;
}

/** Findings a fresh scan of an image finds: a few, derived from its digest (so a rescan is stable). */
function freshFindings(digest: string): Partial<Record<Severity, number>> {
  const h = parseInt(digest.slice(7, 15), 16) || 0;
  return { CRITICAL: h % 2, HIGH: 1 + (h % 4), MEDIUM: 2 + (h % 5), LOW: 3 + (h % 7), INFORMATIONAL: h % 3 };
}

export const scanOperations: Record<string, Operation> = {
  DescribeImageScanFindings(input, ctx) {
    const repo = repoOf(input, ctx, 'DescribeImageScanFindings');
    const img = imageOf(repo, input);
    const scan = img.scan;
    if (!scan) {
      const id = input.imageId as { imageDigest?: string; imageTag?: string };
      throw new EcrError(
        'ScanNotFoundException',
        `Image scan does not exist for the image with '{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}' in the repository with name '${repo.name}' in the registry with id '${repo.accountId}'`,
      );
    }
    settleScan(scan, ctx.now);
    const max = maxResults(input);
    const out: Json = {
      registryId: repo.accountId,
      repositoryName: repo.name,
      imageId: imageIdJson(img, input),
      imageScanStatus: { status: scan.status, description: SCAN_TEXT[scan.status] ?? scan.status },
    };
    if (scan.status !== 'COMPLETE' && scan.status !== 'ACTIVE') return out;
    const enhanced = scan.type === 'ENHANCED';
    const counts = severityCounts(scan);
    const total = scan.details ? scan.details.length : totalOf(counts);
    const scope = `findings|${repo.key}|${img.digest}`;
    const start = decodeToken(scope, input.nextToken).o;
    const end = Math.min(total, start + max);
    const page: Json[] = [];
    for (let i = start; i < end; i++) {
      page.push(
        scan.details ? scan.details[i] : enhanced ? enhancedFinding(repo, img, counts, i, scan.completedAt) : basicFinding(img, counts, i),
      );
    }
    const reported: Record<string, number> = {};
    for (const [s, n] of Object.entries(counts)) if (n && n > 0) reported[s] = n;
    out.imageScanFindings = {
      imageScanCompletedAt: epoch(scan.completedAt),
      vulnerabilitySourceUpdatedAt: epoch(scan.completedAt - 3_600_000),
      findingSeverityCounts: reported,
      [enhanced ? 'enhancedFindings' : 'findings']: page,
    };
    if (end < total) out.nextToken = encodeToken(scope, { o: end });
    return out;
  },

  StartImageScan(input, ctx) {
    const repo = repoOf(input, ctx, 'StartImageScan');
    const img = imageOf(repo, input);
    if (registryScanningOf(ctx, repo.accountId).scanType === 'ENHANCED') {
      // Amazon Inspector scans continuously; ECR refuses manual basic scans in an enhanced registry.
      throw new EcrError('ValidationException', 'This feature is disabled');
    }
    if (isIndexType(img.mediaType)) throw new EcrError('UnsupportedImageTypeException', 'The image is of a type that cannot be scanned.');
    settleScan(img.scan, ctx.now);
    const last = img.scan?.startedAt ?? img.scan?.completedAt;
    if (last !== undefined && ctx.now - last < DAY) {
      throw new EcrError('LimitExceededException', 'The scan quota per image has been exceeded. Wait and try again.');
    }
    const behaviour = ctx.store.scans;
    const previous = img.scan;
    img.scan = {
      status: 'IN_PROGRESS',
      findings: previous && totalOf(previous.findings) > 0 ? previous.findings : freshFindings(img.digest),
      completedAt: previous?.completedAt ?? ctx.now,
      type: 'BASIC',
      ...(previous?.details && previous.type !== 'ENHANCED' ? { details: previous.details } : {}),
      startedAt: ctx.now,
      endsAt: ctx.now + (behaviour.durationMs ?? 3000),
      outcome: behaviour.outcome ?? 'COMPLETE',
    };
    settleScan(img.scan, ctx.now);
    return {
      registryId: repo.accountId,
      repositoryName: repo.name,
      imageId: imageIdJson(img, input),
      imageScanStatus: { status: img.scan.status, description: SCAN_TEXT[img.scan.status] ?? img.scan.status },
    };
  },

  GetRegistryScanningConfiguration(_input, ctx) {
    const cfg = registryScanningOf(ctx, ctx.accountId);
    return { registryId: ctx.accountId, scanningConfiguration: { scanType: cfg.scanType, rules: cfg.rules ?? [] } };
  },

  PutRegistryScanningConfiguration(input, ctx) {
    const registryId = registryOf(input, ctx, 'PutRegistryScanningConfiguration');
    const scanType = input.scanType ?? 'BASIC';
    if (scanType !== 'BASIC' && scanType !== 'ENHANCED') throw invalid('scanType', 'Member must satisfy enum value set: [BASIC, ENHANCED]');
    const rules = Array.isArray(input.rules) ? (input.rules as RegistryScanningSeed['rules']) : [];
    ctx.store.registryScanning.set(`${registryId}/${ctx.region}`, { scanType, rules });
    return { registryScanningConfiguration: { scanType, rules } };
  },
};
