// Renewing an ECR login: a fresh token (bypassing the token cache), then the container CLI login in the login
// terminal, which records the new expiry. Used by the Renew Login command and the status bar's automatic renewal.
import * as vscode from 'vscode';
import { isEcrRegistry, type EcrRegistry, type LoginRecord } from '../model/types';
import type { Services } from '../services/services';
import { registryFromRecord } from '../token/loginRecords';
import { runLoginInTerminal } from './loginTerminal';

/**
 * Gets a fresh token (bypassing the token cache) and runs the container CLI login in a terminal; the login
 * terminal records the new expiry. Rejects when the token or the login fails (auto-renew relies on that).
 */
export async function renewRecord(
  services: Services,
  target: LoginRecord | EcrRegistry,
  options: { signal?: AbortSignal; reveal?: boolean } = {},
): Promise<void> {
  const { signal } = options;
  const registry = isEcrRegistry(target) ? target : registryFromRecord(target, services.settings().endpoint);
  if (!registry.id.startsWith('ecr:')) {
    throw new Error(vscode.l10n.t('Only ECR logins can be renewed automatically; log in to {0} again.', registry.host));
  }
  // A renewal logs in to the host of the recorded login and nowhere else: a token naming another host is refused.
  const pinnedHost = isEcrRegistry(target) ? undefined : target.host;
  const tokens = await services.ecr().getAuthorizationToken([registry], { force: true, signal, pinnedHost });
  const token = tokens.get(registry.id);
  if (!token) {
    throw new Error(vscode.l10n.t('ECR returned no authorization token for {0}.', registry.host));
  }
  const outcome = await runLoginInTerminal(services, registry, token, { signal, reveal: options.reveal });
  if (!outcome.ok) {
    throw (
      outcome.error ?? new Error(vscode.l10n.t('The container CLI login to {0} failed (exit code {1}).', registry.host, outcome.exitCode))
    );
  }
}
