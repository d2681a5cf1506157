// ECR: Use Credential Helper… — switches ECR registries to the Amazon ECR credential helper (`credHelpers` in the
// container CLI's config). The work is in src/login/credHelperFlow.ts, in the bundle loaded on first use.
import { loadCredHelper } from '../login/credHelperLoad';
import type { UseResult } from '../login/credHelperSetup';
import type { Services } from '../services/services';

/** Resolves with what changed (for tests); undefined when nothing was chosen or the user stopped. */
export function useCredentialHelper(services: Services, node?: unknown, nodes?: unknown): Promise<UseResult | undefined> {
  return loadCredHelper().useCredentialHelper(services, node, nodes);
}
