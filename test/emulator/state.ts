// In-memory ECR state: accounts → regions → repositories → images. Scale images are virtual (computed from
// their index on demand), so 100,000 images cost a few bytes each until they are changed.
import { createHash } from 'node:crypto';
import type {
  ImageSeed,
  PlatformSeed,
  RegistryScanningSeed,
  RepositorySeed,
  ScanBehaviour,
  ScanSeed,
  Severity,
  TagMutability,
} from './types';
import { wildcardMatch } from './wildcard';

export const MT = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export const isIndexType = (mt: string): boolean => mt === MT.ociIndex || mt === MT.dockerList;

export interface ScanRecord {
  status: string;
  findings: Partial<Record<Severity, number>>;
  completedAt: number;
  /** Finding shape (default BASIC) and exact findings (else generated from `findings`): see opsScan.ts. */
  type?: 'BASIC' | 'ENHANCED';
  details?: Array<Record<string, unknown>>;
  /** StartImageScan: when it started, when it ends and with which status (settleScan applies it). */
  startedAt?: number;
  endsAt?: number;
  outcome?: string;
}

/** A scan whose time has come moves from IN_PROGRESS to its outcome (read lazily, with the emulator's clock). */
export function settleScan(scan: ScanRecord | undefined, now: number): void {
  if (scan?.endsAt === undefined || now < scan.endsAt) return;
  scan.status = scan.outcome ?? 'COMPLETE';
  scan.completedAt = scan.endsAt;
  scan.endsAt = undefined;
}

/** A lifecycle policy preview: evaluated when started, reported as IN_PROGRESS until `completeAt`. */
export interface LifecyclePreviewRecord {
  text: string;
  completeAt: number;
  failed: boolean;
  expiring: number;
  results: Array<{ digest: string; tags: string[]; pushedAt: number; priority: number; action: 'EXPIRE' | 'TRANSITION' }>;
}

export interface ImageRecord {
  digest: string;
  tags: string[];
  sizeBytes: number;
  pushedAt: number;
  lastPull?: number;
  mediaType: string;
  artifactMediaType?: string;
  manifest: string;
  /** Digests of the platform manifests an index references. */
  children?: string[];
  /** Digest of the index that references this platform manifest. */
  parentIndex?: string;
  scan?: ScanRecord;
}

/** The part of an image a lifecycle policy looks at (RepoRecord.lifecycleViewAt). */
export type LifecycleView = Pick<ImageRecord, 'digest' | 'tags' | 'pushedAt' | 'lastPull' | 'parentIndex'>;

