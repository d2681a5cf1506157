import { isRegionName } from '../aws/ecrHosts';
import type { Repository } from '../model/types';

// The documents of the policy file system: `ecr-explorer:/<profile>/<region>/<registryId>/<repository>/<file>`,
// e.g. ecr-explorer:/prod/eu-west-1/123456789012/team/api/lifecycle-policy.json. Pure: works on the URI's path.

export const POLICY_SCHEME = 'ecr-explorer';

export type PolicyKind = 'lifecycle' | 'repository';

export const POLICY_FILES: Readonly<Record<PolicyKind, string>> = {
  lifecycle: 'lifecycle-policy.json',
  repository: 'repository-policy.json',
};

export interface PolicyLocation {
  /** undefined = the default credential chain. */
  profile?: string;
  region: string;
  registryId: string;
  repository: string;
  kind: PolicyKind;
}

// The default chain has no profile name; '-' stands for it, and a profile literally named '-' is escaped.
const DEFAULT_PROFILE = '-';
const REPOSITORY_RE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

// Segments are escaped with encodeURIComponent inside the path string itself; vscode.Uri.from({ path }) keeps that
// string as is (uri.path gives it back), so any profile name round-trips, '/' included.
const encodeSegment = (s: string): string => (s === DEFAULT_PROFILE ? '%2D' : encodeURIComponent(s));

/** The URI path of a policy document (always starts with '/'), for vscode.Uri.from({ scheme, path }). */
export function formatPolicyPath(loc: PolicyLocation): string {
  const profile = loc.profile === undefined ? DEFAULT_PROFILE : encodeSegment(loc.profile);
  return `/${profile}/${encodeURIComponent(loc.region)}/${encodeURIComponent(loc.registryId)}/${loc.repository}/${POLICY_FILES[loc.kind]}`;
}

/** Parses a URI path (vscode.Uri#path); undefined when it names no policy document. */
export function parsePolicyPath(path: string): PolicyLocation | undefined {
  const parts = path.split('/');
  if (parts[0] !== '' || parts.length < 6) return undefined;
  const file = parts[parts.length - 1];
  const kind = (Object.keys(POLICY_FILES) as PolicyKind[]).find((k) => POLICY_FILES[k] === file);
  if (!kind) return undefined;
  let profile: string | undefined;
  let region: string;
  let registryId: string;
  try {
    profile = parts[1] === DEFAULT_PROFILE ? undefined : decodeURIComponent(parts[1] ?? '');
    region = decodeURIComponent(parts[2] ?? '');
    registryId = decodeURIComponent(parts[3] ?? '');
  } catch {
    return undefined;
  }
  const repository = parts.slice(4, -1).join('/');
  if (profile === '' || !isRegionName(region) || !/^\d{12}$/.test(registryId) || !REPOSITORY_RE.test(repository)) return undefined;
  return { ...(profile !== undefined ? { profile } : {}), region, registryId, repository, kind };
}

/** A key that is equal for the same repository (whatever the policy kind). */
export function repositoryKey(loc: Omit<PolicyLocation, 'kind'>): string {
  return JSON.stringify([loc.profile ?? null, loc.region, loc.registryId, loc.repository]);
}

/** Scheme of the resourceUri on image rows; the preview's FileDecorationProvider marks them by it. */
export const IMAGE_MARK_SCHEME = 'ecr-explorer-image';

/** Path of an image row's resourceUri: the repository key and the digest, both escaped. */
export function imageMarkPath(repoKey: string, digest: string): string {
  return `/${encodeURIComponent(repoKey)}/${encodeURIComponent(digest)}`;
}

export function parseImageMarkPath(path: string): { repoKey: string; digest: string } | undefined {
  const m = /^\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  try {
    return { repoKey: decodeURIComponent(m[1] as string), digest: decodeURIComponent(m[2] as string) };
  } catch {
    return undefined;
  }
}

/** The policy location of an ECR repository (undefined for other registries). */
export function policyLocationOf(repo: Repository, kind: PolicyKind): PolicyLocation | undefined {
  const registry = repo.parent;
  if (registry.type !== 'ecr') return undefined;
  return {
    ...(registry.source.profile !== undefined ? { profile: registry.source.profile } : {}),
    region: registry.source.region,
    registryId: registry.registryId,
    repository: repo.name,
    kind,
  };
}

/** The resourceUri path of an ECR image row (undefined for other registries). */
export function imageMarkPathOf(repo: Repository, digest: string): string | undefined {
  const loc = policyLocationOf(repo, 'lifecycle');
  return loc ? imageMarkPath(repositoryKey(loc), digest) : undefined;
}
