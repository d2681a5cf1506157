// ECR: Stop Using Credential Helper — takes back exactly the `credHelpers` entries Use Credential Helper added.
// The work is in src/login/credHelperFlow.ts, in the bundle loaded on first use.
import { loadCredHelper } from '../login/credHelperLoad';
import type { StopResult } from '../login/credHelperSetup';
import type { Services } from '../services/services';

/** Resolves with each config file's outcome (for tests); undefined when nothing was chosen. */
export function stopCredentialHelper(services: Services, node?: unknown, nodes?: unknown): Promise<StopResult[] | undefined> {
  return loadCredHelper().stopCredentialHelper(services, node, nodes);
}
