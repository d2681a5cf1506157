// ECR: Log In to All Registries — every registry the tree knows, one after another in one login terminal.
import * as vscode from 'vscode';
import type { LoginOutcome } from '../login/loginTerminal';
import { knownRegistries, loginRegistries } from '../login/loginFlow';
import type { Services } from '../services/services';

export async function loginAll(services: Services): Promise<LoginOutcome[] | undefined> {
  const registries = await knownRegistries(services);
  if (!registries) return undefined;
  const outcomes = await loginRegistries(services, registries);
  services.log.info(`Log in to all: ${outcomes.filter((o) => o.ok).length} of ${registries.length} registries logged in`);
  if (outcomes.length > 1 && outcomes.every((o) => o.ok) && outcomes.length === registries.length) {
    void services.ui.info(vscode.l10n.t('Logged in to all {0} registries.', registries.length));
  }
  return outcomes;
}
