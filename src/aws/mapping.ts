// Narrows ECR answers (SDK shapes, or the JSON the listings read raw) to the model (required fields required),
// plus registry host names, sorting and repository-name validation.
import type { ImageDetail, Repository as SdkRepository } from '@aws-sdk/client-ecr';
import { SEVERITY_ORDER } from '../model/severity';
import { isRecord, toDate } from '../model/untrusted';
import type { EcrRegistry, Image, Repository, ScanSummary, Tag } from '../model/types';
import { isRegionName, registryHost } from './ecrHosts';
import { awsMessage, sanitizeText, type AwsMessage } from './problems';

// Registry host names and region names come from the one table in ecrHosts.ts.
export { registryHost };

/**
 * Whether `host` is exactly one of the registry hosts of account `registryId` in `region`, in the region's own
 * partition: `<id>.dkr.ecr[-fips].<region>.<partition suffix>` or (aws partition) `<id>.dkr-ecr[-fips].<region>.on.aws`.
 * The whole host is compared (no prefix or suffix match, no port), so `<id>.dkr.ecr.attacker.example` or
 * `<id>.dkr.ecr.us-east-1.amazonaws.com.attacker.example` never pass.
 */
export function isEcrRegistryHost(host: string, registryId: string, region: string): boolean {
  if (!/^\d{12}$/.test(registryId) || !isRegionName(region)) return false;
  const h = host.toLowerCase();
  const candidates = [
    registryHost(registryId, region),
    registryHost(registryId, region, { fips: true }),
    registryHost(registryId, region, { dualStack: true }),
    registryHost(registryId, region, { fips: true, dualStack: true }),
  ];
  return candidates.includes(h);
}

/** Host (with port) of a proxyEndpoint URL such as `https://1234.dkr.ecr.us-east-1.amazonaws.com` or `http://127.0.0.1:5000`. */
export function hostOfEndpoint(proxyEndpoint: string): string | undefined {
  try {
    const url = new URL(proxyEndpoint.includes('://') ? proxyEndpoint : `https://${proxyEndpoint}`);
    return url.host || undefined;
  } catch {
    return undefined;
  }
}

export function registryKey(profile: string | undefined, region: string, registryId: string): string {
  return `ecr:${profile ?? 'default'}:${region}:${registryId}`;
}

