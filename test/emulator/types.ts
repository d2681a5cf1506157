// Public types of the ECR emulator: options, seeding specs, faults.

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNDEFINED';

export interface EmulatorOptions {
  /** Port on 127.0.0.1; default 0 (a free one). */
  port?: number;
  /** Account used when a request names none (no header, unknown access key). Default 123456789012. */
  defaultAccountId?: string;
  /** Region used when the request has no SigV4 credential scope. Default us-east-1. */
  defaultRegion?: string;
  /** Access key id → account id (e.g. one key per profile in a demo ~/.aws/credentials). */
  accessKeys?: Record<string, string>;
  /** Token lifetime in ms (GetAuthorizationToken expiresAt = now + lifetime). Default 12 h. */
  tokenLifetimeMs?: number;
  /** proxyEndpoint returned by GetAuthorizationToken; default the emulator's own http://127.0.0.1:PORT. */
  proxyEndpoint?: string;
  /** Seed applied on start: 'demo' or a spec. */
  seed?: 'demo' | SeedSpec;
  /** Clock (ms since epoch); tests may freeze or advance it. Default Date.now. */
  now?: () => number;
  /** StartImageScan behaviour (scan duration, outcome). */
  scans?: ScanBehaviour;
}

/** Where a repository lives. Both default to the emulator's defaults. */
export interface Location {
  accountId?: string;
  region?: string;
}

export interface PlatformSeed {
  os: string;
  architecture: string;
  variant?: string;
  /** Size of this platform's image (config + layers); default derived from the parent's size. */
  sizeBytes?: number;
}

export interface ScanSeed {
  /** imageScanStatus.status; default COMPLETE. */
  status?:
    | 'COMPLETE'
    | 'IN_PROGRESS'
    | 'FAILED'
    | 'UNSUPPORTED_IMAGE'
    | 'ACTIVE'
    | 'PENDING'
    | 'SCAN_ELIGIBILITY_EXPIRED'
    | 'FINDINGS_UNAVAILABLE';
  /** Finding counts per severity (only non-zero are reported, like ECR); findings are generated from them. */
  findings?: Partial<Record<Severity, number>>;
  /** Finding shape served by DescribeImageScanFindings: basic `findings` (default) or enhanced `enhancedFindings`. */
  type?: 'BASIC' | 'ENHANCED';
  /** Exact findings to serve (raw API JSON of the chosen shape, e.g. hostile text); replaces the generated ones. */
  details?: Array<Record<string, unknown>>;
}

/** The registry scanning configuration (GetRegistryScanningConfiguration) of one account and region. */
export interface RegistryScanningSeed extends Location {
  scanType: 'BASIC' | 'ENHANCED';
  rules?: Array<{
    scanFrequency: 'SCAN_ON_PUSH' | 'CONTINUOUS_SCAN' | 'MANUAL';
    repositoryFilters: Array<{ filter: string; filterType?: 'WILDCARD' }>;
  }>;
}

/** How scans started with StartImageScan behave. */
export interface ScanBehaviour {
  /** IN_PROGRESS for this long after StartImageScan, then the outcome. Default 3000 ms. */
  durationMs?: number;
  /** Status once the scan is over; default COMPLETE. */
  outcome?: 'COMPLETE' | 'FAILED' | 'UNSUPPORTED_IMAGE';
}

export interface ImageSeed {
  /** Tags; empty or absent = an untagged image. */
  tags?: string[];
  /** sha256:<64 hex>; default = sha256 of the generated manifest (like a real push). */
  digest?: string;
  /** imageSizeInBytes; default ~ 30 MB derived from the digest. */
  sizeBytes?: number;
  /** Date, ms since epoch, or ISO string; default now. */
  pushedAt?: Date | number | string;
  lastRecordedPullTime?: Date | number | string;
  /**
   * imageManifestMediaType; default OCI manifest, or OCI index when `platforms` is given
   * (use application/vnd.docker.distribution.manifest.list.v2+json for a Docker manifest list).
   */
  mediaType?: string;
  /** artifactMediaType; default the config media type for images, absent for indexes. */
  artifactMediaType?: string;
  /**
   * Multi-arch: one child manifest per platform, referenced by the index/list. Like real ECR, each child is
   * also listed by DescribeImages as an untagged image.
   */
  platforms?: PlatformSeed[];
  scan?: ScanSeed;
}

export type TagMutability = 'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION';

export interface RepositorySeed extends Location {
  /** e.g. "team/api". */
  name: string;
  tagMutability?: TagMutability;
  /** WILDCARD filters for the *_WITH_EXCLUSION settings, e.g. ["dev-*"]. */
  tagMutabilityExclusionFilters?: string[];
  /** Lifecycle policy text stored as is (not validated: seeds may hold what ECR would now refuse). */
  lifecyclePolicy?: string;
  /** Repository policy text stored as is. */
  repositoryPolicy?: string;
  scanOnPush?: boolean;
  createdAt?: Date | number | string;
  images?: ImageSeed[];
}

export interface SeedSpec {
  repositories: RepositorySeed[];
  /** Registry scanning configurations (default: BASIC without rules everywhere). */
  registryScanning?: RegistryScanningSeed[];
}

export interface ScaleSpec extends Location {
  /** Create this many repositories (names `<prefix>-00001`…). */
  repositories?: number;
  /** Repository name prefix; default "scale/repo". */
  prefix?: string;
  /** Put this many images into `repository` (created if missing). */
  images?: number;
  repository?: string;
  /**
   * Push order of those images: `listed` (default) pushes them in the order DescribeImages lists them (oldest
   * first); `scrambled` gives each a push time unrelated to its position, as real repositories do.
   */
  pushOrder?: 'listed' | 'scrambled';
}

export type FaultKind =
  | 'throttle' // 400 ThrottlingException (the SDK retries it)
  | 'serverError' // 500 ServerException
  | 'html502' // 502 with an HTML page (a proxy in the way)
  | 'malformedJson' // 200 with JSON cut in half
  | 'truncated' // 200 whose body ends before Content-Length (connection closed)
  | 'latency' // delay `ms`, then answer normally
  | 'drop' // connection destroyed without any response
  | 'repeatNextToken' // paging answers with the nextToken it was given (a never-ending pager)
  | 'huge' // a valid answer padded to `bytes` (default 10 MB)
  | 'accessDenied' // 400 AccessDeniedException naming the IAM action
  | 'expiredToken'; // 400 ExpiredTokenException

export interface FaultSpec {
  /**
   * X-Amz-Target operation (e.g. "DescribeImages"), "*" for every ECR operation, or a Registry v2 operation:
   * "v2.ping", "v2.catalog", "v2.tags", "v2.manifest", "v2.blob", "v2.upload" (blob uploads), "v2.*".
   */
  operation: string;
  kind: FaultKind;
  /** How many requests are affected; default unlimited until clearFaults(). */
  times?: number;
  /** Let this many matching requests through first (e.g. 1: the first page works, the next ones fail). */
  after?: number;
  /** latency: delay in ms (default 1000). */
  ms?: number;
  /** huge: response size in bytes (default 10 MiB). */
  bytes?: number;
  /**
   * Only requests for this registry/account are affected (ECR API: the registryId in the request, else the caller's
   * account; v2: the account the password was issued for), so one registry can fail while another works.
   */
  accountId?: string;
}

export interface EmulatorSummary {
  url: string;
  accounts: Array<{ accountId: string; regions: Array<{ region: string; repositories: number; images: number }> }>;
}
