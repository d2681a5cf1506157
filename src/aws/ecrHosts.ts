// The one table of Amazon ECR private registry host names and region names: src/aws/mapping.ts builds and checks
// registry hosts with it, src/references/ecrHost.ts recognises them in workspace files, src/policies/policyUri.ts
// checks the region of policy documents. No imports: the main bundle and the lazy bundles may all load it.

/**
 * A region name: a two- to four-letter prefix (`us`, `cn`, `eusc` for the AWS European Sovereign Cloud), words,
 * then a one- or two-digit number: `eu-west-1`, `us-isob-east-1`, `eusc-de-east-1`. Unanchored, for building
 * other patterns; it contains no dot.
 */
const REGION_SOURCE = '[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}';

const REGION_RE = new RegExp(`^${REGION_SOURCE}$`);

/** Whether `region` is shaped like an AWS region name (lower case, nothing around it). */
export function isRegionName(region: string): boolean {
  return REGION_RE.test(region);
}

interface EcrPartition {
  /** DNS suffix of the IPv4 (and FIPS) registry hosts. */
  readonly suffix: string;
  /** DNS suffix of the dual-stack registry hosts; undefined where the partition has none. */
  readonly dualStackSuffix?: string;
}

/**
 * Partitions other than aws, chosen by region prefix (first match wins). Per the ECR endpoint tables:
 * `<id>.dkr.ecr.<region>.<suffix>` (IPv4), `<id>.dkr.ecr-fips.<region>.<suffix>` (FIPS); dual-stack registry hosts
 * (`<id>.dkr-ecr[-fips].<region>.on.aws`) are documented for the aws partition only.
 */
const PARTITIONS: ReadonlyArray<readonly [regionPrefix: string, partition: EcrPartition]> = [
  ['cn-', { suffix: 'amazonaws.com.cn' }],
  ['us-isob-', { suffix: 'sc2s.sgov.gov' }],
  ['us-isof-', { suffix: 'csp.hci.ic.gov' }],
  ['us-iso-', { suffix: 'c2s.ic.gov' }],
  ['eu-isoe-', { suffix: 'cloud.adc-e.uk' }],
  ['eusc-', { suffix: 'amazonaws.eu' }],
];

/** The aws partition: every region no prefix above claims (GovCloud included). */
const AWS_PARTITION: EcrPartition = { suffix: 'amazonaws.com', dualStackSuffix: 'on.aws' };

/** The partition of a region, by its prefix. */
function partitionOf(region: string): EcrPartition {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? AWS_PARTITION;
}

export interface RegistryHostOptions {
  fips?: boolean;
  dualStack?: boolean;
}

/**
 * The registry host clients log in to, partition-aware: `<id>.dkr.ecr.<region>.amazonaws.com` (IPv4),
 * `<id>.dkr.ecr-fips.<region>.amazonaws.com` (FIPS), `<id>.dkr-ecr.<region>.on.aws` (dual-stack),
 * `<id>.dkr-ecr-fips.<region>.on.aws` (FIPS + dual-stack); other partitions use their own suffix, and keep their
 * IPv4 host when dual-stack is asked for, since they have no dual-stack registry host. With an endpoint override the
 * host comes from the token's proxyEndpoint instead.
 */
export function registryHost(registryId: string, region: string, opts: RegistryHostOptions = {}): string {
  const partition = partitionOf(region);
  if (opts.dualStack && partition.dualStackSuffix !== undefined) {
    return `${registryId}.${opts.fips ? 'dkr-ecr-fips' : 'dkr-ecr'}.${region}.${partition.dualStackSuffix}`;
  }
  return `${registryId}.${opts.fips ? 'dkr.ecr-fips' : 'dkr.ecr'}.${region}.${partition.suffix}`;
}

export interface RegistryHostParts {
  /** The 12-digit account id that owns the registry. */
  readonly registryId: string;
  readonly region: string;
  readonly fips: boolean;
  readonly dualStack: boolean;
}

const HOST_RE = new RegExp(`^([0-9]{12})\\.(dkr\\.ecr|dkr-ecr)(-fips)?\\.(${REGION_SOURCE})\\.([a-z0-9.-]+)$`);

/**
 * The account, region and flags of a registry host, or undefined unless `host` is exactly one that
 * {@link registryHost} builds (the suffix is the region's own partition's; dual-stack only where it exists).
 * Case-insensitive; no port.
 */
export function parseRegistryHost(host: string): RegistryHostParts | undefined {
  if (host.length > 253) return undefined;
  const m = HOST_RE.exec(host.toLowerCase());
  if (!m) return undefined;
  const region = m[4]!;
  const partition = partitionOf(region);
  const dualStack = m[2] === 'dkr-ecr';
  if (m[5] !== (dualStack ? partition.dualStackSuffix : partition.suffix)) return undefined;
  return { registryId: m[1]!, region, fips: m[3] !== undefined, dualStack };
}