/** Lazily generated images `build-<i>`, i in [0, count). */
interface ScaleImages {
  count: number;
  basePushedAt: number;
  deleted: Set<number>;
  /** Indices whose tag was removed or moved to another image. */
  untagged: Set<number>;
  /** Push times unrelated to the listing order (see ScaleSpec.pushOrder). */
  scrambled?: boolean;
  /** Digests computed so far, by index: a stored image's digest is read, not rehashed on every call. */
  digests?: string[];
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export class RepoRecord {
  readonly images = new Map<string, ImageRecord>();
  /** Insertion order of explicit images, for stable offset paging. */
  private order: string[] = [];
  readonly tags = new Map<string, string>();
  scale?: ScaleImages;
  /** Small blobs (config JSON) served by /v2/<name>/blobs/<digest>. */
  readonly blobs = new Map<string, string>();
  /** WILDCARD filters of the *_WITH_EXCLUSION tag mutability settings. */
  mutabilityExclusions: string[] = [];
  lifecyclePolicy?: { text: string; lastEvaluatedAt?: number };
  repositoryPolicy?: string;
  /** The latest lifecycle policy preview (opsPolicies.ts). */
  lifecyclePreview?: LifecyclePreviewRecord;
  /** Blobs pushed through the v2 upload flow (layers and configs, any bytes). */
  readonly layerBlobs = new Map<string, Buffer>();

  constructor(
    readonly accountId: string,
    readonly region: string,
    readonly name: string,
    readonly createdAt: number,
    public tagMutability: TagMutability,
    public scanOnPush: boolean,
  ) {}

  /** Whether PutImage may not move `tag` to another image (the exclusion filters invert the setting for matching tags). */
  tagIsImmutable(tag: string): boolean {
    const excluded = () => this.mutabilityExclusions.some((f) => wildcardMatch(f, tag));
    switch (this.tagMutability) {
      case 'IMMUTABLE':
        return true;
      case 'IMMUTABLE_WITH_EXCLUSION':
        return !excluded();
      case 'MUTABLE_WITH_EXCLUSION':
        return excluded();
      default:
        return false;
    }
  }

  get key(): string {
    return `${this.accountId}/${this.region}/${this.name}`;
  }

  /** Number of positions in the virtual image list (some may be deleted). */
  get span(): number {
    return (this.scale?.count ?? 0) + this.order.length;
  }

  get imageCount(): number {
    const s = this.scale;
    return (s ? s.count - s.deleted.size : 0) + this.images.size;
  }

  /** The image at raw position `i` of the virtual list, or undefined when deleted/out of range. */
  imageAt(i: number): ImageRecord | undefined {
    const s = this.scale;
    if (s && i < s.count) return s.deleted.has(i) ? undefined : this.scaleImage(i);
    const digest = this.order[i - (s?.count ?? 0)];
    return digest === undefined ? undefined : this.images.get(digest);
  }

  findByDigest(digest: string): ImageRecord | undefined {
    const explicit = this.images.get(digest);
    if (explicit) return explicit;
    const i = this.scaleIndexOfDigest(digest);
    return i === undefined ? undefined : this.scaleImage(i);
  }

  findByTag(tag: string): ImageRecord | undefined {
    const digest = this.tags.get(tag);
    if (digest) return this.findByDigest(digest);
    const m = /^build-(\d+)$/.exec(tag);
    const s = this.scale;
    if (!m || !s) return undefined;
    const i = Number(m[1]);
    if (i >= s.count || s.deleted.has(i) || s.untagged.has(i) || String(i) !== m[1]) return undefined;
    return this.scaleImage(i);
  }

  addImage(img: ImageRecord): void {
    if (!this.images.has(img.digest)) this.order.push(img.digest);
    this.images.set(img.digest, img);
    for (const t of img.tags) this.tags.set(t, img.digest);
  }

  /** Removes one tag; an image left without tags is deleted (ECR semantics). Returns the image touched. */
  removeTag(tag: string): ImageRecord | undefined {
    const img = this.findByTag(tag);
    if (!img) return undefined;
    const i = this.scaleIndexOfDigest(img.digest);
    if (i !== undefined && this.scale) {
      this.scale.deleted.add(i);
      return img;
    }
    this.tags.delete(tag);
    img.tags = img.tags.filter((t) => t !== tag);
    if (img.tags.length === 0) this.deleteImage(img.digest);
    return img;
  }

  /** Moves `tag` away from whatever image holds it now (before tagging another image). */
  untag(tag: string): void {
    const img = this.findByTag(tag);
    if (!img) return;
    const i = this.scaleIndexOfDigest(img.digest);
    if (i !== undefined && this.scale) {
      this.scale.untagged.add(i);
      return;
    }
    this.tags.delete(tag);
    img.tags = img.tags.filter((t) => t !== tag);
  }

  deleteImage(digest: string): boolean {
    const i = this.scaleIndexOfDigest(digest);
    if (i !== undefined && this.scale) {
      this.scale.deleted.add(i);
      return true;
    }
    const img = this.images.get(digest);
    if (!img) return false;
    for (const t of img.tags) if (this.tags.get(t) === digest) this.tags.delete(t);
    this.images.delete(digest);
    const pos = this.order.indexOf(digest);
    if (pos >= 0) this.order.splice(pos, 1);
    return true;
  }

  /** Adds `count` virtual images `build-<n>` (n continues after existing ones). */
  addScaleImages(count: number, now: number, scrambled = false): void {
    if (!this.scale) this.scale = { count: 0, basePushedAt: now, deleted: new Set(), untagged: new Set() };
    if (scrambled) this.scale.scrambled = true;
    // Explicit images keep their positions after the virtual ones; growing the virtual range is fine for tests.
    this.scale.count += count;
  }

  // Virtual digests carry their index in the last 8 hex digits so a digest lookup needs no table.
  scaleDigest(i: number): string {
    const memo = this.scale ? (this.scale.digests ??= []) : undefined;
    const known = memo?.[i];
    if (known !== undefined) return known;
    const digest = `sha256:${sha256(`${this.key}#${i}`).slice(0, 56)}${i.toString(16).padStart(8, '0')}`;
    if (memo && i < (this.scale as ScaleImages).count) memo[i] = digest;
    return digest;
  }

  scaleIndexOfDigest(digest: string): number | undefined {
    const s = this.scale;
    if (!s || !/^sha256:[0-9a-f]{64}$/.test(digest)) return undefined;
    const i = parseInt(digest.slice(-8), 16);
    if (i >= s.count || s.deleted.has(i) || this.scaleDigest(i) !== digest) return undefined;
    return i;
  }

  /**
   * What a lifecycle evaluation reads of the image at raw position `i` (undefined when deleted/out of range): the
   * same values as imageAt, without building a whole record (manifest accessor, sizes) for each virtual image.
   */
  lifecycleViewAt(i: number): LifecycleView | undefined {
    const s = this.scale;
    if (!s || i >= s.count) return this.imageAt(i);
    if (s.deleted.has(i)) return undefined;
    const pushedAt = scalePushedAt(i, s);
    return {
      digest: this.scaleDigest(i),
      tags: s.untagged.has(i) ? [] : [`build-${i}`],
      pushedAt,
      lastPull: scaleLastPull(i, pushedAt),
    };
  }

  private scaleImage(i: number): ImageRecord {
    const s = this.scale as ScaleImages;
    const digest = this.scaleDigest(i);
    const size = 20_000_000 + ((i * 7919) % 50_000_000);
    const pushedAt = scalePushedAt(i, s);
    return {
      digest,
      tags: s.untagged.has(i) ? [] : [`build-${i}`],
      sizeBytes: size,
      pushedAt,
      lastPull: scaleLastPull(i, pushedAt),
      mediaType: MT.dockerManifest,
      artifactMediaType: MT.dockerConfig,
      // Built only when asked for (BatchGetImage, /v2): listing 100,000 images never pays for it.
      get manifest(): string {
        return imageManifest(MT.dockerManifest, digest, size, { os: 'linux', architecture: 'amd64' }).manifest;
      },
    };
  }
}

const scalePushedAt = (i: number, s: ScaleImages): number => s.basePushedAt - (s.count - pushRank(i, s)) * 60_000;
const scaleLastPull = (i: number, pushedAt: number): number | undefined => (i % 2 === 0 ? pushedAt + 3_600_000 : undefined);

/** A bijection of 0…count-1 onto itself (a stride coprime with count), so each image gets its own push time. */
function pushRank(i: number, s: ScaleImages): number {
  if (!s.scrambled) return i;
  let stride = 7919;
  while (gcd(stride, s.count) !== 1) stride += 2;
  return (i * stride + 17) % s.count;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A deterministic single-platform manifest (config + 2 layers) whose sizes add up to `size`. */
export function imageManifest(
  mediaType: string,
  seed: string,
  size: number,
  platform: PlatformSeed,
  created?: number,
): { manifest: string; config: string } {
  const oci = mediaType === MT.ociManifest;
  const config = JSON.stringify({
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    // Hostile-input tests seed NaN or out-of-range push times; the config blob then gets a fixed date.
    created: new Date(Number.isFinite(new Date(created ?? NaN).getTime()) ? (created as number) : 1_700_000_000_000).toISOString(),
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/app'] },
    rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(seed + 'd1')}`, `sha256:${sha256(seed + 'd2')}`] },
  });
  const configSize = Buffer.byteLength(config);
  const rest = Math.max(2, size - configSize);
  const l1 = Math.floor(rest * 0.7);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    config: { mediaType: oci ? MT.ociConfig : MT.dockerConfig, size: configSize, digest: `sha256:${sha256(config)}` },
    layers: [
      { mediaType: oci ? MT.ociLayer : MT.dockerLayer, size: l1, digest: `sha256:${sha256(seed + 'l1')}` },
      { mediaType: oci ? MT.ociLayer : MT.dockerLayer, size: rest - l1, digest: `sha256:${sha256(seed + 'l2')}` },
    ],
  });
  return { manifest, config };
}

export function toMillis(v: Date | number | string | undefined, fallback: number): number;
export function toMillis(v: Date | number | string | undefined, fallback?: number): number | undefined;
export function toMillis(v: Date | number | string | undefined, fallback?: number): number | undefined {
  if (v === undefined) return fallback;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`not a date: ${v}`);
  return t;
}

function scanRecord(scan: ScanSeed | undefined, pushedAt: number): ScanRecord | undefined {
  if (!scan) return undefined;
  return {
    status: scan.status ?? 'COMPLETE',
    findings: { ...(scan.findings ?? {}) },
    completedAt: pushedAt + 90_000,
    ...(scan.type ? { type: scan.type } : {}),
    ...(scan.details ? { details: scan.details } : {}),
  };
}

/** Builds the records for one seeded image (plus its platform children for an index/list). */
export function buildImage(repo: RepoRecord, seed: ImageSeed, now: number, counter: number): ImageRecord[] {
  const pushedAt = toMillis(seed.pushedAt, now);
  const lastPull = toMillis(seed.lastRecordedPullTime);
  const tags = [...new Set(seed.tags ?? [])];
  const nonce = `${repo.key}|${counter}|${tags.join(',')}|${pushedAt}`;
  const size = seed.sizeBytes ?? 10_000_000 + (parseInt(sha256(nonce).slice(0, 6), 16) % 60_000_000);
  if (seed.platforms && seed.platforms.length > 0) {
    const indexType = seed.mediaType ?? MT.ociIndex;
    const childType = indexType === MT.dockerList ? MT.dockerManifest : MT.ociManifest;
    const each = Math.floor(size / seed.platforms.length);
    const children: ImageRecord[] = seed.platforms.map((p, k) => {
      const childSize = p.sizeBytes ?? each;
      const { manifest, config } = imageManifest(childType, `${nonce}#${k}`, childSize, p, pushedAt);
      const configDigest = `sha256:${sha256(config)}`;
      repo.blobs.set(configDigest, config);
      return {
        digest: `sha256:${sha256(manifest)}`,
        tags: [],
        sizeBytes: childSize,
        pushedAt,
        lastPull,
        mediaType: childType,
        artifactMediaType: childType === MT.ociManifest ? MT.ociConfig : MT.dockerConfig,
        manifest,
        scan: scanRecord(seed.scan, pushedAt),
      };
    });
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: indexType,
      manifests: children.map((c, k) => {
        const p = (seed.platforms as PlatformSeed[])[k];
        return {
          mediaType: c.mediaType,
          size: Buffer.byteLength(c.manifest),
          digest: c.digest,
          platform: { architecture: p.architecture, os: p.os, ...(p.variant ? { variant: p.variant } : {}) },
        };
      }),
    });
    const digest = seed.digest ?? `sha256:${sha256(manifest)}`;
    for (const c of children) c.parentIndex = digest;
    const index: ImageRecord = {
      digest,
      tags,
      sizeBytes: children.reduce((s, c) => s + c.sizeBytes, 0),
      pushedAt,
      lastPull,
      mediaType: indexType,
      artifactMediaType: seed.artifactMediaType,
      manifest,
      children: children.map((c) => c.digest),
      scan: scanRecord(seed.scan, pushedAt),
    };
    return [...children, index];
  }
  const mediaType = seed.mediaType ?? MT.ociManifest;
  const platform = { os: 'linux', architecture: 'amd64' };
  const { manifest, config } = imageManifest(mediaType === MT.dockerManifest ? mediaType : MT.ociManifest, nonce, size, platform, pushedAt);
  repo.blobs.set(`sha256:${sha256(config)}`, config);
  return [
    {
      digest: seed.digest ?? `sha256:${sha256(manifest)}`,
      tags,
      sizeBytes: size,
      pushedAt,
      lastPull,
      mediaType,
      artifactMediaType: seed.artifactMediaType ?? (mediaType === MT.dockerManifest ? MT.dockerConfig : MT.ociConfig),
      manifest,
      scan: scanRecord(seed.scan, pushedAt),
    },
  ];
}

