// [pure] The repository a policy document names (src/policies/policyUri.ts), on the registry EcrService makes for
// it by the listing's rules (EcrService.registryAt), so a document talks to the endpoint and shows the host the
// tree does.
import type { EcrService } from '../aws/index';
import type { Repository } from '../model/types';
import type { PolicyLocation } from './policyUri';

/** undefined when the location's (profile, region) is not one the settings show. */
export async function policyRepository(
  ecr: Pick<EcrService, 'registryAt'>,
  loc: Omit<PolicyLocation, 'kind'>,
): Promise<Repository | undefined> {
  const registry = await ecr.registryAt(loc.profile, loc.region, loc.registryId);
  if (!registry) return undefined;
  return { kind: 'repository', parent: registry, name: loc.repository, uri: `${registry.host}/${loc.repository}` };
}
