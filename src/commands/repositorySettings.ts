// ECR: Repository Settings… — tag mutability (with exclusion filters), scan on push, encryption and creation time
// of a repository in a quick pick (src/policies/repositorySettingsPick.ts, in the lazily loaded policies bundle).
import type { PolicyHost } from '../policies/policyHost';
import type { ExplorerServices } from '../services/services';
import { repositoryArg } from '../tree/nodeArgs';

export async function repositorySettings(services: ExplorerServices, policies: PolicyHost, node?: unknown): Promise<boolean> {
  const repo = await repositoryArg(services, node);
  return repo ? policies.feature().repositorySettings(repo) : false;
}