export const REPO_NAME_RE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export class Store {
  /** accountId → region → name → repo. */
  readonly accounts = new Map<string, Map<string, Map<string, RepoRecord>>>();
  private imageCounter = 0;
  /** How lifecycle policy previews behave: IN_PROGRESS for `delayMs` of emulator time; `fail` ends them FAILED. */
  readonly lifecyclePreviewSettings = { delayMs: 1000, fail: false };
  /** Registry scanning configuration by `account/region` (absent = BASIC without rules). */
  readonly registryScanning = new Map<string, RegistryScanningSeed>();
  /** How StartImageScan scans behave. */
  scans: ScanBehaviour = {};

  region(accountId: string, region: string, create = false): Map<string, RepoRecord> | undefined {
    let regions = this.accounts.get(accountId);
    if (!regions) {
      if (!create) return undefined;
      regions = new Map();
      this.accounts.set(accountId, regions);
    }
    let repos = regions.get(region);
    if (!repos && create) {
      repos = new Map();
      regions.set(region, repos);
    }
    return repos;
  }

  /** Registers an account (so cross-account calls to it are allowed) without repositories. */
  ensureAccount(accountId: string, region: string): void {
    this.region(accountId, region, true);
  }

  hasAccount(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  repo(accountId: string, region: string, name: string): RepoRecord | undefined {
    return this.region(accountId, region)?.get(name);
  }

  createRepo(
    accountId: string,
    region: string,
    name: string,
    opts: { tagMutability?: TagMutability; scanOnPush?: boolean; createdAt?: number },
    now: number,
  ): RepoRecord {
    const repos = this.region(accountId, region, true) as Map<string, RepoRecord>;
    const existing = repos.get(name);
    if (existing) return existing;
    const repo = new RepoRecord(accountId, region, name, opts.createdAt ?? now, opts.tagMutability ?? 'MUTABLE', opts.scanOnPush ?? false);
    repos.set(name, repo);
    return repo;
  }

  deleteRepo(accountId: string, region: string, name: string): boolean {
    return this.region(accountId, region)?.delete(name) ?? false;
  }

  /** Adds seeded images; a tag already present elsewhere moves to the new image. */
  seedImages(repo: RepoRecord, images: ImageSeed[], now: number): ImageRecord[] {
    const out: ImageRecord[] = [];
    for (const seed of images) {
      for (const rec of buildImage(repo, seed, now, this.imageCounter++)) {
        for (const t of rec.tags) repo.untag(t);
        const existing = repo.images.get(rec.digest);
        if (existing) {
          existing.tags = [...new Set([...existing.tags, ...rec.tags])];
          for (const t of rec.tags) repo.tags.set(t, rec.digest);
          out.push(existing);
        } else {
          repo.addImage(rec);
          out.push(rec);
        }
      }
    }
    return out;
  }

  /** `validateName: false` is test-only (hostile-input tests): it stores names real ECR would reject. */
  seedRepository(seed: RepositorySeed, defaults: { accountId: string; region: string }, now: number, validateName = true): RepoRecord {
    const accountId = seed.accountId ?? defaults.accountId;
    const region = seed.region ?? defaults.region;
    if (validateName && !REPO_NAME_RE.test(seed.name)) throw new Error(`invalid repository name: ${seed.name}`);
    const repo = this.createRepo(
      accountId,
      region,
      seed.name,
      { tagMutability: seed.tagMutability, scanOnPush: seed.scanOnPush, createdAt: toMillis(seed.createdAt, now) },
      now,
    );
    if (seed.tagMutabilityExclusionFilters) repo.mutabilityExclusions = [...seed.tagMutabilityExclusionFilters];
    if (seed.lifecyclePolicy !== undefined) repo.lifecyclePolicy = { text: seed.lifecyclePolicy };
    if (seed.repositoryPolicy !== undefined) repo.repositoryPolicy = seed.repositoryPolicy;
    if (seed.images) this.seedImages(repo, seed.images, now);
    return repo;
  }

  clear(): void {
    this.accounts.clear();
    Object.assign(this.lifecyclePreviewSettings, { delayMs: 1000, fail: false });
    this.registryScanning.clear();
  }
}
