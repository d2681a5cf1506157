// Recognises Amazon ECR registry host names: private registries in every partition (IPv4, FIPS, dual-stack and
// FIPS + dual-stack forms) and ECR Public. The host forms follow src/aws/mapping.ts (registryHost), which builds them.

export interface EcrPrivateHost {
  readonly kind: 'private';
  /** The 12-digit account id that owns the registry. */
  readonly registryId: string;
  readonly region: string;
  readonly fips: boolean;
  readonly dualStack: boolean;
}

export interface EcrPublicHost {
  readonly kind: 'public';
}

export type EcrHost = EcrPrivateHost | EcrPublicHost;

/** DNS suffixes of the IPv4 registry hosts, one per partition. */
const IPV4_SUFFIXES = [
  'amazonaws.com',
  'amazonaws.com.cn',
  'sc2s.sgov.gov',
  'c2s.ic.gov',
  'csp.hci.ic.gov',
  'cloud.adc-e.uk',
  'amazonaws.eu',
];
/** DNS suffixes of the dual-stack registry hosts (aws partition, and China's). */
const DUAL_STACK_SUFFIXES = ['on.aws', 'on.amazonwebservices.com.cn'];

const REGION = '[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}';
const escape = (s: string): string => s.replace(/\./g, '\\.');
const PRIVATE_RE = new RegExp(
  `^([0-9]{12})\\.(?:dkr\\.ecr(-fips)?\\.(${REGION})\\.(?:${IPV4_SUFFIXES.map(escape).join('|')})` +
    `|dkr-ecr(-fips)?\\.(${REGION})\\.(?:${DUAL_STACK_SUFFIXES.map(escape).join('|')}))$`,
);

export const ECR_PUBLIC_HOST = 'public.ecr.aws';

/** The ECR registry a host names, or undefined for any other host (which is never contacted). Case-insensitive. */
export function parseEcrHost(host: string): EcrHost | undefined {
  if (host.length > 253) return undefined;
  const h = host.toLowerCase();
  if (h === ECR_PUBLIC_HOST) return { kind: 'public' };
  const m = PRIVATE_RE.exec(h);
  if (!m) return undefined;
  const dualStack = m[5] !== undefined;
  return {
    kind: 'private',
    registryId: m[1]!,
    region: (dualStack ? m[5] : m[3])!,
    fips: (dualStack ? m[4] : m[2]) !== undefined,
    dualStack,
  };
}

/** Cheap pre-filter: could this text contain an ECR host at all? (Scanners skip whole files that cannot.) */
export function mayContainEcrHost(text: string): boolean {
  return /dkr[.-]ecr|public\.ecr\.aws/i.test(text);
}
