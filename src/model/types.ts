// Plain data for everything the tree shows: each node has a `kind` discriminator and a parent link.
// No behaviour, no vscode types: the tree maps these to TreeItems in exactly one place.
import type { Message } from './message';

/** Where a registry's data comes from and how it authenticates. */
export interface RegistrySource {
  /** AWS profile name; undefined = the default credential chain. */
  profile?: string;
  /** AWS region, e.g. "us-east-1". */
  region: string;
  /** ECR API endpoint override (setting or AWS_ENDPOINT_URL_ECR); undefined = AWS. */
  endpoint?: string;
}

export interface EcrRegistry {
  kind: 'registry';
  type: 'ecr';
  /** Stable id: `ecr:<profile|default>:<region>:<registryId>`. */
  id: string;
  registryId: string;
  /** Account alias when known (not fetched by default). */
  alias?: string;
  source: RegistrySource;
  /** Host name clients log in to, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com. */
  host: string;
  /** `https://<host>`. */
  uri: string;
  /** True when this registry is the caller's own (DescribeRegistry), false when configured cross-account. */
  own: boolean;
  parent?: undefined;
}

export interface GenericRegistry {
  kind: 'registry';
  type: 'generic';
  /** Stable id: `generic:<url>`. */
  id: string;
  /** Base URL of the Registry HTTP API v2, e.g. https://registry.example.com or http://127.0.0.1:5000. */
  url: string;
  host: string;
  username?: string;
  parent?: undefined;
}

export type Registry = EcrRegistry | GenericRegistry;

export interface Repository {
  kind: 'repository';
  parent: Registry;
  /** e.g. "team/app". */
  name: string;
  /** `<host>/<name>`. */
  uri: string;
  arn?: string;
  createdAt?: Date;
  tagMutability?: 'MUTABLE' | 'IMMUTABLE' | string;
  /** WILDCARD filters of the MUTABLE_WITH_EXCLUSION / IMMUTABLE_WITH_EXCLUSION settings. */
  mutabilityExclusions?: string[];
  scanOnPush?: boolean;
  encryptionType?: string;
}

/** The severity of a scan finding; its order and helpers: model/severity.ts. */
export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNDEFINED';

/** Finding counts per severity; absent severities are 0. */
export type SeverityCounts = Partial<Record<Severity, number>>;

export interface ScanSummary {
  /** e.g. COMPLETE, IN_PROGRESS, FAILED, UNSUPPORTED_IMAGE, ACTIVE... */
  status?: string;
  /** Finding counts per severity; absent severities are 0. */
  counts: SeverityCounts;
  /** When the scan completed (imageScanFindingsSummary.imageScanCompletedAt). */
  completedAt?: Date;
}

/** One image (digest); the tree shows one row per tag and one row for an untagged image. */
export interface Image {
  kind: 'image';
  parent: Repository;
  digest: string;
  /** All tags on this digest; empty for an untagged image. */
  tags: string[];
  sizeBytes?: number;
  pushedAt?: Date;
  lastPulledAt?: Date;
  /** imageManifestMediaType, e.g. application/vnd.oci.image.index.v1+json (multi-arch). */
  mediaType?: string;
  artifactMediaType?: string;
  scan?: ScanSummary;
}

/** A tree row for one tag of an image (or the untagged image when tag is undefined). */
export interface Tag {
  kind: 'tag';
  parent: Repository;
  image: Image;
  tag?: string;
  /** Shown while the repository's later pages still load: its position says nothing about the order yet. */
  provisional?: boolean;
}

export interface Platform {
  kind: 'platform';
  parent: Tag;
  os: string;
  architecture: string;
  variant?: string;
  digest: string;
  /** The platform image's size (DescribeImages lists each platform manifest as an untagged image), when known. */
  sizeBytes?: number;
  /** Size of the platform manifest document itself (from the index), not of the image. */
  manifestSizeBytes?: number;
  mediaType?: string;
}

/**
 * The collapsible "Untagged (N)" row at the end of a repository's tags; its children are the untagged images
 * (Tag rows with tag undefined) that are not platform manifests of a multi-arch image in the same listing.
 */
export interface UntaggedGroup {
  kind: 'untaggedGroup';
  parent: Repository;
  /** Untagged images shown under it (platform manifests of known indexes excluded). */
  count: number;
}

export interface LoadMore {
  kind: 'loadMore';
  parent: Registry | Repository;
  /** How many rows are shown already. */
  shown: number;
  /** A repository's images stopped at the cap: the row loads all of them. */
  all?: boolean;
}

export type ProblemCode =
  | 'noCredentials'
  | 'expiredCredentials'
  | 'accessDenied'
  | 'notFound'
  | 'throttled'
  | 'unreachable'
  /** The server answered with a 5xx even after retries. */
  | 'serverError'
  | 'timeout'
  | 'badResponse'
  | 'unauthorized'
  | 'cancelled'
  | 'unknown';

/** An actionable failure, rendered as a tree row and used for messages. */
export interface ProblemInfo {
  code: ProblemCode;
  /** What happened (a structured message; no secrets, untrusted arguments already sanitised). */
  message: Message;
  /** A suggested next step, e.g. "Run `aws sso login --profile dev`". */
  action?: Message;
  /** Machine-readable action the UI can offer as a button/command. */
  actionId?: 'login' | 'chooseProfile' | 'ssoLogin' | 'openSettings' | 'showLog' | 'retry';
  /** Profile involved (for SSO login etc). */
  profile?: string;
  /** IAM action that was denied, e.g. ecr:DescribeImages. */
  iamAction?: string;
  /** Region involved, so problems of the same profile in several regions are distinguishable. */
  region?: string;
}

export interface Problem {
  kind: 'problem';
  parent?: Registry | Repository | Tag;
  problem: ProblemInfo;
}

export interface Placeholder {
  kind: 'placeholder';
  parent?: Registry | Repository | Tag | UntaggedGroup;
  message: string;
}

export type Node = Registry | Repository | Tag | Platform | UntaggedGroup | LoadMore | Problem | Placeholder;

/** An ECR registry node (any value: command arguments are untyped). */
export function isEcrRegistry(value: unknown): value is EcrRegistry {
  const o = value as Partial<EcrRegistry> | undefined;
  return !!o && typeof o === 'object' && o.kind === 'registry' && o.type === 'ecr' && typeof o.registryId === 'string';
}

export const isRepository = (n: Node | undefined): n is Repository => n?.kind === 'repository';

/** Decoded GetAuthorizationToken result. The password must never be logged or persisted outside SecretStorage. */
export interface AuthToken {
  username: string;
  password: string;
  /** The raw base64(`AWS:<password>`) value, usable as HTTP Basic credentials. */
  authorizationToken: string;
  /** e.g. https://123456789012.dkr.ecr.us-east-1.amazonaws.com */
  proxyEndpoint: string;
  expiresAt: Date;
}

/** What is recorded (no secret) after a successful login, for the status bar. */
export interface LoginRecord {
  registryId: string;
  /** Registry stable id (Registry.id). */
  key: string;
  host: string;
  profile?: string;
  region?: string;
  /** ms since epoch. */
  expiresAt: number;
  loggedInAt: number;
  cli: string;
}