export function makeRegistry(
  registryId: string,
  source: EcrRegistry['source'],
  own: boolean,
  host: string,
  scheme: 'https' | 'http' = 'https',
): EcrRegistry {
  return {
    kind: 'registry',
    type: 'ecr',
    id: registryKey(source.profile, source.region, registryId),
    registryId,
    source,
    host,
    uri: `${scheme}://${host}`,
    own,
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Repository from DescribeRepositories/CreateRepository; undefined if the server omitted the name. `input` is an
 * SDK `Repository` or the JSON the server sent (the listing reads its pages raw: rawJson.ts): every field is checked
 * before use, since a hostile server can send any shape.
 */
export function toRepository(input: SdkRepository | unknown, registry: EcrRegistry): Repository | undefined {
  const r = asRecord(input);
  const rawName = nonEmptyString(r?.repositoryName);
  if (!r || rawName === undefined) return undefined;
  const name = sanitizeText(rawName, 256);
  const repo: Repository = { kind: 'repository', parent: registry, name, uri: `${registry.host}/${name}` };
  const arn = nonEmptyString(r.repositoryArn);
  if (arn) repo.arn = arn;
  const createdAt = toDate(r.createdAt);
  if (createdAt) repo.createdAt = createdAt;
  const mutability = nonEmptyString(r.imageTagMutability);
  if (mutability) repo.tagMutability = mutability;
  if (Array.isArray(r.imageTagMutabilityExclusionFilters)) {
    const exclusions: string[] = [];
    for (const f of r.imageTagMutabilityExclusionFilters as unknown[]) {
      const filter = nonEmptyString(asRecord(f)?.filter);
      const clean = filter === undefined ? '' : sanitizeText(filter, 128);
      if (clean) exclusions.push(clean);
    }
    if (exclusions.length > 0) repo.mutabilityExclusions = exclusions;
  }
  const scanOnPush = asRecord(r.imageScanningConfiguration)?.scanOnPush;
  if (typeof scanOnPush === 'boolean') repo.scanOnPush = scanOnPush;
  const encryption = nonEmptyString(asRecord(r.encryptionConfiguration)?.encryptionType);
  if (encryption) repo.encryptionType = encryption;
  return repo;
}

/** The scan summary of an image detail (SDK shape or raw JSON); undefined when it carries neither status nor counts. */
export function toScan(input: unknown): ScanSummary | undefined {
  const d = asRecord(input);
  if (!d) return undefined;
  const status = nonEmptyString(asRecord(d.imageScanStatus)?.status);
  const summary = asRecord(d.imageScanFindingsSummary);
  const counts = asRecord(summary?.findingSeverityCounts);
  if (!status && !counts) return undefined;
  const scan: ScanSummary = { counts: {} };
  if (status) scan.status = intern(sanitizeText(status, 40));
  const completedAt = toDate(summary?.imageScanCompletedAt);
  if (completedAt) scan.completedAt = completedAt;
  if (counts) {
    for (const sev of SEVERITY_ORDER) {
      const n = counts[sev];
      if (typeof n === 'number' && Number.isFinite(n) && n > 0) scan.counts[sev] = n;
    }
  }
  return scan;
}

// A registry holds a handful of distinct media types and scan states but 100,000 images: each parsed response
// carries its own copy of those strings, so share one (the heap budget in docs/PERFORMANCE.md). Bounded so hostile servers
// sending endless distinct values cannot grow it.
const interned = new Map<string, string>();
function intern(value: string): string {
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size < 256) interned.set(value, value);
  return value;
}

/**
 * Image from DescribeImages; undefined without a digest (the only required identity). Untagged images are kept.
 * `input` is an SDK `ImageDetail` or the JSON the server sent (as toRepository).
 */
export function toImage(input: ImageDetail | unknown, repo: Repository): Image | undefined {
  const d = asRecord(input);
  const digest = nonEmptyString(d?.imageDigest);
  if (!d || digest === undefined) return undefined;
  // map() allocates the exact length (pushing onto [] would reserve room for 16: 100,000 images, docs/PERFORMANCE.md).
  const rawTags: unknown[] = Array.isArray(d.imageTags) ? (d.imageTags as unknown[]) : [];
  const tags = (rawTags.every(isString) ? (rawTags as string[]) : rawTags.filter(isString)).map((t) => sanitizeText(t, 128));
  const img: Image = { kind: 'image', parent: repo, digest, tags };
  // Server values are untrusted: a negative or non-finite size, or an invalid date, is dropped rather than shown.
  const size = d.imageSizeInBytes;
  if (typeof size === 'number' && Number.isFinite(size) && size >= 0) img.sizeBytes = size;
  const pushedAt = toDate(d.imagePushedAt);
  if (pushedAt) img.pushedAt = pushedAt;
  const pulledAt = toDate(d.lastRecordedPullTime);
  if (pulledAt) img.lastPulledAt = pulledAt;
  const mediaType = nonEmptyString(d.imageManifestMediaType);
  if (mediaType) img.mediaType = intern(mediaType);
  const artifactMediaType = nonEmptyString(d.artifactMediaType);
  if (artifactMediaType) img.artifactMediaType = intern(artifactMediaType);
  const scan = toScan(d);
  if (scan) img.scan = scan;
  return img;
}

/** The list member of a page read raw (rawJson.ts): an array as sent, or nothing when the server sent no array. */
export function rawList(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Natural order: "v2" < "v10", untagged (undefined) last. */
export function compareTags(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return natural.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function firstTag(img: Image): string | undefined {
  let best: string | undefined;
  for (const t of img.tags) if (best === undefined || compareTags(t, best) < 0) best = t;
  return best;
}

/** A sorted copy: newest push first (no push time last), or by tag in natural order (untagged last). */
export function sortImages(images: Image[], by: 'pushedAt' | 'tag' = 'pushedAt'): Image[] {
  const copy = images.slice();
  if (by === 'tag') {
    const keys = new Map(copy.map((i) => [i, firstTag(i)]));
    copy.sort((a, b) => compareTags(keys.get(a), keys.get(b)) || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
  } else {
    copy.sort((a, b) => {
      const ta = a.pushedAt?.getTime() ?? -Infinity;
      const tb = b.pushedAt?.getTime() ?? -Infinity;
      return tb - ta || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0);
    });
  }
  return copy;
}

/**
 * One row per tag (tags of an image in natural order); an untagged image gives one row with tag undefined.
 * Rows follow the image order; with `by: 'tag'` all rows are sorted by tag instead (untagged last).
 */
export function imagesToTags(images: Image[], by?: 'pushedAt' | 'tag'): Tag[] {
  const rows: Tag[] = [];
  for (const image of images) {
    if (image.tags.length === 0) {
      rows.push({ kind: 'tag', parent: image.parent, image });
      continue;
    }
    for (const tag of image.tags.slice().sort(compareTags)) rows.push({ kind: 'tag', parent: image.parent, image, tag });
  }
  if (by === 'tag') rows.sort((a, b) => compareTags(a.tag, b.tag));
  return rows;
}

/** ECR's repository name pattern (CreateRepository), anchored. */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** undefined when valid, else a message saying what is wrong and what is allowed. */
export function validateRepositoryName(name: string): AwsMessage | undefined {
  const rules = awsMessage('aws.repositoryNameRules');
  if (name.length < 2) return awsMessage('aws.repositoryNameTooShort', rules);
  if (name.length > 256) return awsMessage('aws.repositoryNameTooLong', name.length, rules);
  if (/[A-Z]/.test(name)) return awsMessage('aws.repositoryNameUppercase', rules);
  if (!REPOSITORY_NAME.test(name)) return awsMessage('aws.repositoryNameInvalid', sanitizeText(name, 80), rules);
  return undefined;
}
