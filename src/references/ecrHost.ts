// Recognises Amazon ECR registry host names: private registries in every partition (IPv4, FIPS, dual-stack and
// FIPS + dual-stack forms, exactly those src/aws/ecrHosts.ts builds) and ECR Public.
import { parseRegistryHost } from '../aws/ecrHosts';

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

export const ECR_PUBLIC_HOST = 'public.ecr.aws';

/** The ECR registry a host names, or undefined for any other host (which is never contacted). Case-insensitive. */
export function parseEcrHost(host: string): EcrHost | undefined {
  if (host.toLowerCase() === ECR_PUBLIC_HOST) return { kind: 'public' };
  const parts = parseRegistryHost(host);
  return parts && { kind: 'private', ...parts };
}

/** Cheap pre-filter: could this text contain an ECR host at all? (Scanners skip whole files that cannot.) */
export function mayContainEcrHost(text: string): boolean {
  return /dkr[.-]ecr|public\.ecr\.aws/i.test(text);
}
